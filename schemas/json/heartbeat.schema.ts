import { isoTimeSchema, unitIdSchema } from './shared-defs.ts';

/**
 * The ids devices give themselves: a browser profile's `web-` and 16 hex digits
 * (client/src/data/session-store.ts), or `dev-` and a short lower-case name for the stations of
 * tests and tools. Nothing else, so that a made-up id is refused before it is stored.
 */
export const DEVICE_ID_PATTERN = '^(web-[0-9a-f]{16}|dev-[a-z0-9][a-z0-9-]{0,59})$';

/**
 * A station device's heartbeat: lets the center see who has gone quiet (透彻感知).
 * Version 1 added the device id pattern; stored heartbeats carry over unchanged.
 */
export const heartbeatSchema = {
  title: 'heartbeat',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'unitId', 'deviceId', 'deviceTime', 'pendingOutbound', 'appVersion'],
  properties: {
    /** `${unitId}:${deviceId}`: one document per device, overwritten in place. */
    id: { type: 'string', minLength: 3, maxLength: 160 },
    unitId: unitIdSchema,
    deviceId: { type: 'string', minLength: 1, maxLength: 64, pattern: DEVICE_ID_PATTERN },
    deviceTime: isoTimeSchema,
    lastSyncAt: { type: ['string', 'null'], maxLength: 40 },
    pendingOutbound: { type: 'integer', minimum: 0 },
    appVersion: { type: 'string', minLength: 1, maxLength: 40 },
    /** Set by the gateway when it stores the heartbeat (hub time, ms). */
    receivedAt: { type: 'number' },
  },
} as const;
