import type { FromSchema } from 'json-schema-to-ts';
import { CASE_STATUSES } from '../json/case.schema.ts';
import { isoTimeSchema } from '../json/shared-defs.ts';

const masked = { type: 'string', maxLength: 60 } as const;

/** One case found by the city's search: enough to recognise and open it, the applicant masked. */
export const caseSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'caseNumber', 'itemCode', 'status', 'acceptedUnitId', 'holderUnitId', 'acceptedAt', 'greenChannel', 'applicant'],
  properties: {
    id: { type: 'string', maxLength: 100 },
    caseNumber: { type: 'string', maxLength: 40 },
    itemCode: { type: 'string', maxLength: 40 },
    status: { type: 'string', enum: CASE_STATUSES },
    acceptedUnitId: { type: 'string', maxLength: 64 },
    holderUnitId: { type: 'string', maxLength: 64 },
    acceptedAt: isoTimeSchema,
    greenChannel: { type: 'boolean' },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'idNumber', 'phone'],
      properties: { name: masked, idNumber: masked, phone: masked },
    },
  },
} as const;

/** `GET /api/supervision/search`: a page of cases, newest accepted first, and where the next page starts. */
export const caseSearchPageSchema = {
  title: 'case search page',
  type: 'object',
  additionalProperties: false,
  required: ['results', 'next'],
  properties: {
    results: { type: 'array', items: caseSummarySchema },
    next: { type: ['string', 'null'], maxLength: 1000, description: 'Pass as `cursor` for the next page; null on the last.' },
  },
} as const;

export type CaseSummary = FromSchema<typeof caseSummarySchema>;
export type CaseSearchPage = FromSchema<typeof caseSearchPageSchema>;
