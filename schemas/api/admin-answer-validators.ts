import type { ValidateFunction } from 'ajv';
import { ADMIN_ANSWER_SCHEMAS, type AdminAnswerValidators } from './admin-answers.schema.ts';
import { lazyValidator } from './runtime-validators.ts';
import { describeProblems } from './schema-problems.ts';

/*
 * The administration console's validators, compiled by Ajv at run time: for Node (the tests) and
 * Vite's dev server. As with `answer-validators.ts`, the browser build never ships this file:
 * `client/standalone-validators.ts` replaces it with the same validators generated as code at
 * build time, in the console's own lazily loaded chunk. Keep the two exports in step with it.
 */

export const adminAnswerValidators: AdminAnswerValidators = {
  itemSaved: lazyValidator(ADMIN_ANSWER_SCHEMAS.itemSaved),
  calendarYearSaved: lazyValidator(ADMIN_ANSWER_SCHEMAS.calendarYearSaved),
  unitSaved: lazyValidator(ADMIN_ANSWER_SCHEMAS.unitSaved),
  unitOpenWork: lazyValidator(ADMIN_ANSWER_SCHEMAS.unitOpenWork),
  unitClosed: lazyValidator(ADMIN_ANSWER_SCHEMAS.unitClosed),
  accountList: lazyValidator(ADMIN_ANSWER_SCHEMAS.accountList),
  accountIssued: lazyValidator(ADMIN_ANSWER_SCHEMAS.accountIssued),
  changeList: lazyValidator(ADMIN_ANSWER_SCHEMAS.changeList),
  editRefusal: lazyValidator(ADMIN_ANSWER_SCHEMAS.editRefusal),
};

/** Where and why the last value failed `validate`, short enough for a person to read. */
export function schemaProblems(validate: ValidateFunction): string {
  return describeProblems(validate.errors);
}
