// Everything a hub needs before a gateway serves it, each step idempotent: databases, design docs
// and security; stored cases brought up to the current derived fields; case numbers claimed; the
// national calendar present.
import { claimStoredCaseNumbers } from './couchdb/case-number-backfill.ts';
import { rematerializeStoredCases } from './couchdb/case-upgrade.ts';
import { addMissingCalendarYears } from './couchdb/calendar-seed.ts';
import { setupHub } from './couchdb/setup.ts';
import type { HubPort } from '../server/hub/hub-port.ts';

export interface HubPreparation {
  readonly casesRematerialized: number;
  readonly calendarYearsAdded: number;
}

export async function prepareHub(hub: HubPort): Promise<HubPreparation> {
  await setupHub(hub);
  const casesRematerialized = await rematerializeStoredCases(hub);
  await claimStoredCaseNumbers(hub);
  const calendarYearsAdded = await addMissingCalendarYears(hub);
  return { casesRematerialized, calendarYearsAdded };
}
