// Binds every stored case's number to its case, for cases stored without a claim: the demo seed's,
// and any written before numbers were claimed. Idempotent; skipped when every number is claimed.
import type { HubPort, HubViewKey } from '../../server/hub/hub-port.ts';
import { claimCaseNumbers } from '../../server/sync/case-number-claims.ts';

const PAGE = 1_000;

/** Claims each unclaimed number for the first case (by id) that carries it. Returns how many rows it read. */
export async function claimStoredCaseNumbers(hub: HubPort): Promise<number> {
  const cases = hub.database('cases');
  const claims = hub.database('caseNumbers');
  // Each claim is one document; fewer claims than numbered cases means some are missing.
  if ((await claims.docCount()) >= (await cases.viewRowCount('liandong', 'by_number'))) return 0;
  let after: HubViewKey | null = null;
  let read = 0;
  for (;;) {
    const rows = await cases.viewKeys('liandong', 'by_number', after, PAGE);
    read += rows.length;
    const firstPerNumber = new Map<string, string>();
    for (const row of rows) if (typeof row.key === 'string' && !firstPerNumber.has(row.key)) firstPerNumber.set(row.key, row.id);
    await claimCaseNumbers(claims, [...firstPerNumber].map(([number, caseId]) => ({ number, caseId })));
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return read;
    after = last;
  }
}
