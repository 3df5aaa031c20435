import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { eventually, startTestNetwork, type TestNetwork, type TestStation } from '../helpers/test-network.ts';
import { onExternalHub } from '../helpers/test-hub.ts';

const COMMUNITY = 'community-susonglu';
const STREET = 'street-wuhulu';

async function ids(station: TestStation): Promise<Set<string>> {
  return new Set((await station.db.cases.find().exec()).map((d) => d.id));
}

// Kills the embedded hub's process; on Apache CouchDB the cluster suite (test/cluster) kills nodes instead.
describe.skipIf(onExternalHub)('the hub process dies mid-sync', () => {
  let network: TestNetwork;
  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(async () => {
    await network.stop();
  });

  it('answers 503 without crashing, resumes when the hub is back, and loses nothing', async () => {
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const community = await network.station(COMMUNITY, { sync: { batchSize: 10 } });
    const street = await network.station(STREET);
    await Promise.all([community, street].map((s) => s.sync.awaitInSync()));

    const { token } = await network.login(network.account(COMMUNITY).username);
    const accepted: CaseDoc[] = [];
    for (let i = 0; i < 200; i += 1) {
      accepted.push(await community.desk.acceptCase({ item, applicant: { name: `居民${i}`, idNumber: '340104199001011234', phone: '13800551234' } }));
      if (i === 60) network.killHub();
    }
    await network.hub().exited;

    // Sign-in of an account not in the gateway's short cache needs the hub: a 503, the gateway stays up.
    const login = await network.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: network.account('hefei-center').username, password: network.account('hefei-center').password } });
    expect(login.statusCode).toBe(503);
    expect(login.json<{ code: string }>().code).toBe('ERR_HUB_UNAVAILABLE');
    const health = await network.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json<{ hub: { reachable: boolean } }>().hub.reachable).toBe(false);
    for (const path of ['_changes?since=0', '']) {
      const answer = await fetch(`${network.url}/sync/${COMMUNITY}/cases/${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status).toBe(503);
      expect((await answer.json() as { reason_zh: string }).reason_zh).toContain('数据中心');
    }
    const push = await fetch(`${network.url}/sync/${COMMUNITY}/cases/_bulk_docs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ docs: accepted.slice(0, 1).map((c) => ({ ...c, _id: c.id })) }) });
    expect(push.status).toBe(503);
    await eventually(() => community.sync.status(), (s) => s.online === false, 20_000, 'the community to notice the outage');
    expect(community.sync.status().pendingOutbound).toBeGreaterThan(0);

    await network.restartHub();
    await eventually(async () => (await ids(street)).size, (n) => n === 200, 60_000, 'the street to receive all 200 cases');
    await eventually(() => community.sync.status(), (s) => s.pendingOutbound === 0 && s.online === true, 30_000, 'every event confirmed');
    const atStreet = await ids(street);
    expect(accepted.filter((c) => !atStreet.has(c.id))).toEqual([]);
  });
});
