import type { FromSchema } from 'json-schema-to-ts';
import { isoTimeSchema, tierSchema } from '../json/shared-defs.ts';

const count = { type: 'integer', minimum: 0 } as const;
/** A share between 0 and 1; null when there is nothing to share out (no case concluded, none rated). */
const share = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;

/** One unit's indicators for the period (`schemas/rules/indicators.ts` says how each is counted). */
export const indicatorRowSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'unitId', 'tier', 'parentId', 'accepted', 'concluded', 'withdrawn', 'onTime', 'onTimeRate', 'averageWorkingDays', 'backlog', 'overdue',
    'urgesReceived', 'urgesAnsweredOnTime', 'rated', 'ratedGood', 'satisfactionRate', 'rectifications', 'rectificationsClosedOnTime',
    'workingHours', 'presentHours', 'availability',
  ],
  properties: {
    unitId: { type: 'string', description: 'The unit (单位) these figures are of.' },
    tier: { ...tierSchema, description: 'community, street or city.' },
    parentId: { type: ['string', 'null'], description: 'The unit above it; null for the city center.' },
    accepted: { ...count, description: 'Cases the unit accepted (受理) in the period.' },
    concluded: { ...count, description: 'Cases decided (办结: 准予 or 不予) in the period by the unit holding them then.' },
    withdrawn: { ...count, description: 'Cases the citizen withdrew (撤回) in the period, counted for the accepting unit; not concluded.' },
    onTime: { ...count, description: 'Of `concluded`, those decided within their promised limit (承诺时限), pauses excluded, in the accepting unit\'s calendar.' },
    onTimeRate: { ...share, description: '`onTime / concluded`; null when nothing was concluded.' },
    averageWorkingDays: { type: ['number', 'null'], minimum: 0, description: 'Mean working days the clock ran from acceptance to decision over `concluded` (days paused for 补正 or 挂起 excluded); null when nothing was concluded.' },
    backlog: { ...count, description: 'Cases under way held by the unit at the end of the period (now, for the period under way).' },
    overdue: { ...count, description: 'Of `backlog`, those past their promised limit (红牌) at that moment.' },
    urgesReceived: { ...count, description: 'Urges (催办) and supervisions (督办) addressed to the unit, opened in the period.' },
    urgesAnsweredOnTime: { ...count, description: 'Of `urgesReceived`, those the unit replied to within the working days they gave.' },
    rated: { ...count, description: 'Ratings (好差评) given in the period on cases the unit handled.' },
    ratedGood: { ...count, description: 'Of `rated`, those of 4 or 5 (满意, 非常满意).' },
    satisfactionRate: { ...share, description: '`ratedGood / rated`; null when nothing was rated.' },
    rectifications: { ...count, description: 'Rectifications (整改) opened for the unit in the period (a rating of 1 or 2).' },
    rectificationsClosedOnTime: { ...count, description: 'Of `rectifications`, those closed within 5 working days.' },
    workingHours: { ...count, description: 'Working hours (09:00-17:00 on the unit\'s working days, UTC+8) of the period begun by `asOf`.' },
    presentHours: { ...count, description: 'Of `workingHours`, those in which a heartbeat of the unit reached the gateway.' },
    availability: { ...share, description: '`presentHours / workingHours`; null when no working hour has begun.' },
  },
} as const;

/** `GET /api/indicators?period=2026-11` (or `2026-Q4`, `2026`). */
export const indicatorsAnswerSchema = {
  title: 'indicators answer',
  type: 'object',
  additionalProperties: false,
  required: ['period', 'kind', 'from', 'to', 'asOf', 'rows'],
  properties: {
    period: { type: 'string', description: 'The period asked for: `2026-11`, `2026-Q4` or `2026`.' },
    kind: { type: 'string', enum: ['month', 'quarter', 'year'] },
    from: { ...isoTimeSchema, description: 'Its first moment (00:00 UTC+8 of its first day), ISO 8601 UTC.' },
    to: { ...isoTimeSchema, description: 'The first moment after it.' },
    asOf: { ...isoTimeSchema, description: 'When `backlog`, `overdue` and the working hours are counted at: the end of the period, or now for the period under way.' },
    rows: { type: 'array', items: indicatorRowSchema, description: 'One row per unit the caller may see: the city all, a street itself and its communities, a station itself.' },
  },
} as const;

export type IndicatorRow = FromSchema<typeof indicatorRowSchema>;
export type IndicatorsAnswer = FromSchema<typeof indicatorsAnswerSchema>;
