import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import { accountSchema } from './json/account.schema.ts';
import { caseNumberClaimSchema } from './json/case-number-claim.schema.ts';
import { caseSchema } from './json/case.schema.ts';
import { heartbeatSchema } from './json/heartbeat.schema.ts';
import { serviceItemSchema } from './json/service-item.schema.ts';
import { unitSchema } from './json/unit.schema.ts';
import type { Account, CaseDoc, CaseNumberClaim, Heartbeat, ServiceItem, Unit } from './types.ts';

// RxDB's keywords (primaryKey, version, indexes) ride along in the schemas; ajv must let them be.
const ajv = new Ajv({ allErrors: true, strict: false });

/** One compiled validator per document type, from the same JSON Schemas RxDB uses. */
export const validators = {
  unit: ajv.compile<Unit>(unitSchema),
  serviceItem: ajv.compile<ServiceItem>(serviceItemSchema),
  case: ajv.compile<CaseDoc>(caseSchema),
  heartbeat: ajv.compile<Heartbeat>(heartbeatSchema),
  account: ajv.compile<Account>(accountSchema),
  caseNumberClaim: ajv.compile<CaseNumberClaim>(caseNumberClaimSchema),
} as const;

/** Where and why a document failed its schema, short enough for a person to read. */
export function describeSchemaErrors(validate: ValidateFunction): string {
  const errors: ErrorObject[] = validate.errors ?? [];
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
