import type { ValidateFunction } from 'ajv';
import { ANSWER_SCHEMAS, type ConsoleAnswerValidators } from './answer-schemas.ts';
import { lazyValidator } from './runtime-validators.ts';
import { describeProblems } from './schema-problems.ts';

/*
 * The consoles' validators, compiled by Ajv at run time: for Node (the tests) and Vite's dev
 * server. The browser build never ships this file: `client/standalone-validators.ts` replaces it
 * with the same validators generated as code at build time, because compiling uses `new Function`,
 * which the consoles' Content-Security-Policy forbids. Keep the two exports in step with it.
 * The shell's own (sign-in, stored session, refusal) are in `session-answer-validators.ts`.
 */

/** One validator per API answer an open console or the citizen's page reads. */
export const answerValidators: ConsoleAnswerValidators = {
  networkOverview: lazyValidator(ANSWER_SCHEMAS.networkOverview),
  caseSearch: lazyValidator(ANSWER_SCHEMAS.caseSearch),
  caseSearchPage: lazyValidator(ANSWER_SCHEMAS.caseSearchPage),
  indicators: lazyValidator(ANSWER_SCHEMAS.indicators),
  publicCase: lazyValidator(ANSWER_SCHEMAS.publicCase),
};

/** Where and why the last value failed `validate`, short enough for a person to read. */
export function schemaProblems(validate: ValidateFunction): string {
  return describeProblems(validate.errors);
}
