import type { FromSchema } from 'json-schema-to-ts';
import { caseSchema } from '../json/case.schema.ts';

/** The city's lists of the whole network, read from the server rather than copied to its device. */
export const NETWORK_CASE_LISTS = ['underWay', 'rectifying'] as const;
/** Newest step first (green channel before), or most urgent first. */
export const NETWORK_LIST_ORDERS = ['recent', 'urgency'] as const;

export type NetworkCaseList = (typeof NETWORK_CASE_LISTS)[number];
export type NetworkListOrder = (typeof NETWORK_LIST_ORDERS)[number];

/** `GET /api/supervision/lists`: a page of a network list, whole cases, how many the list holds, and where the next page starts. */
export const networkCasePageSchema = {
  title: 'network case page',
  type: 'object',
  additionalProperties: false,
  required: ['cases', 'total', 'next'],
  properties: {
    cases: { type: 'array', maxItems: 200, items: caseSchema },
    total: { type: 'integer', minimum: 0 },
    next: { type: ['string', 'null'], maxLength: 1000, description: 'Pass as `cursor` for the next page; null on the last.' },
  },
} as const;

export type NetworkCasePage = FromSchema<typeof networkCasePageSchema>;
