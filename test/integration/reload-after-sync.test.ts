import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { CaseDesk } from '../../replication/case-desk.ts';
import { createStationDatabase, type StationDatabase } from '../../replication/station-database.ts';
import { startStationSync, type StationSync } from '../../replication/station-sync.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const COMMUNITY = 'community-xinghuacun';
/** Nothing listens here: the device is offline. */
const NOWHERE = 'http://127.0.0.1:9';

/**
 * A device that completed its first sync, reloaded: offline it says it works on its own data, not
 * that a first sync runs; what waits to upload is counted in cases.
 */
describe('a reload after the first sync', () => {
  let network: TestNetwork;
  let db: StationDatabase;
  let session: Session;
  const syncs: StationSync[] = [];

  beforeAll(async () => {
    network = await startTestNetwork();
    session = await network.login(network.account(COMMUNITY).username);
    db = await createStationDatabase({ name: `reload-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
  });
  afterAll(async () => {
    await Promise.allSettled(syncs.map((s) => s.stop()));
    await db.close();
    await network.stop();
  });

  async function start(gatewayUrl: string): Promise<StationSync> {
    const sync = await startStationSync({ db, gatewayUrl, unitId: COMMUNITY, deviceId: 'dev-reload', session: { token: () => session.token }, longpollMs: 2_000, backoff: { baseMs: 100, maxMs: 1_000 }, requestTimeoutMs: 2_000 });
    syncs.push(sync);
    return sync;
  }

  it('is no first sync: offline, the device works on the data it stored; its waiting steps count as cases', async () => {
    const first = await start(network.url);
    expect(first.status().firstSyncedAt).toBeNull();
    const synced = await eventually(() => first.status(), (s) => s.initialSyncDone && s.firstSyncedAt !== null, 30_000, 'the first sync to complete and be marked');
    expect(synced.firstSyncedAt).toBeGreaterThan(0);
    await first.stop();
    syncs.splice(syncs.indexOf(first), 1);

    const reloaded = await start(NOWHERE);
    const offline = await eventually(() => reloaded.status(), (s) => s.online === false && s.firstSyncedAt !== null, 30_000, 'the reloaded device to know it synced before, offline');
    expect(offline.initialSyncDone).toBe(false);
    expect(offline.firstSyncedAt).toBe(synced.firstSyncedAt);

    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.kind === 'commitment' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const desk = new CaseDesk({ db, actor: session.actor, deviceId: 'dev-reload', now: () => reloaded.hubClock.now() });
    for (let i = 0; i < 2; i += 1) {
      const doc = await desk.acceptCase({ item, applicant: { name: `申请人${i}`, idNumber: '34010219800101001X', phone: '13905510000' } });
      await desk.record(doc.id, 'forward', { toUnitId: 'street-sanxiaokou' });
    }
    const waiting = await eventually(() => reloaded.status(), (s) => s.pendingOutbound === 4, 30_000, 'four steps waiting');
    expect(waiting.pendingCases).toBe(2);
  });
});
