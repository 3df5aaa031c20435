import { isoTimeSchema, unitIdSchema } from './shared-defs.ts';

/** A station device's heartbeat: lets the center see who has gone quiet (透彻感知). */
export const heartbeatSchema = {
  title: 'heartbeat',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'unitId', 'deviceId', 'deviceTime', 'pendingOutbound', 'appVersion'],
  properties: {
    /** `${unitId}:${deviceId}`: one document per device, overwritten in place. */
    id: { type: 'string', minLength: 3, maxLength: 160 },
    unitId: unitIdSchema,
    deviceId: { type: 'string', minLength: 1, maxLength: 80 },
    deviceTime: isoTimeSchema,
    lastSyncAt: { type: ['string', 'null'], maxLength: 40 },
    pendingOutbound: { type: 'integer', minimum: 0 },
    appVersion: { type: 'string', minLength: 1, maxLength: 40 },
    /** Set by the gateway when it stores the heartbeat (hub time, ms). */
    receivedAt: { type: 'number' },
  },
} as const;
