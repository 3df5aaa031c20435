import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { unitTreeOf } from '../../schemas/rules/unit-tree.ts';
import type { HubDatabasePort, HubViewPage } from '../../server/hub/hub-port.ts';
import { readChanges, type ReaderContext } from '../../server/sync/changes-reader.ts';
import { decodeSeq } from '../../server/sync/seq-token.ts';
import { SYNC_COLLECTIONS } from '../../server/sync/sync-collections.ts';

const UNIT = 'community-xinghuacun';
const scope = { collection: 'cases', hub: '0123456789abcdef' };

/** A reader of the cases whose per-unit index answers `page` to every read. */
function readerOver(page: HubViewPage): ReaderContext {
  const db = { viewPage: () => Promise.resolve(page) } as unknown as HubDatabasePort;
  return { db, rules: SYNC_COLLECTIONS.cases, tree: unitTreeOf(DEMO_UNITS), unitId: UNIT, copiesAll: true, scope };
}

const position = (token: string): unknown => {
  const decoded = decodeSeq(token, scope);
  return decoded?.kind === 'position' ? decoded.position : decoded;
};

describe('a first sync\'s index walk', () => {
  it('answers only documents the unit may see now, and goes on after the page\'s last row even when that one is left out', async () => {
    const ctx = readerOver({
      docs: [
        { _id: 'c1', _rev: '1-a', visibleTo: [UNIT] },
        // Indexed for the unit, but no longer the unit's to see when its document was read.
        { _id: 'c2', _rev: '2-b', visibleTo: ['community-other'] },
      ],
      updateSeq: 17,
      lastId: 'c2',
      more: true,
    });
    const answer = await readChanges(ctx, { phase: 'start' }, 2);
    expect(answer.results.map((r) => r.id)).toEqual(['c1']);
    expect(answer.pending).toBe(1);
    expect(position(answer.last_seq)).toEqual({ phase: 'index', hubSeq: 17, afterId: 'c2' });
  });

  it('hands over to the changes feed from the walk\'s hub seq after a page that was not full', async () => {
    const ctx = readerOver({ docs: [{ _id: 'c9', _rev: '1-a', visibleTo: [UNIT] }], updateSeq: 99, lastId: 'c9', more: false });
    const answer = await readChanges(ctx, { phase: 'index', hubSeq: 17, afterId: 'c8' }, 2);
    expect(answer.results.map((r) => r.id)).toEqual(['c9']);
    expect(answer.pending).toBe(0);
    // The walk's own seq, not the later page's.
    expect(position(answer.last_seq)).toEqual({ phase: 'changes', hubSeq: 17 });
  });

  it('a full page whose documents were all deleted since still goes on with the walk', async () => {
    const ctx = readerOver({ docs: [], updateSeq: 5, lastId: 'c4', more: true });
    const answer = await readChanges(ctx, { phase: 'index', hubSeq: 3, afterId: 'c2' }, 2);
    expect(answer.results).toEqual([]);
    expect(answer.pending).toBe(1);
    expect(position(answer.last_seq)).toEqual({ phase: 'index', hubSeq: 3, afterId: 'c4' });
  });
});
