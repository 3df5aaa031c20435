import fc from 'fast-check';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStationDatabase, type StationDatabase } from '../../replication/station-database.ts';
import { startStationSync, type StationSync } from '../../replication/station-sync.ts';
import type { SyncStatus } from '../../replication/sync-status.ts';
import { buildStationCases } from '../bench/case-factory.ts';
import { hubVisibleCount, plantCases } from '../helpers/planted-cases.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const STATION = 'community-xinghuacun';
const OTHER = 'community-anjuyuan';
const OWN_CASES = 700;

let network: TestNetwork;
let session: Session;
let visible = 0;

beforeAll(async () => {
  network = await startTestNetwork();
  session = await network.login(network.account(STATION).username);
  const startMs = Date.now() - 3_600_000;
  const own = buildStationCases({ actor: session.actor, deviceId: 'dev-planted-own', count: OWN_CASES, startMs, seed: 11 });
  const others = buildStationCases({ actor: { unitId: OTHER, tier: 'community', role: 'community_worker', workerId: OTHER }, deviceId: 'dev-planted-other', count: 200, startMs, seed: 12 });
  await plantCases(network.hubPort.database('cases'), [...own, ...others], Date.now());
  // The embedded hub or Apache CouchDB (the CouchDB suite runs this file again).
  const { urls, admin, databasePrefix } = network.hubAddress;
  visible = await hubVisibleCount({ url: urls[0] ?? '', admin }, STATION, databasePrefix);
});

afterAll(async () => {
  await network?.stop();
});

/**
 * Memory storage whose case writes take `delayMs()` each: a store slower than the link, as
 * IndexedDB is under a large first sync. The replication's own bookkeeping is not slowed.
 */
