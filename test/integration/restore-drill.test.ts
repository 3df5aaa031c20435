import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupHub, restoreHub } from '../../ops/backup/hub-backup.ts';
import { hubPortOf, type HubTarget } from '../../ops/hub-target.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { DEFAULT_HUB_DATABASE_PREFIX, HUB_COLLECTION_NAMES, hubDatabaseName } from '../../schemas/collections.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { build } from '../../server/app.ts';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { basicAuthorization } from '../../server/hub/hub-credentials.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer.ts';
import { RemoteStation } from '../helpers/remote-station.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';
import { eventually, startTestNetwork, TEST_TOKEN_SECRET, type TestNetwork } from '../helpers/test-network.ts';

const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';

/** Every case the hub holds: id → its event ids, sorted. */
async function hubCases(hub: HubPort): Promise<Map<string, string[]>> {
  const cases = (await hub.database('cases').allDocs()).flatMap((doc) => storedAs(doc, validators.case));
  return eventsById(cases);
}

function eventsById(cases: readonly CaseDoc[]): Map<string, string[]> {
  return new Map(cases.map((c) => [c.id, c.events.map((e) => e.id).sort()]));
}

/** What a station holds, as the hub holds the same cases. */
async function stationAgrees(station: RemoteStation, hub: Map<string, string[]>): Promise<string[]> {
  const problems: string[] = [];
  for (const [id, events] of eventsById(await station.cases())) {
    const there = hub.get(id);
    if (there === undefined) problems.push(`${id} is not on the hub`);
    else if (JSON.stringify(there) !== JSON.stringify(events)) problems.push(`${id}: station ${events.length} events, hub ${there.length}`);
  }
  return problems;
}

/**
 * The drill an operator runs: back up the hub with `npm run ops -- backup`'s code, lose it, restore
 * the backup into a fresh hub, start a gateway on it at the same address, and watch every station
 * find its way back with nothing to do. Runs on the embedded hub, and on Apache CouchDB when the
 * run has COUCHDB_TEST_URL.
 */
