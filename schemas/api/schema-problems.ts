import type { ErrorObject } from 'ajv';

/** Where and why a value failed its schema (a validator's `errors`), short enough for a person to read. */
export function describeProblems(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath} ${e.message ?? 'is invalid'}`.trim())
    .join('; ');
}
