import { isoTimeSchema, tierSchema, unitIdSchema } from './shared-defs.ts';

export const CASE_EVENT_TYPES = [
  'accept',
  'forward',
  'request_supplement',
  'supplement',
  'suspend',
  'resume',
  'approve',
  'refuse',
  'withdraw',
  'pickup',
  'rate',
  'urge',
  'supervise',
] as const;

export const CASE_STATUSES = [
  'accepted',
  'handling',
  'supplement_requested',
  'suspended',
  'approved',
  'refused',
  'withdrawn',
  'delivered',
] as const;

/** The catalog item as it stood when the case was accepted: the rules of that moment bind the case. */
const itemSnapshotSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'kind', 'decisionTier', 'promisedDays', 'legalDays'],
  properties: {
    code: { type: 'string', minLength: 1, maxLength: 40 },
    kind: { type: 'string', enum: ['instant', 'commitment'] },
    decisionTier: tierSchema,
    promisedDays: { type: 'integer', minimum: 0, maximum: 365 },
    legalDays: { type: 'integer', minimum: 0, maximum: 365 },
  },
} as const;

const applicantSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'idNumber', 'phone'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 60 },
    idNumber: { type: 'string', minLength: 15, maxLength: 18, pattern: '^[0-9]{17}[0-9X]$|^[0-9]{15}$' },
    phone: { type: 'string', minLength: 5, maxLength: 20, pattern: '^[0-9+\\- ]+$' },
  },
} as const;

const materialIdsSchema = {
  type: 'array',
  maxItems: 50,
  items: { type: 'string', minLength: 1, maxLength: 40 },
} as const;

/**
 * One step of a case. Events are immutable once written; which fields of `data` a type needs is
 * checked by the pure rules (`validateEventData`), which give a clearer error than a schema would.
 */
export const caseEventSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'unitId', 'workerId', 'deviceId', 'deviceTime', 'hlc', 'data'],
  properties: {
    id: { type: 'string', minLength: 8, maxLength: 80, pattern: '^[A-Za-z0-9:_-]+$' },
    type: { type: 'string', enum: CASE_EVENT_TYPES },
    unitId: unitIdSchema,
    workerId: { type: 'string', minLength: 1, maxLength: 64 },
    deviceId: { type: 'string', minLength: 1, maxLength: 80 },
    deviceTime: isoTimeSchema,
    /** Hybrid logical clock stamp: orders events across devices whose clocks disagree. */
    hlc: { type: 'string', minLength: 23, maxLength: 120 },
    data: {
      type: 'object',
      additionalProperties: false,
      properties: {
        caseNumber: { type: 'string', minLength: 6, maxLength: 40 },
        queryCode: { type: 'string', pattern: '^[0-9]{6}$' },
        item: itemSnapshotSchema,
        applicant: applicantSchema,
        toUnitId: unitIdSchema,
        missing: materialIdsSchema,
        provided: materialIdsSchema,
        rating: { type: 'integer', minimum: 1, maximum: 5 },
        deliveryMode: { type: 'string', enum: ['station', 'door_to_door'] },
        greenChannel: { type: 'boolean' },
        note: { type: 'string', maxLength: 1000 },
      },
    },
  },
} as const;

/**
 * A case (办件) carries its own history. Everything but `id`, `events`, `receipts` and `visibleTo` is
 * derived by the fold, stored so that indexes and views can use it; the merge recomputes it.
 */
export const caseSchema = {
  title: 'case',
  // 1: ids may be up to 100 characters (they carry the accepting unit's id).
  version: 1,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'events', 'receipts', 'visibleTo', 'caseNumber', 'status', 'holderUnitId', 'acceptedUnitId', 'itemCode', 'lastHlc', 'conflictCount'],
  properties: {
    id: { type: 'string', minLength: 6, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' },
    events: { type: 'array', minItems: 1, maxItems: 500, items: caseEventSchema },
    /** When the hub first stored each event (hub time, ms): set by the gateway only. */
    receipts: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['eventId', 'at'],
        properties: { eventId: { type: 'string', maxLength: 80 }, at: { type: 'number', minimum: 0 } },
      },
    },
    /** The units that may see this case; set by the gateway, only ever grows. */
    visibleTo: { type: 'array', maxItems: 100, items: unitIdSchema },
    caseNumber: { type: 'string', maxLength: 40 },
    status: { type: 'string', enum: CASE_STATUSES, maxLength: 24 },
    holderUnitId: { type: 'string', maxLength: 64 },
    acceptedUnitId: { type: 'string', maxLength: 64 },
    itemCode: { type: 'string', maxLength: 40 },
    lastHlc: { type: 'string', maxLength: 120 },
    conflictCount: { type: 'integer', minimum: 0, maximum: 500, multipleOf: 1 },
  },
  indexes: ['status', 'holderUnitId', ['holderUnitId', 'status'], 'lastHlc'],
} as const;
