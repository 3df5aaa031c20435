import type { FromSchema } from 'json-schema-to-ts';
import { caseFiguresSchema } from '../json/case.schema.ts';

/**
 * What the hub's indicator views (`ops/couchdb/ddocs/cases/indicators`) emit as row values: the
 * server checks every row against these before it counts it, so a damaged case never counts as
 * something it is not.
 */
const figures = caseFiguresSchema.properties;

/** `conclusions`: a decided case, by the moment it was concluded. */
export const conclusionRowSchema = {
  type: 'object',
  required: ['unitId', 'acceptor', 'acceptedAt', 'concludedAt', 'promisedDays', 'pauses'],
  properties: {
    /** The unit that concluded it (held it then). */
    unitId: { type: 'string' },
    /** The unit that accepted it: the case's deadlines count in its calendar. */
    acceptor: { type: 'string' },
    acceptedAt: figures.acceptedAt,
    concludedAt: { type: 'number' },
    promisedDays: figures.promisedDays,
    pauses: figures.pauses,
  },
} as const;

/** `follow_ups`: an urge or supervision (the reply owed), or a rectification, by when it was opened. */
export const followUpRowSchema = {
  type: 'object',
  required: ['kind', 'unitId', 'acceptor', 'at', 'days', 'doneAt'],
  properties: {
    kind: { type: 'string', enum: ['reply', 'rectification'] },
    /** The unit that owes the reply or the rectification. */
    unitId: { type: 'string' },
    acceptor: { type: 'string' },
    at: { type: 'number' },
    /** Working days to reply (0 for a rectification, whose days are the rules'). */
    days: { type: 'integer', minimum: 0 },
    /** When it was replied to or closed; null while it is not. */
    doneAt: { type: ['number', 'null'] },
  },
} as const;

/** `open_at_period_end`, `under_way`: a case that was (or is) open at a moment. */
export const openCaseRowSchema = {
  type: 'object',
  required: ['acceptor', 'acceptedAt', 'promisedDays', 'holds', 'pauses'],
  properties: {
    acceptor: { type: 'string' },
    acceptedAt: figures.acceptedAt,
    promisedDays: figures.promisedDays,
    holds: figures.holds,
    pauses: figures.pauses,
  },
} as const;

export type ConclusionRow = FromSchema<typeof conclusionRowSchema>;
export type FollowUpRow = FromSchema<typeof followUpRowSchema>;
export type OpenCaseRow = FromSchema<typeof openCaseRowSchema>;
