import { describe, expect, it } from 'vitest';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubChange, HubChangesPage, HubDatabasePort } from '../../server/hub/hub-port.ts';
import { RecentChanges, withRecentChanges } from '../../server/sync/recent-changes.ts';

const change = (seq: number, id = `case-${seq}`): HubChange => ({ id, rev: `1-${seq}`, seq, doc: { _id: id, _rev: `1-${seq}` } as HubDoc, deleted: false });

/** The hub's feed: every change from 1 to `upTo`; counts what it was asked. */
function fakeFeed(upTo: () => number): { db: HubDatabasePort; asked: [unknown, number][] } {
  const asked: [unknown, number][] = [];
  const changes = (since: unknown, limit: number): Promise<HubChangesPage> => {
    asked.push([since, limit]);
    const from = Number(since) + 1;
    const results: HubChange[] = [];
    for (let seq = from; seq <= upTo() && results.length < limit; seq += 1) results.push(change(seq));
    return Promise.resolve({ results, lastSeq: results.at(-1)?.seq ?? upTo() });
  };
  return { db: { changes } as unknown as HubDatabasePort, asked };
}

describe('recent changes: the feed\'s tail in memory', () => {
  it('places a since at its start, end, on a change or by number, and refuses one it cannot place', () => {
    const tail = new RecentChanges(100);
    expect(tail.after(5, 10)).toBeNull();
    tail.start(5);
    tail.append([change(6), change(8), change(9)], 9);
    expect(tail.after(5, 10)?.results.map((c) => c.seq)).toEqual([6, 8, 9]);
    expect(tail.after(6, 10)?.results.map((c) => c.seq)).toEqual([8, 9]);
    expect(tail.after(7, 10)?.results.map((c) => c.seq)).toEqual([8, 9]);
    expect(tail.after(9, 10)).toEqual({ results: [], lastSeq: 9, toEnd: true });
    expect(tail.after(5, 2)).toEqual({ results: [change(6), change(8)], lastSeq: 8, toEnd: false });
    expect(tail.after(4, 10), 'before the tail').toBeNull();
    expect(tail.after(10, 10), 'beyond the tail').toBeNull();
    expect(tail.after('7-opaque', 10), 'an opaque seq it never saw').toBeNull();
  });

  it('forgets the oldest beyond its capacity, and no longer places a since before them', () => {
    const tail = new RecentChanges(3);
    tail.start(0);
    tail.append([1, 2, 3, 4, 5].map((s) => change(s)), 5);
    expect(tail.size).toBe(3);
    expect(tail.after(1, 10)).toBeNull();
    expect(tail.after(2, 10)?.results.map((c) => c.seq)).toEqual([3, 4, 5]);
    expect(tail.after(4, 10)?.results.map((c) => c.seq)).toEqual([5]);
  });

  it('places opaque seqs (Apache CouchDB) by what it saw only', () => {
    const tail = new RecentChanges(10);
    tail.start('5-a');
    tail.append([{ ...change(6), seq: '6-b' }, { ...change(7), seq: '7-c' }], '7-c');
    expect(tail.after('5-a', 10)?.results.map((c) => c.seq)).toEqual(['6-b', '7-c']);
    expect(tail.after('6-b', 10)?.results.map((c) => c.seq)).toEqual(['7-c']);
    expect(tail.after('6-x', 10)).toBeNull();
  });

  it('a read from the tail asks the hub only for what lies beyond it, and one it cannot place goes to the hub', async () => {
    let hubAt = 12;
    const { db, asked } = fakeFeed(() => hubAt);
    const tail = new RecentChanges(100);
    tail.start(0);
    tail.append(Array.from({ length: 10 }, (_, i) => change(i + 1)), 10);
    let current = false;
    const reader = withRecentChanges(db, tail, () => current);

    const full = await reader.changes(2, 4);
    expect(full.results.map((c) => c.seq)).toEqual([3, 4, 5, 6]);
    expect(full.lastSeq).toBe(6);
    expect(asked, 'a page the tail fills').toEqual([]);

    const past = await reader.changes(8, 10);
    expect(past.results.map((c) => c.seq), 'the tail, then the hub beyond it').toEqual([9, 10, 11, 12]);
    expect(past.lastSeq).toBe(12);
    expect(asked).toEqual([[10, 8]]);

    current = true;
    const behind = await reader.changes(8, 10);
    expect(behind.results.map((c) => c.seq), 'the follower current: the tail alone').toEqual([9, 10]);
    expect(behind.lastSeq).toBe(10);
    expect(asked).toHaveLength(1);

    hubAt = 13;
    tail.append([change(11), change(12), change(13)], 13);
    const before = new RecentChanges(100);
    const cold = await withRecentChanges(db, before, () => true).changes(3, 2);
    expect(cold.results.map((c) => c.seq), 'no tail yet: the hub').toEqual([4, 5]);
  });
});
