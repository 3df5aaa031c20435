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
  'reply',
  'close_supervision',
  'callback',
  'rectify',
  'close_rectification',
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
    /** The person who took the step, as their account names them (absent on steps from before names were kept). */
    workerName: { type: 'string', minLength: 1, maxLength: 60 },
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
        /** The urge or supervision a reply or a closure answers: its event id. */
        replyTo: { type: 'string', minLength: 8, maxLength: 80, pattern: '^[A-Za-z0-9:_-]+$' },
        /** Working days the urged unit has to reply. */
        replyDays: { type: 'integer', minimum: 1, maximum: 30 },
        /** Where the citizen gave a rating: on the device the worker handed over, or on the public page. */
        via: { type: 'string', enum: ['handover', 'public_page'] },
      },
    },
  },
} as const;

const momentSchema = { type: 'number', minimum: 0 } as const;
const momentOrNoneSchema = { type: ['number', 'null'], minimum: 0 } as const;

/**
 * What the indicators (效能指标) count of a case: the moments of its course as the fold found them
 * (step times: device time bounded by the hub's receipt), and nothing that depends on a calendar,
 * so that the stored case stays a pure function of its events. Working days, deadlines and
 * lateness are counted from these where they are read, in the accepting unit's calendar
 * (`schemas/rules/indicators.ts`); the hub's views (`ops/couchdb/ddocs/cases/indicators`) emit them.
 */
export const caseFiguresSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['acceptedAt', 'promisedDays', 'holds', 'pauses', 'outcome', 'concludedAt', 'rating', 'ratedAt', 'followUps', 'rectification'],
  properties: {
    acceptedAt: momentSchema,
    promisedDays: { type: 'integer', minimum: 0, maximum: 365 },
    /** Who held the case from when: the accepting unit first, then each unit a forward that took effect sent it to. */
    holds: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['unitId', 'from'],
        properties: { unitId: { type: 'string', maxLength: 64 }, from: momentSchema },
      },
    },
    /** When the clock stood still (补齐补正, 挂起); `to` null while it still does. */
    pauses: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from', 'to', 'reason'],
        properties: { from: momentSchema, to: momentOrNoneSchema, reason: { type: 'string', enum: ['supplement', 'suspension'] } },
      },
    },
    /** '' while under way; `decided` (准予 or 不予, 办结); `withdrawn` (撤回). */
    outcome: { type: 'string', enum: ['', 'decided', 'withdrawn'] },
    concludedAt: momentOrNoneSchema,
    rating: { type: ['integer', 'null'], minimum: 1, maximum: 5 },
    ratedAt: momentOrNoneSchema,
    /** Every urge and supervision that took effect: to whom, when, the working days to reply, the reply's time. */
    followUps: {
      type: 'array',
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'to', 'at', 'days', 'repliedAt'],
        properties: {
          kind: { type: 'string', enum: ['urge', 'supervise'] },
          to: { type: 'string', maxLength: 64 },
          at: momentSchema,
          days: { type: 'integer', minimum: 1, maximum: 30 },
          repliedAt: momentOrNoneSchema,
        },
      },
    },
    /** The rectification a bad rating opened: for whom, when, when it was closed. */
    rectification: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['unitId', 'at', 'closedAt'],
      properties: { unitId: { type: 'string', maxLength: 64 }, at: momentSchema, closedAt: momentOrNoneSchema },
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
  // 2: steps name their worker; derived fields for deadlines, supervision and rectification lists;
  //    the list order and pending events, and indexes that serve every list.
  // 3: `figures`, what the indicators count (caseFiguresSchema).
  version: 3,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'events', 'receipts', 'visibleTo', 'caseNumber', 'status', 'holderUnitId', 'acceptedUnitId', 'itemCode', 'lastHlc', 'conflictCount',
    'dueDay', 'greenChannel', 'replyOwedBy', 'openSupervisionBy', 'rectificationBy', 'listOrder', 'pendingEvents', 'figures',
  ],
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
    /**
     * The promised deadline's local day (days since 1970-01-01, UTC+8), counted in Monday-Friday
     * weeks: an order for "most urgent first" that needs no calendar; exact deadlines are computed
     * with the unit's calendar where they are shown. A paused case keeps the day it was due when
     * its clock stopped, plus `PAUSED_CLOCK_OFFSET`; a finished one is `NO_RUNNING_CLOCK`
     * (schemas/rules/deadline.ts `urgencyDay`).
     */
    dueDay: { type: 'integer', minimum: 0, maximum: 99_999_999, multipleOf: 1 },
    /** 绿色通道: the case goes first. */
    greenChannel: { type: 'boolean' },
    /** The unit that owes a reply to the oldest unanswered urge or supervision ('' when none). */
    replyOwedBy: { type: 'string', maxLength: 64 },
    /** The unit that opened the oldest supervision item still open ('' when none). */
    openSupervisionBy: { type: 'string', maxLength: 64 },
    /** The unit with a rectification open after a bad rating ('' when none). */
    rectificationBy: { type: 'string', maxLength: 64 },
    /**
     * Green channel first ('0', else '1'), then `lastHlc` turned around (each digit of its time and
     * counter as 9 minus itself), so that an ascending index walks green-channel cases first and
     * then the newest step first: storages read indexes in one direction only.
     */
    listOrder: { type: 'string', minLength: 22, maxLength: 22 },
    /** Events the hub has not yet confirmed (no receipt): on a device, what waits to upload. */
    pendingEvents: { type: 'integer', minimum: 0, maximum: 500, multipleOf: 1 },
    /** What the indicators count: the moments of the case's course, for the hub's views. */
    figures: caseFiguresSchema,
  },
  /**
   * Every list the consoles show reads one status at a time, held here or not, green channel and
   * newest first or most urgent first; the follow-up lists (replies owed, supervision opened,
   * rectifications) read by their unit field; the loads per community count by accepting unit; the
   * upload count reads only cases with pending events. Each index serves its query's filter and
   * sort, so no query reads what it does not show.
   */
  indexes: [
    ['status', 'listOrder'], ['holderUnitId', 'status', 'listOrder'],
    ['status', 'dueDay'], ['holderUnitId', 'status', 'dueDay'],
    ['replyOwedBy', 'listOrder'], ['openSupervisionBy', 'listOrder'], ['rectificationBy', 'listOrder'],
    ['acceptedUnitId', 'status'], 'pendingEvents',
  ],
} as const;

/**
 * What a case is made of: its history, receipts and visibility, whatever derived fields it carries.
 * Enough to materialize it again (a case stored before a derived field existed).
 */
export const caseCoreSchema = {
  type: 'object',
  required: ['id', 'events', 'receipts', 'visibleTo'],
  properties: {
    id: caseSchema.properties.id,
    events: caseSchema.properties.events,
    receipts: caseSchema.properties.receipts,
    visibleTo: caseSchema.properties.visibleTo,
  },
} as const;
