import { bilingualTextSchema, tierSchema } from './shared-defs.ts';

/** An item of the service catalog (政务服务事项), edited at the city, read-only below. */
export const serviceItemSchema = {
  title: 'service item',
  // 1: keywords and common short names, with their pinyin initials.
  version: 1,
  primaryKey: 'code',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'category', 'decisionTier', 'acceptTiers', 'materials', 'legalDays', 'promisedDays', 'kind', 'feeYuan', 'guide', 'modes'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Z0-9-]+$' },
    name: bilingualTextSchema,
    /** Pinyin initials of the Chinese name, for search on a keyboard without an IME. */
    pinyinInitials: { type: 'string', maxLength: 40 },
    /**
     * Keywords and common short names people ask for the item by (低保, 社保卡), each with the pinyin
     * initials of its text (db, sbk). Initials are computed where items are made
     * (`server/services/item-search-terms.ts`), never on a device.
     */
    keywords: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text', 'initials'],
        properties: {
          text: { type: 'string', minLength: 1, maxLength: 30 },
          initials: { type: 'string', maxLength: 30, pattern: '^[a-z0-9]*$' },
        },
      },
    },
    category: bilingualTextSchema,
    decisionTier: tierSchema,
    acceptTiers: { type: 'array', minItems: 1, uniqueItems: true, items: tierSchema },
    materials: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'originals', 'copies'],
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 40 },
          name: bilingualTextSchema,
          originals: { type: 'integer', minimum: 0, maximum: 20 },
          copies: { type: 'integer', minimum: 0, maximum: 20 },
        },
      },
    },
    legalDays: { type: 'integer', minimum: 0, maximum: 365 },
    promisedDays: { type: 'integer', minimum: 0, maximum: 365 },
    kind: { type: 'string', enum: ['instant', 'commitment'] },
    feeYuan: { type: 'number', minimum: 0 },
    guide: bilingualTextSchema,
    modes: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', enum: ['appointment', 'door_to_door', 'extended_hours', 'green_channel'] },
    },
  },
} as const;
