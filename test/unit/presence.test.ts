import { describe, expect, it } from 'vitest';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubDatabasePort, HubWriteResult } from '../../server/hub/hub-port.ts';
import { PresenceRecorder } from '../../server/services/presence.ts';

/** A presence database in memory, counting reads and writes, able to be away. */
class FakePresence implements Pick<HubDatabasePort, 'fetchByIds' | 'bulkWrite'> {
  readonly stored = new Map<string, HubDoc>();
  reads = 0;
  writes = 0;
  away = false;

  fetchByIds(ids: readonly string[]): Promise<Map<string, HubDoc>> {
    if (this.away) return Promise.reject(new Error('hub away'));
    this.reads += 1;
    return Promise.resolve(new Map(ids.flatMap((id) => {
      const doc = this.stored.get(id);
      return doc === undefined ? [] : [[id, doc] as const];
    })));
  }

  bulkWrite(docs: readonly HubDoc[]): Promise<HubWriteResult[]> {
    if (this.away) return Promise.reject(new Error('hub away'));
    this.writes += 1;
    return Promise.resolve(docs.map((doc) => {
      const current = this.stored.get(doc._id);
      if (current?._rev !== doc._rev) return { id: doc._id, error: 'conflict' };
      const rev = `${Number((current?._rev ?? '0').split('-')[0]) + 1}-x`;
      this.stored.set(doc._id, { ...doc, _rev: rev });
      return { id: doc._id, rev };
    }));
  }
}

/** 2026-12-01 10:30 in China (02:30 UTC). */
const T = Date.UTC(2026, 11, 1, 2, 30);
const HOUR = 3_600_000;

describe('presence recorded in batches', () => {
  it('many units heard within one interval cost one read and one write; the same hour again costs nothing', async () => {
    const db = new FakePresence();
    let now = T;
    const recorder = new PresenceRecorder({ db, now: () => now, flushMs: 60_000 });
    for (let i = 0; i < 50; i += 1) recorder.heard(`community-${i}`);
    recorder.heard('community-0');
    await recorder.flush();
    expect([db.reads, db.writes]).toEqual([1, 1]);
    expect(db.stored.get('community-7:2026-12-01')).toMatchObject({ unitId: 'community-7', day: '2026-12-01', hours: [10] });

    recorder.heard('community-7');
    await recorder.flush();
    expect([db.reads, db.writes], 'an hour recorded here is not written again').toEqual([1, 1]);

    now = T + HOUR;
    recorder.heard('community-7');
    await recorder.stop();
    expect(db.stored.get('community-7:2026-12-01')).toMatchObject({ hours: [10, 11] });
  });

  it('merges with what another gateway wrote meanwhile, and keeps the hours for the next flush while the hub is away', async () => {
    const db = new FakePresence();
    const recorder = new PresenceRecorder({ db, now: () => T, flushMs: 60_000 });
    db.stored.set('community-1:2026-12-01', { _id: 'community-1:2026-12-01', _rev: '1-x', id: 'community-1:2026-12-01', unitId: 'community-1', day: '2026-12-01', hours: [9] });
    db.away = true;
    recorder.heard('community-1');
    await expect(recorder.flush()).rejects.toThrow('hub away');
    db.away = false;
    await recorder.stop();
    expect(db.stored.get('community-1:2026-12-01')).toMatchObject({ hours: [9, 10] });
  });
});
