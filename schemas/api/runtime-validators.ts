import { Ajv, type ValidateFunction } from 'ajv';

/*
 * What the run-time validator modules share (`answer-validators.ts`, `session-answer-validators.ts`,
 * `admin-answer-validators.ts`): for Node (the tests) and Vite's dev server only. The browser build
 * replaces those modules with generated code (`client/standalone-validators.ts`), so this never ships.
 */

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
