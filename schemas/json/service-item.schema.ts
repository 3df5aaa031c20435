import { bilingualTextSchema, tierSchema } from './shared-defs.ts';

/** An item of the service catalog (政务服务事项), edited at the city, read-only below. */
export const serviceItemSchema = {
  title: 'service item',
  version: 0,
  primaryKey: 'code',
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'category', 'decisionTier', 'acceptTiers', 'materials', 'legalDays', 'promisedDays', 'kind', 'feeYuan', 'guide', 'modes'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Z0-9-]+$' },
    name: bilingualTextSchema,
    /** Pinyin initials of the Chinese name, for search on a keyboard without an IME. */
    pinyinInitials: { type: 'string', maxLength: 40 },
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
