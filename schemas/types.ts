import type { FromSchema } from 'json-schema-to-ts';
import type { accountSchema } from './json/account.schema.ts';
import type { auditRecordSchema } from './json/audit-record.schema.ts';
import type { calendarYearSchema } from './json/calendar-year.schema.ts';
import type { caseNumberClaimSchema } from './json/case-number-claim.schema.ts';
import type { caseEventSchema, caseSchema, CASE_EVENT_TYPES, CASE_STATUSES } from './json/case.schema.ts';
import type { heartbeatSchema } from './json/heartbeat.schema.ts';
import type { presenceDaySchema } from './json/presence-day.schema.ts';
import type { serviceItemSchema } from './json/service-item.schema.ts';
import type { unitSchema } from './json/unit.schema.ts';

/** TypeScript types derived from the JSON Schemas: the schema is the single source. */
export type Unit = FromSchema<typeof unitSchema>;
export type Account = FromSchema<typeof accountSchema>;
export type ServiceItem = FromSchema<typeof serviceItemSchema>;
export type Heartbeat = FromSchema<typeof heartbeatSchema>;
export type CaseEvent = FromSchema<typeof caseEventSchema>;
export type CaseDoc = FromSchema<typeof caseSchema>;
export type CaseNumberClaim = FromSchema<typeof caseNumberClaimSchema>;
export type CalendarYear = FromSchema<typeof calendarYearSchema>;
export type AuditRecord = FromSchema<typeof auditRecordSchema>;
export type PresenceDay = FromSchema<typeof presenceDaySchema>;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];
export type CaseStatus = (typeof CASE_STATUSES)[number];
export type Tier = Unit['tier'];
export type EventReceipt = CaseDoc['receipts'][number];

export const ROLES = ['community_worker', 'street_clerk', 'city_supervisor', 'catalog_editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who acts: taken from a verified token at the gateway, from the session on a device. */
export interface Actor {
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerId: string;
  /** The person's name, which steps record (absent where only the account is known). */
  readonly workerName?: string;
}
