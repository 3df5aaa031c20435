import { Ajv, type ValidateFunction } from 'ajv';
import { caseSearchAnswerSchema, type CaseSearchAnswer } from './case-search.schema.ts';
import { errorAnswerSchema, type ErrorAnswer } from './error-answer.schema.ts';
import { networkOverviewSchema, type NetworkOverviewAnswer } from './network-overview.schema.ts';
import { sessionAnswerSchema, type SessionAnswer } from './session-answer.schema.ts';

// The options of `schemas/validators.ts`: RxDB's keywords ride along in the embedded document schemas.
const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * A validator compiled on its first use, not at import: a console opening offline checks only its
 * stored session, and compiling every answer's schema up front would delay that first screen.
 */
export function lazyValidator<T>(schema: object): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | null = null;
  return () => (compiled ??= ajv.compile<T>(schema));
}

/** One validator per API answer the consoles read, from the JSON Schemas in this folder. */
export const answerValidators = {
  session: lazyValidator<SessionAnswer>(sessionAnswerSchema),
  networkOverview: lazyValidator<NetworkOverviewAnswer>(networkOverviewSchema),
  caseSearch: lazyValidator<CaseSearchAnswer>(caseSearchAnswerSchema),
  error: lazyValidator<ErrorAnswer>(errorAnswerSchema),
} as const;

/** Where and why the last value failed `validate`, short enough for a person to read. */
export function schemaProblems(validate: ValidateFunction): string {
  return ajv.errorsText((validate.errors ?? []).slice(0, 5), { separator: '; ', dataVar: '' });
}
