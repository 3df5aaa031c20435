import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { moveToCouchDb } from '../../ops/backup/move-to-couchdb.ts';
import type { ChangeRecord } from '../../ops/cli/change-log.ts';
import { hubPortOf } from '../../ops/hub-target.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { DemoAccountFileEntry } from '../../ops/seed/demo-seed.ts';
import type { Actor, CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { TEST_CLUSTER } from '../helpers/couchdb-cluster.ts';
import { startGatewayChild, type GatewayChild } from '../helpers/gateway-child.ts';
import { startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer.ts';
import { RemoteStation } from '../helpers/remote-station.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';
import { eventually } from '../helpers/test-network.ts';

const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';

function events(cases: readonly CaseDoc[]): Map<string, string> {
  return new Map(cases.map((c) => [c.id, c.events.map((e) => e.id).sort().join(',')]));
}

/**
 * `npm run ops -- move-to-couchdb`'s code moving a running demo network from its embedded hub to
 * Apache CouchDB while stations keep working: cases accepted before, during the live copy and
 * while the gateway is down all end up on CouchDB, and the stations sync on with nothing to do.
 * On one node (the cluster run has its own tests).
 */
describe.runIf(EXTERNAL_HUB !== null && TEST_CLUSTER === null)('moving a running network from the embedded hub to Apache CouchDB', () => {
  const hub = EXTERNAL_HUB;
  const prefix = hub === null ? '' : freshDatabasePrefix(hub);
  const secret = randomBytes(48).toString('base64');
  const dirs: string[] = [];
  const gateways: GatewayChild[] = [];
  const stations: RemoteStation[] = [];
  let lb: LoadBalancer | null = null;

  afterAll(async () => {
    await Promise.allSettled(stations.map((s) => s.stop()));
    await Promise.allSettled(gateways.map((g) => g.stop()));
    await lb?.close();
    if (hub !== null) await dropDatabases(hub, prefix);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('loses no step accepted before, during or after the move', async () => {
    if (hub === null) throw new Error('no CouchDB');
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const dataDir = await mkdtemp(join(tmpdir(), 'liandong-moving-'));
    const newDir = await mkdtemp(join(tmpdir(), 'liandong-moved-'));
    dirs.push(dataDir, newDir);
    const old = await startGatewayChild({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIANDONG_DEMO: 'on', LIANDONG_TOKEN_SECRET: secret });
    gateways.push(old);
    const balancer = await startLoadBalancer([old.port]);
    lb = balancer;
    const accounts = JSON.parse(await readFile(join(dataDir, 'demo-accounts.json'), 'utf8')) as DemoAccountFileEntry[];
    for (const unitId of [COMMUNITY, STREET]) {
      const account = accounts.find((a) => a.username === unitId);
      const answer = await fetch(`${balancer.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: unitId, password: account?.password }) });
      const body = (await answer.json()) as { token: string; tier: Actor['tier']; role: Actor['role'] };
      stations.push(await RemoteStation.start({ name: `move-${unitId}`, gatewayUrl: balancer.url, actor: { unitId, tier: body.tier, role: body.role, workerId: unitId }, token: body.token, deviceId: `dev-move-${unitId.slice(0, 30)}`, requestTimeoutMs: 5_000, longpollMs: 3_000, backoff: { baseMs: 100, maxMs: 1_000 } }));
    }
    const [community, street] = stations;
    if (community === undefined || street === undefined) throw new Error('stations missing');
    const accept = (name: string): Promise<CaseDoc> => community.accept({ item, applicant: { name, idNumber: '340104199001011234', phone: '13800551234' } });
    for (let i = 0; i < 10; i += 1) await accept(`迁移前${i}`);
    await community.awaitInSync();

    // The move starts while the network runs; the community keeps accepting cases meanwhile.
    const changes: ChangeRecord[] = [];
    let caughtUp = false;
    const moving = moveToCouchDb({
      dataDir,
      sourcePrefix: 'liandong_',
      target: { urls: hub.urls, admin: hub.admin, databasePrefix: prefix },
      waitForStopMs: 300_000,
      pollMs: 200,
      log: () => undefined,
      changeLog: { record: async (change) => void changes.push(change) },
      onCaughtUp: () => {
        caughtUp = true;
      },
    });
    const moveFailed = moving.then(() => null, (err: unknown) => err);
    let during = 0;
    while (!caughtUp) {
      if ((await Promise.race([moveFailed, Promise.resolve('running')])) !== 'running') break;
      await accept(`迁移中${during}`);
      during += 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (let i = 0; i < 3; i += 1) await accept(`复制完成后${i}`);
    await community.awaitInSync();
    // The operator stops the gateway; stations work on offline meanwhile.
    await old.stop();
    for (let i = 0; i < 3; i += 1) await accept(`网关停止时${i}`);
    const moved = await moving;
    expect(moved.find((m) => m.collection === 'cases')?.documents).toBeGreaterThan(10 + during);
    expect(changes.map((c) => c.event)).toEqual(['hub_moved_to_couchdb']);

    // The gateway starts on CouchDB, with the same token key; nothing is done on the stations.
    const moved2 = await startGatewayChild({ COUCHDB_URL: hub.urls.join(','), COUCHDB_USER: hub.admin.username, COUCHDB_PASSWORD: hub.admin.password, LIANDONG_DATABASE_PREFIX: prefix, DATA_DIR: newDir, PORT: '0', HOST: '127.0.0.1', LIANDONG_TOKEN_SECRET: secret });
    gateways.push(moved2);
    balancer.setBackends([moved2.port]);
    await eventually(() => community.status(), (s) => s.online === true && s.pendingOutbound === 0, 120_000, 'the community to push its offline cases to CouchDB');
    const accepted = new Set((await community.cases()).map((c) => c.id));
    await eventually(async () => (await street.cases()).filter((c) => accepted.has(c.id)).length, (n) => n >= 10 + during + 6, 120_000, 'the street to hold every case accepted around the move');

    const onCouch = events((await hubPortOf({ urls: hub.urls, admin: hub.admin, databasePrefix: prefix }).database('cases').allDocs()).flatMap((doc) => storedAs(doc, validators.case)));
    for (const station of stations) {
      for (const [id, ids] of events(await station.cases())) expect(onCouch.get(id), `${station.actor.unitId}: ${id}`).toBe(ids);
    }
    console.log(`move to CouchDB: ${moved.map((m) => `${m.collection} ${m.documents}`).join(', ')}; ${during} cases accepted during the live copy`);
  });
});
