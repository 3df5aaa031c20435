// Stored cases get the fields a newer case schema derives: each case is materialized again from its
// events, receipts and visibility (the derived fields are a pure function of those). Found by a
// view, so a hub with nothing to upgrade costs one view read.
import { asCouchDoc, schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { validators } from '../../schemas/validators.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';

const PAGE = 500;

/** Materializes again every stored case a derived field is missing from. Returns how many it rewrote. */
export async function rematerializeStoredCases(hub: HubPort): Promise<number> {
  const cases = hub.database('cases');
  let rewritten = 0;
  for (;;) {
    // Rewritten cases leave the view, so each page starts at its beginning.
    const rows = await cases.viewKeys('liandong', 'to_rematerialize', null, PAGE);
    if (rows.length === 0) return rewritten;
    const stored = await cases.fetchByIds(rows.map((r) => r.id));
    const writes = [...stored.values()].flatMap((doc) => {
      const core = schemaFieldsOf(doc);
      if (!validators.caseCore(core)) return [];
      const again = materializeCase(core.id, core.events, core.receipts, core.visibleTo);
      return again !== null && validators.case(again) ? [{ ...asCouchDoc('cases', again), ...(doc._rev === undefined ? {} : { _rev: doc._rev }) }] : [];
    });
    if (writes.length === 0) throw new Error(`${rows.length} stored cases cannot be materialized again (first: ${rows[0]?.id ?? ''}); check them by hand`);
    const results = await cases.bulkWrite(writes);
    rewritten += results.filter((r) => r.error === undefined).length;
  }
}