describe('restore drill: back up, wipe, restore into a fresh hub, every station resyncs', () => {
  let network: TestNetwork;
  let lb: LoadBalancer;
  let backupDir: string;
  const stations: RemoteStation[] = [];
  let restoredHub: EmbeddedHub | null = null;
  let restoredDir: string | null = null;
  let restoredPrefix: string | null = null;
  let gatewayB: FastifyInstance | null = null;

  beforeAll(async () => {
    // The demo's sample cases in every state, with their histories, besides the drill's own.
    network = await startTestNetwork({ sampleCases: true });
    lb = await startLoadBalancer([Number(new URL(network.url).port)]);
    backupDir = await mkdtemp(join(tmpdir(), 'liandong-backup-'));
  });

  afterAll(async () => {
    await Promise.allSettled(stations.map((s) => s.stop()));
    await gatewayB?.close();
    await restoredHub?.stop();
    if (EXTERNAL_HUB !== null && restoredPrefix !== null) await dropDatabases(EXTERNAL_HUB, restoredPrefix);
    await lb.close();
    await network.stop();
    for (const dir of [backupDir, restoredDir]) if (dir !== null) await rm(dir, { recursive: true, force: true });
  });

  it('loses no event of any case, and the stations sync on through the restored hub', async () => {
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    for (const unitId of [COMMUNITY, STREET]) {
      const { token, actor } = await network.login(network.account(unitId).username);
      stations.push(await RemoteStation.start({ name: `drill-${unitId}`, gatewayUrl: lb.url, actor, token, deviceId: `dev-drill-${unitId.slice(0, 20)}`, requestTimeoutMs: 5_000, longpollMs: 3_000, backoff: { baseMs: 100, maxMs: 1_000 } }));
    }
    const [community, street] = stations;
    if (community === undefined || street === undefined) throw new Error('stations missing');
    for (let i = 0; i < 20; i += 1) await community.accept({ item, applicant: { name: `居民${i}`, idNumber: '340104199001011234', phone: '13800551234' } });
    await Promise.all(stations.map((s) => s.awaitInSync()));
    const accepted = new Set((await community.cases()).map((c) => c.id));
    await eventually(async () => (await street.cases()).filter((c) => accepted.has(c.id)).length, (n) => n >= 20, 60_000, 'the street to hold the 20 forwarded cases');

    const source: HubTarget = { urls: network.hubAddress.urls, admin: network.hubAddress.admin, databasePrefix: network.hubAddress.databasePrefix ?? DEFAULT_HUB_DATABASE_PREFIX };
    const before = await hubCases(network.hubPort);
    expect(before.size).toBeGreaterThan(20);
    const identityBefore = await network.hubPort.database('cases').identity();
    const started = Date.now();
    const manifest = await backupHub(source, backupDir);
    const backupMs = Date.now() - started;
    expect(manifest.databases.map((d) => d.collection).sort()).toEqual([...HUB_COLLECTION_NAMES].sort());
    expect(manifest.databases.find((d) => d.collection === 'cases')?.documents).toBeGreaterThanOrEqual(20);

    // The hub is lost: every database of it dropped, its gateway gone.
    await network.app.close();
    for (const collection of HUB_COLLECTION_NAMES) {
      const answer = await fetch(`${source.urls[0] ?? ''}/${hubDatabaseName(collection, source.databasePrefix)}`, { method: 'DELETE', headers: { authorization: basicAuthorization(source.admin) } });
      await answer.body?.cancel();
      expect([200, 202]).toContain(answer.status);
    }

    // A fresh hub, the backup restored into it, a gateway on it where the old one was.
    let target: HubTarget;
    if (EXTERNAL_HUB === null) {
      restoredDir = await mkdtemp(join(tmpdir(), 'liandong-restored-'));
      restoredHub = await startEmbeddedHub({ dataDir: restoredDir });
      target = { urls: [restoredHub.url], admin: restoredHub.admin, databasePrefix: DEFAULT_HUB_DATABASE_PREFIX };
    } else {
      restoredPrefix = freshDatabasePrefix(EXTERNAL_HUB);
      target = { urls: EXTERNAL_HUB.urls, admin: EXTERNAL_HUB.admin, databasePrefix: restoredPrefix };
    }
    const restoreStarted = Date.now();
    const restored = await restoreHub(target, backupDir);
    const restoreMs = Date.now() - restoreStarted;
    expect(restored.map((r) => r.documents)).toEqual(manifest.databases.map((d) => d.documents));
    const hubB = hubPortOf(target);
    expect(await hubCases(hubB)).toEqual(before);
    expect(await hubB.database('cases').identity(), 'a restored hub is a new hub to the stations').not.toBe(identityBefore);
    gatewayB = await build({ hub: hubB, tokenSecret: TEST_TOKEN_SECRET, longpollMaxMs: 10_000 });
    const urlB = await gatewayB.listen({ port: 0, host: '127.0.0.1' });
    lb.setBackends([Number(new URL(urlB).port)]);

    // Nothing is done to the stations: their next sync finds the restored hub and starts over.
    const resynced = Date.now();
    await eventually(async () => (await Promise.all(stations.map(async (s) => (await s.status()).online))).every(Boolean), (ok) => ok, 60_000, 'every station back online');
    for (const station of stations) {
      await eventually(() => stationAgrees(station, before), (problems) => problems.length === 0, 60_000, `${station.actor.unitId} to agree with the restored hub`);
    }
    // And work goes on through the restored hub.
    const after = await community.accept({ item, applicant: { name: '恢复后', idNumber: '340104199001011234', phone: '13800551234' } });
    await eventually(async () => (await street.cases()).some((c) => c.id === after.id), (seen) => seen, 60_000, 'a case accepted after the restore to reach the street');
    const final = await hubCases(hubB);
    expect(final.size).toBe(before.size + 1);
    for (const [id, events] of before) expect(final.get(id), id).toEqual(events);
    const casesFile = manifest.databases.find((d) => d.collection === 'cases');
    console.log(`restore drill: ${casesFile?.documents ?? 0} cases in ${casesFile?.bytes ?? 0} gzipped bytes; backup ${backupMs} ms, restore ${restoreMs} ms, stations resynced in ${Date.now() - resynced} ms (${EXTERNAL_HUB === null ? 'embedded hub' : 'Apache CouchDB'})`);
  });
});
