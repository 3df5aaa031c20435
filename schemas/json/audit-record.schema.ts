import { unitIdSchema } from './shared-defs.ts';

/** What the city's administration can change, one action each. */
export const AUDIT_ACTIONS = [
  'item_added',
  'item_changed',
  'calendar_year_set',
  'unit_added',
  'unit_closed',
  'account_created',
  'account_password_reset',
  'account_disabled',
  'account_enabled',
] as const;

/** The kinds of things an action changes. */
export const AUDIT_TARGETS = ['item', 'calendarYear', 'unit', 'account'] as const;

/**
 * One change the city's administration made (变更记录): who, when, what, and the document before
 * and after. Lives only on the hub (stations never see it). A record is written `pending` before
 * the change and marked `applied` (or `failed`) after, so no change is ever made unrecorded: a
 * record left `pending` says a change was attempted whose outcome was not confirmed.
 */
export const auditRecordSchema = {
  title: 'audit record',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'by', 'action', 'target', 'before', 'after', 'outcome'],
  properties: {
    /** `a` + the hub time in ms (13 digits) + `-` + 8 hex digits: ids sort by time. */
    id: { type: 'string', maxLength: 24, pattern: '^a[0-9]{13}-[0-9a-f]{8}$' },
    /** The gateway's time (ms) when the change was asked for. */
    at: { type: 'integer', minimum: 0 },
    by: {
      type: 'object',
      additionalProperties: false,
      required: ['username', 'workerName', 'unitId', 'role'],
      properties: {
        username: { type: 'string', minLength: 1, maxLength: 64 },
        workerName: { type: 'string', maxLength: 60 },
        unitId: unitIdSchema,
        role: { type: 'string', enum: ['community_worker', 'street_clerk', 'city_supervisor', 'catalog_editor', 'admin'] },
      },
    },
    action: { type: 'string', enum: AUDIT_ACTIONS },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id'],
      properties: {
        kind: { type: 'string', enum: AUDIT_TARGETS },
        id: { type: 'string', minLength: 1, maxLength: 80 },
      },
    },
    /** The document before the change (null: it did not exist). Accounts never with their password. */
    before: { type: ['object', 'null'] },
    /** The document the change wrote (null for a change that writes no document of its own). */
    after: { type: ['object', 'null'] },
    /** The reason given (why a unit closes). */
    note: { type: 'string', maxLength: 500 },
    /** What else the change did: a unit's closing disables its accounts and may give up unsynced changes. */
    effects: {
      type: 'object',
      additionalProperties: false,
      properties: {
        accountsDisabled: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 64 } },
        unsyncedChangesGivenUp: { type: 'integer', minimum: 0 },
      },
    },
    outcome: { type: 'string', enum: ['pending', 'applied', 'failed'] },
    /** Why a change failed after it was recorded (the hub refused it, someone changed it meanwhile). */
    failure: { type: 'string', maxLength: 500 },
  },
} as const;
