import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv';
import { accountSchema } from './json/account.schema.ts';
import { auditRecordSchema } from './json/audit-record.schema.ts';
import { calendarYearSchema } from './json/calendar-year.schema.ts';
import { caseNumberClaimSchema } from './json/case-number-claim.schema.ts';
import { caseCoreSchema, caseSchema } from './json/case.schema.ts';
import { heartbeatSchema } from './json/heartbeat.schema.ts';
import { presenceDaySchema } from './json/presence-day.schema.ts';
import { serviceItemSchema } from './json/service-item.schema.ts';
import { unitSchema } from './json/unit.schema.ts';
import type { Account, AuditRecord, CalendarYear, CaseDoc, CaseNumberClaim, Heartbeat, PresenceDay, ServiceItem, Unit } from './types.ts';

// RxDB's keywords (primaryKey, version, indexes) ride along in the schemas; ajv must let them be.
const ajv = new Ajv({ allErrors: true, strict: false });

/** One compiled validator per document type, from the same JSON Schemas RxDB uses. */
export const validators = {
  unit: ajv.compile<Unit>(unitSchema),
  serviceItem: ajv.compile<ServiceItem>(serviceItemSchema),
  case: ajv.compile<CaseDoc>(caseSchema),
  caseCore: ajv.compile<Pick<CaseDoc, 'id' | 'events' | 'receipts' | 'visibleTo'>>(caseCoreSchema),
  heartbeat: ajv.compile<Heartbeat>(heartbeatSchema),
  account: ajv.compile<Account>(accountSchema),
  caseNumberClaim: ajv.compile<CaseNumberClaim>(caseNumberClaimSchema),
  calendarYear: ajv.compile<CalendarYear>(calendarYearSchema),
  auditRecord: ajv.compile<AuditRecord>(auditRecordSchema),
  presenceDay: ajv.compile<PresenceDay>(presenceDaySchema),
} as const;

/** Where and why a document failed its schema, short enough for a person to read. */
export function describeSchemaErrors(validate: ValidateFunction): string {
  const errors: ErrorObject[] = validate.errors ?? [];
  return errors
    .slice(0, 5)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
