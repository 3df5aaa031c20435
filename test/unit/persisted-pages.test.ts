import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PersistedPages, type ReplicationWrites, type StoredPages } from '../../replication/persisted-pages.ts';

/** A replication as the ledger reads it: checkpoint writes of its meta instance, and its errors. */
function fakeReplication() {
  const meta = new Subject<{ events: { documentData: { isCheckpoint: string; itemId: string; checkpointData: { seq: string } } }[] }>();
  const errors = new Subject<{ parameters: { writeError?: unknown } }>();
  const replication: ReplicationWrites = { metaInstance: { changeStream: () => meta }, error$: errors };
  return {
    replication,
    checkpointStored: (seq: string) => meta.next({ events: [{ documentData: { isCheckpoint: '1', itemId: 'down', checkpointData: { seq } } }] }),
    writeFailed: () => errors.next({ parameters: { writeError: { status: 500 } } }),
  };
}

function ledger(maxWaitMs = 60_000) {
  const told: StoredPages[] = [];
  const pages = new PersistedPages({ maxPagesInFlight: 2, maxWaitMs, stored: (p) => told.push(p) });
  return { pages, told };
}

describe('the ledger of pulled pages', () => {
  it('a page counts once its checkpoint, or a later one, is stored; a page without documents as soon as those before it are', () => {
    const { pages, told } = ledger();
    const fake = fakeReplication();
    pages.follow(fake.replication);
    pages.pulled({ seq: 'a' }, 100, false);
    pages.pulled({ seq: 'b' }, 100, false);
    pages.pulled({ seq: 'c' }, 0, true);
    expect(pages.inFlight).toBe(2);
    expect(told).toEqual([]);
    fake.checkpointStored('b');
    expect(told).toEqual([{ caughtUp: false, docs: 200 }, { caughtUp: true, docs: 0 }]);
    expect(pages.inFlight).toBe(0);
  });

  it('a write error keeps the pages: a checkpoint RxDB still writes after it says the gateway had nothing more', () => {
    const { pages, told } = ledger();
    const fake = fakeReplication();
    pages.follow(fake.replication);
    pages.pulled({ seq: 'a' }, 100, false);
    pages.pulled({ seq: 'b' }, 40, true);
    // A meta row failed; RxDB reports it and writes the checkpoint all the same.
    fake.writeFailed();
    fake.checkpointStored('b');
    expect(told).toEqual([{ caughtUp: true, docs: 140 }]);
  });

  it('a pull waiting for room goes on when a page is stored, or when a write fails, not only after its wait', async () => {
    const { pages } = ledger();
    const fake = fakeReplication();
    pages.follow(fake.replication);
    pages.pulled({ seq: 'a' }, 100, false);
    pages.pulled({ seq: 'b' }, 100, false);
    let went = false;
    const waiting = pages.room().then((go) => {
      went = go;
    });
    await Promise.resolve();
    expect(went).toBe(false);
    fake.writeFailed();
    await waiting;
    expect(went).toBe(true);
    // The failed page still counts until a checkpoint covers it.
    expect(pages.inFlight).toBe(2);
    fake.checkpointStored('b');
    expect(pages.inFlight).toBe(0);
    expect(await pages.room()).toBe(true);
  });

  it('a checkpoint of no page pulled here acknowledges nothing; once stopped, a pull is told not to go', async () => {
    const { pages, told } = ledger();
    const fake = fakeReplication();
    pages.follow(fake.replication);
    pages.pulled({ seq: 'a' }, 10, true);
    fake.checkpointStored('from-an-earlier-run');
    expect(told).toEqual([]);
    pages.stop();
    expect(pages.inFlight).toBe(0);
    expect(await pages.room()).toBe(false);
  });
});
