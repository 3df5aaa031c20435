import { describe, expect, it } from 'vitest';
import type { HubChange } from '../../server/hub/hub-port.ts';
import { CollectionMirror } from '../../server/sync/collection-mirror.ts';

function change(id: string, seq: unknown, note = id, deleted = false): HubChange {
  return { id, rev: `1-${note}`, seq, doc: deleted ? null : { _id: id, _rev: `1-${note}`, note }, deleted };
}

const ids = (page: ReturnType<CollectionMirror['changesSince']>): string[] | null => page?.rows.map((r) => r.doc._id) ?? null;

describe('the gateway\'s memory of a shared collection', () => {
  describe('on the embedded hub (integer seqs, the same for every gateway)', () => {
    const loaded = (): CollectionMirror => {
      const mirror = new CollectionMirror();
      mirror.load([change('a', 1), change('b', 2), change('c', 3)], 3);
      return mirror;
    };

    it('answers from the beginning, page by page, each page ending where the next starts', () => {
      const mirror = loaded();
      const first = mirror.changesSince(0, 2);
      expect(ids(first)).toEqual(['a', 'b']);
      expect(first).toMatchObject({ lastHubSeq: 2, pending: 1 });
      const second = mirror.changesSince(first?.lastHubSeq, 2);
      expect(ids(second)).toEqual(['c']);
      expect(second).toMatchObject({ lastHubSeq: 3, pending: 0 });
      expect(ids(mirror.changesSince(3, 2))).toEqual([]);
    });

    it('places any seq up to its own, whoever issued it; a changed document moves to its new seq', () => {
      const mirror = loaded();
      mirror.apply([change('a', 5, 'a2')], 5);
      expect(ids(mirror.changesSince(1, 10))).toEqual(['b', 'c', 'a']);
      // Seq 4 was never seen here (another gateway's last_seq): still placed exactly.
      expect(ids(mirror.changesSince(4, 10))).toEqual(['a']);
      expect(mirror.changesSince(4, 10)?.rows[0]?.doc.note).toBe('a2');
    });

    it('leaves a seq beyond its own to the hub: it may be behind the station', () => {
      expect(loaded().changesSince(9, 10)).toBeNull();
    });

    it('drops deleted documents and design documents', () => {
      const mirror = loaded();
      mirror.apply([change('b', 4, 'b', true), change('_design/x', 5)], 5);
      expect(ids(mirror.changesSince(0, 10))).toEqual(['a', 'c']);
      expect([...mirror.documents(['a', 'b', '_design/x']).keys()]).toEqual(['a']);
    });
  });

  describe('on Apache CouchDB (opaque seqs, different for each reader)', () => {
    const loaded = (): CollectionMirror => {
      const mirror = new CollectionMirror();
      mirror.load([change('a', '1-gA'), change('b', '2-gB'), change('c', '3-gC')], '3-gC');
      return mirror;
    };

    it('places a seq it has seen exactly', () => {
      const mirror = loaded();
      mirror.apply([change('b', '4-gD', 'b2')], '4-gD');
      expect(ids(mirror.changesSince('3-gC', 10))).toEqual(['b']);
      expect(ids(mirror.changesSince('4-gD', 10))).toEqual([]);
      expect(ids(mirror.changesSince('1-gA', 10))).toEqual(['c', 'b']);
    });

    it('answers a seq it never saw (another gateway, before a restart) with everything, ending at its own position', () => {
      const page = loaded().changesSince('2-otherGateway', 10);
      expect(ids(page)).toEqual(['a', 'b', 'c']);
      expect(page?.lastHubSeq).toBe('3-gC');
    });

    it('leaves a seq it cannot place to the hub: beyond its own, or unreadable', () => {
      expect(loaded().changesSince('7-ahead', 10)).toBeNull();
      expect(loaded().changesSince('g1AAAA', 10)).toBeNull();
    });
  });

  it('is current only once loaded and while its follower reaches the hub', () => {
    const mirror = new CollectionMirror();
    expect(mirror.current).toBe(false);
    expect(mirror.changesSince(0, 10)).toBeNull();
    mirror.load([change('a', 1)], 1);
    expect(mirror.current).toBe(true);
    mirror.lost();
    expect(mirror.current).toBe(false);
    mirror.apply([], 1);
    expect(mirror.current).toBe(true);
  });
});
