import { bilingualTextSchema, tierSchema, unitIdSchema } from './shared-defs.ts';

/**
 * A unit of the network (单位/网点): the city center, a street hall or a community station.
 * Version 1 added `closed`; stored units carry over unchanged.
 */
export const unitSchema = {
  title: 'unit',
  version: 1,
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
    /**
     * Set when the city closes the unit (撤销): hub time (ms) and why. A closed unit stays in the
     * tree, since cases name it, but nothing new goes under it and its accounts are disabled.
     */
    closed: {
      type: 'object',
      additionalProperties: false,
      required: ['at', 'note'],
      properties: {
        at: { type: 'integer', minimum: 0 },
        note: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
  },
} as const;
