import type { FromSchema } from 'json-schema-to-ts';
import { CASE_STATUSES } from '../json/case.schema.ts';
import { bilingualTextSchema, isoTimeSchema } from '../json/shared-defs.ts';

/** The steps a citizen's own page shows: the handling of the case, not its internal supervision. */
export const PUBLIC_STEPS = ['accept', 'forward', 'request_supplement', 'supplement', 'suspend', 'resume', 'approve', 'refuse', 'withdraw', 'pickup', 'rate'] as const;

const maskedText = { type: 'string', maxLength: 60 } as const;

/**
 * `GET /api/public/cases/<caseNumber>?code=<queryCode>`: what the citizen sees of their case. No
 * worker's name or account, no device; the applicant's data masked.
 */
export const publicCaseAnswerSchema = {
  title: 'public case answer',
  type: 'object',
  additionalProperties: false,
  required: ['caseNumber', 'item', 'status', 'acceptedAt', 'acceptedBy', 'heldBy', 'dueDate', 'clockPaused', 'applicant', 'missing', 'timeline', 'rating'],
  properties: {
    caseNumber: { type: 'string', maxLength: 40 },
    item: {
      type: 'object',
      additionalProperties: false,
      required: ['code', 'name'],
      properties: { code: { type: 'string', maxLength: 40 }, name: bilingualTextSchema },
    },
    status: { type: 'string', enum: CASE_STATUSES, description: 'Where the case stands now.' },
    acceptedAt: isoTimeSchema,
    acceptedBy: { ...bilingualTextSchema, description: 'The unit that accepted it.' },
    heldBy: { ...bilingualTextSchema, description: 'The unit handling it now (or that decided it).' },
    dueDate: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'The last day of the promised limit (承诺时限), local date; null once decided or closed.' },
    clockPaused: { type: 'boolean', description: 'The limit stands still (waiting for materials, or a special procedure): the due date moves by the days it stands.' },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber', 'phone'],
      properties: { name: maskedText, idNumber: maskedText, phone: maskedText },
      description: 'Masked: enough to recognise one\'s own case.',
    },
    missing: {
      type: 'array',
      description: 'What to bring, while a supplement (补齐补正) is asked.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: { id: { type: 'string', maxLength: 40 }, name: bilingualTextSchema },
      },
    },
    timeline: {
      type: 'array',
      description: 'The steps that took effect, in order, each by the unit that took it.',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['step', 'at', 'unit'],
        properties: {
          step: { type: 'string', enum: PUBLIC_STEPS },
          at: isoTimeSchema,
          unit: bilingualTextSchema,
          toUnit: { ...bilingualTextSchema, description: 'Where a forward sent the case.' },
          rating: { type: 'integer', minimum: 1, maximum: 5 },
          doorToDoor: { type: 'boolean' },
          note: { type: 'string', maxLength: 1000, description: 'What the unit told the citizen: a refusal\'s reason, what to supplement, why the clock stopped.' },
        },
      },
    },
    rating: {
      type: 'object',
      additionalProperties: false,
      required: ['given', 'open'],
      properties: {
        given: { type: ['integer', 'null'], minimum: 1, maximum: 5, description: 'The rating given, on any channel.' },
        open: { type: 'boolean', description: 'Whether the citizen may rate now (decided or closed, not rated yet).' },
      },
    },
  },
} as const;

export type PublicCaseAnswer = FromSchema<typeof publicCaseAnswerSchema>;
export type PublicStep = (typeof PUBLIC_STEPS)[number];

/** `POST /api/public/cases/<caseNumber>/rating`. */
export const publicRatingBodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'rating'],
  properties: {
    code: { type: 'string', maxLength: 12, description: 'The query code on the acceptance receipt.' },
    rating: { type: 'integer', minimum: 1, maximum: 5, description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意' },
    note: { type: 'string', maxLength: 500 },
  },
} as const;

export type PublicRatingBody = FromSchema<typeof publicRatingBodySchema>;
