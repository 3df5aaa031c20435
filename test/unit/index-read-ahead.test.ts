import { describe, expect, it } from 'vitest';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubDatabasePort, HubViewPage } from '../../server/hub/hub-port.ts';
import { withIndexReadAhead } from '../../server/sync/index-read-ahead.ts';

/** A unit's rows of the per-unit index, read `limit` at a time after `afterId`, each read recorded. */
function fakeIndex(ids: readonly string[], fail: (afterId: string | null) => boolean = () => false) {
  const reads: (string | null)[] = [];
  const db = {
    viewPage(_ddoc: string, _view: string, _key: string, afterId: string | null, limit: number): Promise<HubViewPage> {
      reads.push(afterId);
      if (fail(afterId)) return Promise.reject(new Error('hub unreachable'));
      const from = afterId === null ? 0 : ids.indexOf(afterId) + 1;
      const page = ids.slice(from, from + limit);
      const docs: HubDoc[] = page.map((_id) => ({ _id, _rev: '1-a' }));
      return Promise.resolve({ docs, updateSeq: 42, lastId: page.at(-1) ?? null, more: page.length === limit });
    },
  };
  return { reads, db: db as unknown as HubDatabasePort };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const idsOf = (page: HubViewPage): string[] => page.docs.map((d) => d._id);

describe('index walks read a page ahead', () => {
  it('reads the next page while the current one is answered, and answers it from what was read', async () => {
    const hub = fakeIndex(['a', 'b', 'c', 'd', 'e']);
    const db = withIndexReadAhead(hub.db, { maxDocs: 100, ttlMs: 10_000 });
    expect(idsOf(await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 2))).toEqual(['a', 'b']);
    await settle();
    expect(hub.reads).toEqual([null, 'b']);
    expect(idsOf(await db.viewPage('liandong', 'by_visible_unit', 'u1', 'b', 2))).toEqual(['c', 'd']);
    expect(idsOf(await db.viewPage('liandong', 'by_visible_unit', 'u1', 'd', 2))).toEqual(['e']);
    await settle();
    // Each page read once; nothing read after the last (short) page.
    expect(hub.reads).toEqual([null, 'b', 'd']);
  });

  it('never answers a first page from memory: it brings the index up to date', async () => {
    const hub = fakeIndex(['a', 'b', 'c']);
    const db = withIndexReadAhead(hub.db, { maxDocs: 100, ttlMs: 10_000 });
    await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 1);
    await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 1);
    expect(hub.reads.filter((r) => r === null)).toHaveLength(2);
  });

  it('keeps another unit, another size or another start apart', async () => {
    const hub = fakeIndex(['a', 'b', 'c', 'd']);
    const db = withIndexReadAhead(hub.db, { maxDocs: 100, ttlMs: 10_000 });
    await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 2);
    await settle();
    await db.viewPage('liandong', 'by_visible_unit', 'u2', 'b', 2);
    await db.viewPage('liandong', 'by_visible_unit', 'u1', 'b', 3);
    // The page read ahead for u1 (after b, 2 rows) served neither: both read their own.
    expect(hub.reads.filter((r) => r === 'b')).toHaveLength(3);
  });

  it('holds at most maxDocs for pages not asked for, and drops a page no one asks for', async () => {
    const hub = fakeIndex(['a', 'b', 'c', 'd', 'e', 'f']);
    const db = withIndexReadAhead(hub.db, { maxDocs: 2, ttlMs: 20 });
    await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 2);
    await db.viewPage('liandong', 'by_visible_unit', 'u2', null, 2);
    await settle();
    // u1's page after b is held (2 documents): no room for u2's.
    expect(hub.reads).toEqual([null, 'b', null]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Dropped after its time: the walk reads it again when it comes back.
    await db.viewPage('liandong', 'by_visible_unit', 'u1', 'b', 2);
    expect(hub.reads.slice(0, 4)).toEqual([null, 'b', null, 'b']);
  });

  it('a read ahead that failed is read again for the request, which hears of a failure only from its own read', async () => {
    let failures = 1;
    const hub = fakeIndex(['a', 'b', 'c', 'd'], (afterId) => afterId === 'b' && failures-- > 0);
    const db = withIndexReadAhead(hub.db, { maxDocs: 100, ttlMs: 10_000 });
    await db.viewPage('liandong', 'by_visible_unit', 'u1', null, 2);
    await settle();
    expect(idsOf(await db.viewPage('liandong', 'by_visible_unit', 'u1', 'b', 2))).toEqual(['c', 'd']);
    expect(hub.reads.slice(0, 3)).toEqual([null, 'b', 'b']);
  });
});
