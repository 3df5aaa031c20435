import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccountFileEntry } from '../../ops/seed/demo-seed.ts';
import { hubPortOf } from '../../ops/hub-target.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { Actor, CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { TEST_CLUSTER } from '../helpers/couchdb-cluster.ts';
import { startGatewayChild, type GatewayChild } from '../helpers/gateway-child.ts';
import { startLoadBalancer, type LoadBalancer } from '../helpers/load-balancer.ts';
import { RemoteStation } from '../helpers/remote-station.ts';
import { dropDatabases, freshDatabasePrefix } from '../helpers/test-hub.ts';
import { eventually } from '../helpers/test-network.ts';

const COMMUNITIES = ['community-xinghuacun', 'community-liuanlu', 'community-tongchenglu'] as const;
const STREET = 'street-sanxiaokou';
const PER_COMMUNITY = 30;

function events(cases: readonly CaseDoc[]): Map<string, string> {
  return new Map(cases.map((c) => [c.id, c.events.map((e) => e.id).sort().join(',')]));
}

/**
 * Two gateway processes on the 3-node cluster, sharing their token key through configuration
 * (LIANDONG_TOKEN_SECRET), each listing the nodes in its own order, behind a load balancer. One is
 * killed mid-sync and a third takes its place; the stations notice nothing but a reconnect.
 */
