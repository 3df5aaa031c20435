import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubDatabasePort, HubWriteResult } from '../../server/hub/hub-port.ts';
import { HeartbeatBatches } from '../../server/sync/heartbeat-batches.ts';

/** A heartbeats database in memory, counting the batches written and able to be away. */
class FakeHeartbeats implements Pick<HubDatabasePort, 'fetchByIds' | 'bulkWrite'> {
  readonly stored = new Map<string, HubDoc>();
  writes = 0;
  away = false;

  fetchByIds(ids: readonly string[]): Promise<Map<string, HubDoc>> {
    if (this.away) return Promise.reject(new Error('hub away'));
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

const beat = (device: string, receivedAt: number): HubDoc => ({ _id: `u1:${device}`, unitId: 'u1', receivedAt });

describe('heartbeats written in batches', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('one interval of heartbeats from many devices is one write, the newest of each device', async () => {
    vi.useFakeTimers();
    const db = new FakeHeartbeats();
    const written: string[] = [];
    const batches = new HeartbeatBatches({ db, flushMs: 2_000, written: (doc) => written.push(doc._id) });
    for (let i = 0; i < 100; i += 1) batches.absorb([beat(`dev-${i % 50}`, i)]);
    expect(db.writes).toBe(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(db.writes).toBe(1);
    expect(db.stored.size).toBe(50);
    expect(db.stored.get('u1:dev-7')?.receivedAt).toBe(57);
    expect(written).toHaveLength(50);
    // Stored ones are updated in place with their revision.
    batches.absorb([beat('dev-7', 200)]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(db.writes).toBe(2);
    expect(db.stored.get('u1:dev-7')).toMatchObject({ receivedAt: 200, _rev: '2-x' });
  });

  it('a clean stop writes what waits', async () => {
    const db = new FakeHeartbeats();
    const batches = new HeartbeatBatches({ db, flushMs: 60_000, written: () => undefined });
    batches.absorb([beat('dev-a', 1), beat('dev-b', 2)]);
    await batches.stop();
    expect([...db.stored.keys()].sort()).toEqual(['u1:dev-a', 'u1:dev-b']);
  });

  it('keeps a batch the hub did not take for the next flush, unless the device beat again meanwhile', async () => {
    const db = new FakeHeartbeats();
    const batches = new HeartbeatBatches({ db, flushMs: 60_000, written: () => undefined });
    db.away = true;
    batches.absorb([beat('dev-a', 1), beat('dev-b', 2)]);
    await expect(batches.flush()).rejects.toThrow('hub away');
    batches.absorb([beat('dev-b', 3)]);
    db.away = false;
    await batches.stop();
    expect(db.stored.get('u1:dev-a')?.receivedAt).toBe(1);
    expect(db.stored.get('u1:dev-b')?.receivedAt).toBe(3);
  });

  it('never overwrites a newer beat another gateway stored', async () => {
    const db = new FakeHeartbeats();
    db.stored.set('u1:dev-a', { ...beat('dev-a', 10), _rev: '1-x' });
    const batches = new HeartbeatBatches({ db, flushMs: 60_000, written: () => undefined });
    batches.absorb([beat('dev-a', 5)]);
    await batches.stop();
    expect(db.stored.get('u1:dev-a')?.receivedAt).toBe(10);
  });
});
