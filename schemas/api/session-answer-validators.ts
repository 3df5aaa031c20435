import type { ValidateFunction } from 'ajv';
import { ANSWER_SCHEMAS, type SessionAnswerValidators } from './answer-schemas.ts';
import { lazyValidator } from './runtime-validators.ts';
import { describeProblems } from './schema-problems.ts';

/*
 * The shell's validators (the sign-in answer, the session kept on the device, a refusal), compiled
 * by Ajv at run time: for Node (the tests) and Vite's dev server. As with `answer-validators.ts`,
 * the browser build never ships this file: `client/standalone-validators.ts` replaces it with the
 * same validators generated as code, in the sign-in form's start-up; the console's own load with
 * the console. Keep the two exports in step with it.
 */

export const sessionAnswerValidators: SessionAnswerValidators = {
  session: lazyValidator(ANSWER_SCHEMAS.session),
  storedSession: lazyValidator(ANSWER_SCHEMAS.storedSession),
  error: lazyValidator(ANSWER_SCHEMAS.error),
};

/** Where and why the last value failed `validate`, short enough for a person to read. */
export function schemaProblems(validate: ValidateFunction): string {
  return describeProblems(validate.errors);
}
