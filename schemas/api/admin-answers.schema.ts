import type { ValidateFunction } from 'ajv';
import type { FromSchema } from 'json-schema-to-ts';
import { accountSchema } from '../json/account.schema.ts';
import { auditRecordSchema } from '../json/audit-record.schema.ts';
import { calendarYearSchema } from '../json/calendar-year.schema.ts';
import { serviceItemSchema } from '../json/service-item.schema.ts';
import { unitSchema } from '../json/unit.schema.ts';

/* The answers of the city's administration API, as the console checks them before use. */

/** An account as the administration shows it: everything but its password. */
export const accountSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'unitId', 'tier', 'role', 'workerName', 'disabled'],
  properties: {
    username: accountSchema.properties.username,
    unitId: accountSchema.properties.unitId,
    tier: accountSchema.properties.tier,
    role: accountSchema.properties.role,
    workerName: accountSchema.properties.workerName,
    disabled: accountSchema.properties.disabled,
  },
} as const;

export const itemSavedSchema = { title: 'item saved', type: 'object', required: ['item'], properties: { item: serviceItemSchema } } as const;
export const calendarYearSavedSchema = { title: 'calendar year saved', type: 'object', required: ['year'], properties: { year: calendarYearSchema } } as const;
export const unitSavedSchema = { title: 'unit saved', type: 'object', required: ['unit'], properties: { unit: unitSchema } } as const;

/** `GET /api/units/:id/open-work`: what stops the unit from closing, for the closure rule to judge. */
export const unitOpenWorkSchema = {
  title: 'unit open work',
  type: 'object',
  required: ['unitId', 'openWork', 'devices'],
  properties: {
    unitId: { type: 'string' },
    openWork: {
      type: 'object',
      additionalProperties: false,
      required: ['held', 'accepted', 'rectifications', 'supervisions', 'repliesOwed'],
      properties: {
        held: { type: 'integer', minimum: 0 },
        accepted: { type: 'integer', minimum: 0 },
        rectifications: { type: 'integer', minimum: 0 },
        supervisions: { type: 'integer', minimum: 0 },
        repliesOwed: { type: 'integer', minimum: 0 },
      },
    },
    devices: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['deviceId', 'pendingOutbound'],
        properties: { deviceId: { type: 'string' }, pendingOutbound: { type: 'integer', minimum: 0 }, reportedAt: { type: 'number' } },
      },
    },
  },
} as const;

/** `POST /api/units/:id/closure`: the closed unit and the accounts its closing disabled. */
export const unitClosedSchema = {
  title: 'unit closed',
  type: 'object',
  required: ['unit', 'disabledAccounts'],
  properties: { unit: unitSchema, disabledAccounts: { type: 'array', items: { type: 'string' } } },
} as const;

export const accountListSchema = { title: 'account list', type: 'object', required: ['accounts'], properties: { accounts: { type: 'array', items: accountSummarySchema } } } as const;

/** A created account, or one whose password was reset: the generated password, shown once. */
export const accountIssuedSchema = {
  title: 'account issued',
  type: 'object',
  required: ['account', 'password'],
  properties: { account: accountSummarySchema, password: { type: 'string', minLength: 8 } },
} as const;

/** `GET /api/changes`: newest first; `next` pages on (`?before=`), null at the first change. */
export const changeListSchema = {
  title: 'change list',
  type: 'object',
  required: ['records', 'next'],
  properties: { records: { type: 'array', items: auditRecordSchema }, next: { type: ['string', 'null'] } },
} as const;

/** A refused change (ERR_EDIT_REFUSED): the gateway's error answer, with each problem and its field. */
export const editRefusalSchema = {
  title: 'edit refusal',
  type: 'object',
  required: ['code', 'reason', 'reason_zh', 'problems'],
  properties: {
    code: { const: 'ERR_EDIT_REFUSED' },
    reason: { type: 'string' },
    reason_zh: { type: 'string' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'code', 'en', 'zh'],
        properties: {
          field: { type: 'string' },
          code: { type: 'string' },
          params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
          en: { type: 'string' },
          zh: { type: 'string' },
        },
      },
    },
  },
} as const;

export type AccountSummary = FromSchema<typeof accountSummarySchema>;
export type ItemSaved = FromSchema<typeof itemSavedSchema>;
export type CalendarYearSaved = FromSchema<typeof calendarYearSavedSchema>;
export type UnitSaved = FromSchema<typeof unitSavedSchema>;
export type UnitOpenWorkAnswer = FromSchema<typeof unitOpenWorkSchema>;
export type UnitClosedAnswer = FromSchema<typeof unitClosedSchema>;
export type AccountList = FromSchema<typeof accountListSchema>;
export type AccountIssued = FromSchema<typeof accountIssuedSchema>;
export type ChangeList = FromSchema<typeof changeListSchema>;
export type EditRefusal = FromSchema<typeof editRefusalSchema>;

/**
 * Every answer of the administration API the console checks, in one list: Node compiles them at
 * run time (`admin-answer-validators.ts`); the browser build generates them as code into the
 * administration console's own chunk (`client/standalone-validators.ts`), so a station's start-up
 * never carries them.
 */
export const ADMIN_ANSWER_SCHEMAS = {
  itemSaved: itemSavedSchema,
  calendarYearSaved: calendarYearSavedSchema,
  unitSaved: unitSavedSchema,
  unitOpenWork: unitOpenWorkSchema,
  unitClosed: unitClosedSchema,
  accountList: accountListSchema,
  accountIssued: accountIssuedSchema,
  changeList: changeListSchema,
  editRefusal: editRefusalSchema,
} as const;

interface AdminAnswerTypes {
  itemSaved: ItemSaved;
  calendarYearSaved: CalendarYearSaved;
  unitSaved: UnitSaved;
  unitOpenWork: UnitOpenWorkAnswer;
  unitClosed: UnitClosedAnswer;
  accountList: AccountList;
  accountIssued: AccountIssued;
  changeList: ChangeList;
  editRefusal: EditRefusal;
}

export type AdminAnswerName = keyof typeof ADMIN_ANSWER_SCHEMAS;
export type AdminAnswerValidators = { readonly [N in AdminAnswerName]: () => ValidateFunction<AdminAnswerTypes[N]> };
export const ADMIN_ANSWER_NAMES = Object.keys(ADMIN_ANSWER_SCHEMAS) as AdminAnswerName[];
