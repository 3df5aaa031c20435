import { unitIdSchema } from './shared-defs.ts';

/**
 * The hours of one local day (UTC+8) in which a unit was heard from (a heartbeat reached the
 * gateway): what station availability (the share of working hours with a heartbeat) is counted
 * from. Heartbeats keep only each device's latest; this keeps the hours, one document per unit and
 * day. Written by the gateway (the hour added the first time it hears the unit in it), never by a
 * station.
 */
export const presenceDaySchema = {
  title: 'presence day',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'unitId', 'day', 'hours'],
  properties: {
    /** `<unitId>:<day>`. */
    id: { type: 'string', minLength: 12, maxLength: 80, pattern: '^[a-z0-9][a-z0-9-]*:\\d{4}-\\d{2}-\\d{2}$' },
    unitId: unitIdSchema,
    /** The local day, 'YYYY-MM-DD'. */
    day: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 },
    /** The local hours of the day (0-23) the unit was heard in, ascending, each once. */
    hours: { type: 'array', maxItems: 24, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 23, multipleOf: 1 } },
  },
} as const;
