import { Ajv, type ValidateFunction } from 'ajv';
import { ANSWER_SCHEMAS, type AnswerValidators } from './answer-schemas.ts';
import { describeProblems } from './schema-problems.ts';

/*
 * The consoles' validators, compiled by Ajv at run time: for Node (the tests) and Vite's dev
 * server. The browser build never ships this file: `client/standalone-validators.ts` replaces it
 * with the same validators generated as code at build time, because compiling uses `new Function`,
 * which the consoles' Content-Security-Policy forbids. Keep the two exports in step with it.
 */

// The options of `schemas/validators.ts`: RxDB's keywords ride along in the embedded document schemas.
const ajv = new Ajv({ allErrors: true, strict: false });

/**
 * A validator compiled on its first use, not at import: a console opening offline checks only its
 * stored session, and compiling every answer's schema up front would delay that first screen.
 */
function lazyValidator<T>(schema: object): () => ValidateFunction<T> {
  let compiled: ValidateFunction<T> | null = null;
  return () => (compiled ??= ajv.compile<T>(schema));
}

/** One validator per API answer the consoles read, and for the session a console keeps. */
export const answerValidators: AnswerValidators = {
  session: lazyValidator(ANSWER_SCHEMAS.session),
  networkOverview: lazyValidator(ANSWER_SCHEMAS.networkOverview),
  caseSearch: lazyValidator(ANSWER_SCHEMAS.caseSearch),
  caseSearchPage: lazyValidator(ANSWER_SCHEMAS.caseSearchPage),
  indicators: lazyValidator(ANSWER_SCHEMAS.indicators),
  publicCase: lazyValidator(ANSWER_SCHEMAS.publicCase),
  error: lazyValidator(ANSWER_SCHEMAS.error),
  storedSession: lazyValidator(ANSWER_SCHEMAS.storedSession),
};

/** Where and why the last value failed `validate`, short enough for a person to read. */
export function schemaProblems(validate: ValidateFunction): string {
  return describeProblems(validate.errors);
}
