import type { FromSchema } from 'json-schema-to-ts';
import { calendarYearSchema } from '../json/calendar-year.schema.ts';
import { serviceItemSchema } from '../json/service-item.schema.ts';

/*
 * The bodies of the city's administration API, as shapes only (types and required fields): what
 * is too long, out of range or inconsistent is for the edit rules (`schemas/rules/*-edit.ts`),
 * which name the field and say what to do in both languages. A body of the wrong shape is a
 * program's error and gets 400.
 */

const text = { type: 'string' } as const;
const bilingual = { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: text, en: text } } as const;
const tier = serviceItemSchema.properties.decisionTier;
const dateList = { type: 'array', items: text } as const;
const items = serviceItemSchema.properties;

/** A service item as the catalog editor writes it: keywords as texts, no pinyin (the gateway adds it). */
export const itemDraftSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'category', 'decisionTier', 'acceptTiers', 'materials', 'legalDays', 'promisedDays', 'kind', 'feeYuan', 'guide', 'modes'],
  properties: {
    code: text,
    name: bilingual,
    keywords: { type: 'array', items: text },
    category: bilingual,
    decisionTier: tier,
    acceptTiers: { type: 'array', items: tier },
    materials: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'originals', 'copies'],
        properties: { id: text, name: bilingual, originals: { type: 'number' }, copies: { type: 'number' } },
      },
    },
    legalDays: { type: 'number' },
    promisedDays: { type: 'number' },
    kind: items.kind,
    feeYuan: { type: 'number' },
    guide: bilingual,
    modes: { type: 'array', items: items.modes.items },
  },
} as const;

/** `POST /api/catalog`: a new item. */
export const itemAddBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['item'],
  properties: { item: itemDraftSchema },
} as const;

/** `PUT /api/catalog/:code`: the item as the editor saw it (`basedOn`, a stored item) and as it should be. */
export const itemChangeBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['item', 'basedOn'],
  properties: { item: itemDraftSchema, basedOn: { type: 'object' } },
} as const;

const calendarYearShape = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'calendarId', 'year', 'status', 'notice', 'holidays', 'makeupWorkdays'],
  properties: {
    id: text,
    calendarId: text,
    year: { type: 'number' },
    status: calendarYearSchema.properties.status,
    notice: text,
    holidays: dateList,
    makeupWorkdays: dateList,
  },
} as const;

/** `PUT /api/calendars/:id`: one year of a calendar, and the stored year it was based on (null: a new year). */
export const calendarYearBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['year', 'basedOn'],
  properties: { year: calendarYearShape, basedOn: { type: ['object', 'null'] } },
} as const;

/** `POST /api/units`: a street hall under the city, or a community station under a street hall. */
export const unitAddBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['unit'],
  properties: {
    unit: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name', 'tier', 'parentId', 'calendarId'],
      properties: { id: text, name: bilingual, tier, parentId: { type: ['string', 'null'] }, calendarId: text, address: text, phone: text },
    },
  },
} as const;

/** `POST /api/units/:id/closure`: why, and whether unsynced changes on the unit's devices are given up. */
export const unitClosureBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['note'],
  properties: { note: text, abandonUnsynced: { type: 'boolean' } },
} as const;

/** `POST /api/accounts`: a worker's account; its first password is generated. */
export const accountCreateBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'unitId', 'role', 'workerName'],
  properties: {
    username: text,
    unitId: text,
    role: { type: 'string', enum: ['community_worker', 'street_clerk', 'city_supervisor', 'catalog_editor', 'admin'] },
    workerName: text,
  },
} as const;

export type ItemAddBody = FromSchema<typeof itemAddBodySchema>;
export type ItemChangeBody = FromSchema<typeof itemChangeBodySchema>;
export type CalendarYearBody = FromSchema<typeof calendarYearBodySchema>;
export type UnitAddBody = FromSchema<typeof unitAddBodySchema>;
export type UnitClosureBody = FromSchema<typeof unitClosureBodySchema>;
export type AccountCreateBody = FromSchema<typeof accountCreateBodySchema>;
