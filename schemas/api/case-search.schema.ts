import type { FromSchema } from 'json-schema-to-ts';
import { caseSchema } from '../json/case.schema.ts';

/** `GET /api/supervision/cases?number=…`: the cases with that number, each as the case schema says. */
export const caseSearchAnswerSchema = {
  title: 'case search answer',
  type: 'object',
  required: ['cases'],
  properties: {
    cases: { type: 'array', items: caseSchema },
  },
} as const;

export type CaseSearchAnswer = FromSchema<typeof caseSearchAnswerSchema>;
