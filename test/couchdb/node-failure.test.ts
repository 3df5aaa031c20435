import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { TEST_CLUSTER } from '../helpers/couchdb-cluster.ts';
import type { RemoteStation } from '../helpers/remote-station.ts';
import { eventually, startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

const COMMUNITIES = ['community-xinghuacun', 'community-liuanlu', 'community-tongchenglu'] as const;
const STREET = 'street-sanxiaokou';
const PER_COMMUNITY = 40;

function events(cases: readonly CaseDoc[]): Map<string, string> {
  return new Map(cases.map((c) => [c.id, c.events.map((e) => e.id).sort().join(',')]));
}

/**
 * One gateway on a 3-node Apache CouchDB cluster (q=2, n=3), COUCHDB_URL listing all three. The
 * node the gateway talks to is killed while stations push and pull, and started again later.
 */
describe.runIf(TEST_CLUSTER !== null)('a CouchDB node killed and restarted mid-sync', () => {
  let network: TestNetwork;
  const stations: RemoteStation[] = [];
  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(async () => {
    await network.stop();
  });

  it('loses nothing, and the gateway answers healthy throughout', async () => {
    const cluster = TEST_CLUSTER;
    if (cluster === null) throw new Error('no cluster');
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    for (const unitId of [...COMMUNITIES, STREET]) stations.push(await network.remoteStation(unitId, { requestTimeoutMs: 10_000, longpollMs: 3_000, backoff: { baseMs: 100, maxMs: 1_000 } }));
    await Promise.all(stations.map((s) => s.awaitInSync()));

    // The gateway's health, every quarter second, for the whole run.
    const health: string[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const answer = await fetch(`${network.url}/healthz`).then(async (r) => `${r.status} ${(await r.json() as { status: string }).status}`, (err: unknown) => `no answer: ${String(err)}`);
        health.push(answer);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();

    // The faults follow what the hub holds, so that the node is down while stations push.
    const onHub = (): Promise<number> => network.hubPort.database('cases').docCount();
    let killedAt = -1;
    let restartedAt = -1;
    const faults = (async () => {
      await eventually(onHub, (n) => n >= 30, 120_000, '30 cases on the hub before the kill');
      // Node 1 is the first in COUCHDB_URL: the node the gateway talks to.
      await cluster.killNode(1);
      killedAt = await onHub();
      await eventually(onHub, (n) => n >= 80, 180_000, '80 cases on the hub with node 1 down');
      restartedAt = await onHub();
      await cluster.startNode(1);
    })();
    const started = Date.now();
    await Promise.all(stations.slice(0, COMMUNITIES.length).map(async (station, s) => {
      for (let i = 0; i < PER_COMMUNITY; i += 1) {
        await station.accept({ item, applicant: { name: `居民${s}-${i}`, idNumber: '340104199001011234', phone: '13800551234' } });
        // Workers take a moment between cases.
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }));
    await faults;
    await Promise.all(stations.map((s) => s.awaitInSync()));
    const street = stations.at(-1);
    if (street === undefined) throw new Error('no street station');
    const total = PER_COMMUNITY * COMMUNITIES.length;
    const mine = new Set((await Promise.all(stations.slice(0, COMMUNITIES.length).map((s) => s.cases()))).flat().map((c) => c.id));
    expect(mine.size).toBe(total);
    await eventually(async () => (await street.cases()).filter((c) => mine.has(c.id)).length, (n) => n === total, 120_000, `the street to hold all ${total} cases`);
    polling = false;
    await poller;

    // Every case on the hub exactly as on every station that holds it.
    const hub = events((await network.hubPort.database('cases').allDocs()).flatMap((doc) => storedAs(doc, validators.case)));
    for (const station of stations) {
      for (const [id, ids] of events(await station.cases())) expect(hub.get(id), `${station.actor.unitId}: ${id}`).toBe(ids);
    }
    const unhealthy = health.filter((h) => h !== '200 ok');
    console.log(`node failure: ${total} cases in ${Date.now() - started} ms; node 1 killed with ${killedAt} on the hub, started again with ${restartedAt}; ${health.length} health checks, ${unhealthy.length} not ok`);
    expect(restartedAt - killedAt, 'cases stored while node 1 was down').toBeGreaterThanOrEqual(40);
    expect(unhealthy, unhealthy.slice(0, 5).join(' | ')).toEqual([]);
  });
});
