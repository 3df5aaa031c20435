import { hubDatabaseName } from '../../schemas/collections.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import type { HubDatabasePort } from '../../server/hub/hub-port.ts';
import { hubCall, type HubAddress } from './hub-http.ts';

/** A case as the hub holds it once the gateway stored it: every event with its receipt, refolded. */
export function syncedCase(doc: CaseDoc, receivedAtMs: number): CaseDoc {
  const synced = materializeCase(doc.id, doc.events, doc.events.map((e) => ({ eventId: e.id, at: receivedAtMs })), doc.visibleTo);
  if (synced === null) throw new Error(`case ${doc.id} has no accept step`);
  return synced;
}

/** Writes cases straight into the hub's cases database (behind the gateway), in chunks. */
export async function plantCases(cases: HubDatabasePort, docs: readonly CaseDoc[], receivedAtMs: number, chunk = 1000): Promise<void> {
  for (let i = 0; i < docs.length; i += chunk) {
    const results = await cases.bulkWrite(docs.slice(i, i + chunk).map((d) => asCouchDoc('cases', syncedCase(d, receivedAtMs))));
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) throw new Error(`planting cases: ${failed.length} refused by the hub`);
  }
}

/** How many cases the hub holds that `unitId` may see: rows of its per-unit index (databases named with `databasePrefix`, the default when absent). */
export function hubVisibleCount(hub: HubAddress, unitId: string, databasePrefix?: string): Promise<number> {
  return unitRowCount(hub, 'by_visible_unit', unitId, databasePrefix);
}

/** How many cases the hub holds that `unitId` works on (holds, was sent, took a step on): what a city device copies. */
export function hubWorkedCount(hub: HubAddress, unitId: string, databasePrefix?: string): Promise<number> {
  return unitRowCount(hub, 'by_worked_unit', unitId, databasePrefix);
}

async function unitRowCount(hub: HubAddress, view: string, unitId: string, databasePrefix?: string): Promise<number> {
  const range = `startkey=${encodeURIComponent(JSON.stringify([unitId]))}&endkey=${encodeURIComponent(JSON.stringify([unitId, {}]))}`;
  const answer = await hubCall(hub, 'GET', `/${hubDatabaseName('cases', databasePrefix)}/_design/liandong/_view/${view}?${range}&reduce=false`);
  const rows = (answer.json as { rows?: unknown }).rows;
  if (answer.status !== 200 || !Array.isArray(rows)) throw new Error(`hub view answered ${answer.status}: ${JSON.stringify(answer.json).slice(0, 200)}`);
  return rows.length;
}