describe.runIf(TEST_CLUSTER !== null)('several gateways on the cluster, one killed mid-sync', () => {
  const cluster = TEST_CLUSTER;
  const prefix = cluster === null ? '' : freshDatabasePrefix(cluster.hub);
  const secret = randomBytes(48).toString('base64');
  const gateways: GatewayChild[] = [];
  const stations: RemoteStation[] = [];
  const dirs: string[] = [];
  let lb: LoadBalancer;
  let accounts: DemoAccountFileEntry[];

  const env = (dataDir: string, nodes: readonly string[], demo: 'on' | 'off'): Record<string, string> => ({
    COUCHDB_URL: nodes.join(','),
    COUCHDB_USER: cluster?.hub.admin.username ?? '',
    COUCHDB_PASSWORD: cluster?.hub.admin.password ?? '',
    LIANDONG_DATABASE_PREFIX: prefix,
    LIANDONG_TOKEN_SECRET: secret,
    LIANDONG_DEMO: demo,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const newDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'liandong-gateway-'));
    dirs.push(dir);
    return dir;
  };

  async function login(gatewayUrl: string, unitId: string): Promise<{ token: string; actor: Actor }> {
    const account = accounts.find((a) => a.unitId === unitId && a.username === unitId);
    if (account === undefined) throw new Error(`no account for ${unitId}`);
    const answer = await fetch(`${gatewayUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: account.username, password: account.password }) });
    const body = (await answer.json()) as { token: string; unitId: string; tier: Actor['tier']; role: Actor['role']; workerName?: string };
    if (answer.status !== 200) throw new Error(`login ${unitId}: ${answer.status}`);
    return { token: body.token, actor: { unitId: body.unitId, tier: body.tier, role: body.role, workerId: account.username, workerName: body.workerName ?? account.username } };
  }

  const station = async (gatewayUrl: string, unitId: string, name: string): Promise<RemoteStation> => {
    const { token, actor } = await login(gatewayUrl, unitId);
    const started = await RemoteStation.start({ name, gatewayUrl, actor, token, deviceId: `dev-${name}`, requestTimeoutMs: 10_000, longpollMs: 5_000, backoff: { baseMs: 100, maxMs: 1_000 } });
    stations.push(started);
    return started;
  };

  beforeAll(async () => {
    if (cluster === null) return;
    const nodes = cluster.hub.urls;
    // The first sets up the hub and seeds the demo network; the second finds it set up.
    gateways.push(await startGatewayChild(env(await newDir(), nodes, 'on')));
    gateways.push(await startGatewayChild(env(await newDir(), [...nodes].reverse(), 'off')));
    accounts = JSON.parse(await readFile(join(dirs[0] ?? '', 'demo-accounts.json'), 'utf8')) as DemoAccountFileEntry[];
    lb = await startLoadBalancer(gateways.map((g) => g.port));
  });

  afterAll(async () => {
    await Promise.allSettled(stations.map((s) => s.stop()));
    await Promise.allSettled(gateways.map((g) => g.stop()));
    await lb.close();
    if (cluster !== null) await dropDatabases(cluster.hub, prefix);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('a step taken through one gateway wakes a station waiting on the other', async () => {
    const [a, b] = gateways;
    if (a === undefined || b === undefined) throw new Error('gateways missing');
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const community = await station(a.url, COMMUNITIES[0], 'wake-community');
    const street = await station(b.url, STREET, 'wake-street');
    await Promise.all([community, street].map((s) => s.awaitInSync()));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const accepted = await community.accept({ item, applicant: { name: `唤醒${i}`, idNumber: '340104199001011234', phone: '13800551234' } });
      const started = Date.now();
      await eventually(async () => (await street.cases()).some((c) => c.id === accepted.id), (seen) => seen, 30_000, 'the street, on the other gateway, to receive the case');
      latencies.push(Date.now() - started);
    }
    console.log(`two gateways: accepted on A, at the street on B after ${latencies.join(', ')} ms`);
    await Promise.all([community.stop(), street.stop()]);
  });

  it('when one gateway is killed mid-sync the others carry on, and nothing is lost', async () => {
    if (cluster === null) throw new Error('no cluster');
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const working = await Promise.all([...COMMUNITIES, STREET].map((unitId) => station(lb.url, unitId, `lb-${unitId.split('-')[1] ?? unitId}`)));
    await Promise.all(working.map((s) => s.awaitInSync()));
    const hub = hubPortOf({ urls: cluster.hub.urls, admin: cluster.hub.admin, databasePrefix: prefix });
    const onHub = (): Promise<number> => hub.database('cases').docCount();
    const base = await onHub();

    // A third gateway, ready to join: any number of them serve the same stations.
    const third = await startGatewayChild(env(await newDir(), cluster.hub.urls, 'off'));
    gateways.push(third);
    let killedAt = -1;
    let rolledAt = -1;
    const faults = (async () => {
      await eventually(onHub, (n) => n >= base + 20, 120_000, '20 cases on the hub before the kill');
      await gateways[0]?.kill();
      killedAt = (await onHub()) - base;
      await eventually(onHub, (n) => n >= base + 45, 180_000, '45 cases on the hub through the second gateway');
      // A rolling restart: the third joins, the second leaves; its stations reconnect to the third.
      lb.setBackends([third.port]);
      await gateways[1]?.stop();
      rolledAt = (await onHub()) - base;
    })();
    await Promise.all(working.slice(0, COMMUNITIES.length).map(async (s, n) => {
      for (let i = 0; i < PER_COMMUNITY; i += 1) {
        await s.accept({ item, applicant: { name: `居民${n}-${i}`, idNumber: '340104199001011234', phone: '13800551234' } });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }));
    await faults;
    await Promise.all(working.map((s) => s.awaitInSync()));
    const total = PER_COMMUNITY * COMMUNITIES.length;
    const mine = new Set((await Promise.all(working.slice(0, COMMUNITIES.length).map((s) => s.cases()))).flat().map((c) => c.id));
    const street = working.at(-1);
    if (street === undefined) throw new Error('no street station');
    await eventually(async () => (await street.cases()).filter((c) => mine.has(c.id)).length, (n) => n >= total, 120_000, `the street to hold all ${total} new cases`);

    const stored = events((await hub.database('cases').allDocs()).flatMap((doc) => storedAs(doc, validators.case)));
    for (const s of working) for (const [id, ids] of events(await s.cases())) expect(stored.get(id), `${s.actor.unitId}: ${id}`).toBe(ids);
    const served = [...lb.connections.entries()].map(([port, n]) => `${port}: ${n}`).join(', ');
    console.log(`two gateways: A killed with ${killedAt} of ${total} new cases on the hub, B stopped for C with ${rolledAt}; connections per gateway ${served}`);
    expect(rolledAt, 'cases still to push when the last gateway took over').toBeLessThan(total);
    expect(lb.connections.get(third.port) ?? 0, 'stations reached the third gateway').toBeGreaterThan(0);
  });
});
