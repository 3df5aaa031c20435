import { bilingualTextSchema, tierSchema, unitIdSchema } from './shared-defs.ts';

/** A unit of the network (单位/网点): the city center, a street hall or a community station. */
export const unitSchema = {
  title: 'unit',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'tier', 'parentId', 'calendarId'],
  properties: {
    id: unitIdSchema,
    name: bilingualTextSchema,
    tier: tierSchema,
    /** null only for the city center: every other unit has exactly one parent (层级清晰). */
    parentId: { type: ['string', 'null'], maxLength: 64 },
    /** Which working-day calendar the unit's deadlines count in. */
    calendarId: { type: 'string', minLength: 1, maxLength: 32 },
    address: { type: 'string', maxLength: 200 },
    phone: { type: 'string', maxLength: 32 },
  },
} as const;