function slowCaseStorage(base: RxStorage<unknown, unknown>, delayMs: () => number): RxStorage<unknown, unknown> {
  return {
    name: base.name,
    rxdbVersion: base.rxdbVersion,
    async createStorageInstance(params) {
      const instance = await base.createStorageInstance(params);
      if (params.collectionName !== 'cases') return instance;
      return new Proxy(instance, {
        get(target, prop, receiver) {
          if (prop === 'bulkWrite') {
            return async (...args: Parameters<typeof target.bulkWrite>) => {
              await new Promise((resolve) => setTimeout(resolve, delayMs()));
              return target.bulkWrite(...args);
            };
          }
          const value: unknown = Reflect.get(target, prop, receiver);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      });
    },
  };
}

interface PullRecord {
  readonly since: string;
  /** Cases stored when the request went out. */
  readonly storedBefore: number;
  docs: number;
}

interface Run {
  readonly db: StationDatabase;
  readonly sync: StationSync;
  readonly pulls: PullRecord[];
  /** Every status the sync reported, with the cases stored when it came (read right after). */
  readonly doneChecks: Promise<{ stored: number; status: SyncStatus }>[];
}

/** One start of the station on its database: the tab opening (again). */
async function startRun(name: string, storage: RxStorage<unknown, unknown>, batchSize: number, maxPagesInFlight: number): Promise<Run> {
  const db = await createStationDatabase({ name, storage });
  const pulls: PullRecord[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const isPull = url.pathname.endsWith(`/sync/${STATION}/cases/_changes`) && url.searchParams.get('feed') !== 'longpoll';
    if (!isPull) return fetch(input, init);
    const record: PullRecord = { since: url.searchParams.get('since') ?? '', storedBefore: await db.cases.count().exec(), docs: 0 };
    pulls.push(record);
    const response = await fetch(input, init);
    const body = await response.text();
    const page = JSON.parse(body) as { results?: unknown[] };
    record.docs = Array.isArray(page.results) ? page.results.length : 0;
    return new Response(body, { status: response.status, headers: response.headers });
  };
  const sync = await startStationSync({
    db,
    gatewayUrl: network.url,
    unitId: STATION,
    deviceId: `dev-${name}`,
    session: { token: () => session.token },
    fetch: countingFetch,
    longpollMs: 5_000,
    backoff: { baseMs: 100, maxMs: 1_000 },
    batchSize,
    maxPagesInFlight,
  });
  const doneChecks: Run['doneChecks'] = [];
  let seenDone = false;
  sync.status$.subscribe((status) => {
    if (!status.initialSyncDone || seenDone) return;
    seenDone = true;
    // Read right after "done" showed: nothing more arrives meanwhile (the hub is quiet).
    doneChecks.push(db.cases.count().exec().then((stored) => ({ stored, status })));
  });
  return { db, sync, pulls, doneChecks };
}

// On Apache CouchDB it once hung past its time limit in the full CouchDB phase. A suspect was
// fixed: the page ledger dropped its pages on a write error, though RxDB still writes the
// checkpoint after a failed meta row, so the page that said "nothing more" was lost and "done"
// never showed (`persisted-pages.ts`, unit-tested). It runs on both hubs again.
describe('first sync: "synced" means stored', () => {
  it('a first sync killed mid-way resumes from what was stored, never shows done early, and shows done with the hub’s visible count stored', async () => {
    expect(visible).toBe(OWN_CASES);
    const base = getRxStorageMemory();
    let runNo = 0;
    await fc.assert(fc.asyncProperty(
      fc.record({
        batchSize: fc.integer({ min: 20, max: 100 }),
        maxPagesInFlight: fc.integer({ min: 1, max: 3 }),
        writeDelayMs: fc.integer({ min: 0, max: 25 }),
        killAtFraction: fc.double({ min: 0.15, max: 0.85, noNaN: true }),
      }),
      async ({ batchSize, maxPagesInFlight, writeDelayMs, killAtFraction }) => {
        runNo += 1;
        const name = `firstsync${runNo}${Math.random().toString(36).slice(2, 8)}`;
        const storage = slowCaseStorage(base, () => writeDelayMs);
        const killAt = Math.max(3 * batchSize, Math.floor(visible * killAtFraction));

        // The tab opens and syncs until `killAt` cases are stored; then it is closed.
        const first = await startRun(name, storage, batchSize, maxPagesInFlight);
        await eventually(() => first.db.cases.count().exec(), (n) => n >= killAt || first.sync.status().initialSyncDone, 100_000, `${killAt} cases stored`);
        await first.sync.stop();
        const storedAtKill = await first.db.cases.count().exec();
        await first.db.close();

        // Pulled pages never ran ahead of the store by more than the pages allowed in flight.
        first.pulls.forEach((pull, n) => {
          const fullPagesStored = Math.max(0, n - maxPagesInFlight + 1);
          expect(pull.storedBefore, `pull ${n} of the first run`).toBeGreaterThanOrEqual(Math.min(fullPagesStored * batchSize, visible));
        });
        for (const check of await Promise.all(first.doneChecks)) expect(check.stored, 'done before the kill').toBe(visible);

        // The tab opens again: sync resumes from the stored checkpoint, not from the beginning.
        const second = await startRun(name, storage, batchSize, maxPagesInFlight);
        try {
          await eventually(() => second.sync.status().initialSyncDone, (done) => done, 100_000, 'the resumed first sync to finish');
          const [done] = await Promise.all(second.doneChecks);
          expect(done?.stored, 'stored when done showed').toBe(visible);
          // A device whose first sync finished before the kill comes back in sync and counts
          // nothing; one that never saw "done" shows the exact count with it.
          if (first.doneChecks.length === 0) expect(done?.status.storedCases, 'the count done showed').toBe(visible);
          else expect([null, visible], 'the count done showed').toContain(done?.status.storedCases);
          expect(second.pulls[0]?.since, 'the resumed sync’s first pull').not.toBe('0');
          const pulledAgain = second.pulls.reduce((sum, p) => sum + p.docs, 0);
          expect(pulledAgain, 'cases pulled after the restart').toBeLessThanOrEqual(visible - storedAtKill + (maxPagesInFlight + 1) * batchSize);
        } finally {
          await second.sync.stop();
          await second.db.remove();
        }
      },
    // The example: small fast pages, once seen to finish storing before the kill, with "done" unseen.
    ), { numRuns: 6, examples: [[{ batchSize: 20, maxPagesInFlight: 1, writeDelayMs: 0, killAtFraction: 0.8156561477222262 }]] });
  });
});
