import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { canonicalJson } from '../../schemas/rules/merge.ts';
import type { CaseDoc, CaseEventType, ServiceItem } from '../../schemas/types.ts';
import type { StepData } from '../../replication/case-desk.ts';
import { mulberry32, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { RemoteRuleError, type RemoteStation } from '../helpers/remote-station.ts';
import { eventually, startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';
import { storedAs } from '../../server/sync/hub-doc.ts';
import { validators } from '../../schemas/validators.ts';

/** Six communities, their two streets, and the city: 9 stations, each on its own flaky link. */
const UNITS = [
  'community-xinghuacun', 'community-liuanlu', 'community-tongchenglu', 'street-sanxiaokou',
  'community-anjuyuan', 'community-daoxiangcun', 'community-longhe', 'street-sanlian', 'hefei-center',
] as const;
const ACTIONS = Number(process.env.LIANDONG_FLAKY_ACTIONS ?? 600);
const SEED = 20261126;

type Action = { type: Exclude<CaseEventType, 'accept'>; data: StepData } | { type: 'accept'; item: ServiceItem };

/** The steps a unit could sensibly take now, from what its own replica shows. */
function possibleActions(station: RemoteStation, cases: readonly CaseDoc[], parentOf: Map<string, string | null>, random: () => number): { caseId: string | null; action: Action }[] {
  const me = station.actor.unitId;
  const options: { caseId: string | null; action: Action }[] = [];
  if (station.actor.tier === 'community') {
    const items = DEMO_CATALOG.filter((i) => i.acceptTiers.includes('community'));
    const item = items[Math.floor(random() * items.length)];
    if (item !== undefined) options.push({ caseId: null, action: { type: 'accept', item } });
  }
  for (const c of cases) {
    const holder = c.holderUnitId === me;
    const decider = c.events[0]?.data.item?.decisionTier === station.actor.tier;
    const parent = parentOf.get(me);
    if (holder && (c.status === 'accepted' || c.status === 'handling')) {
      if (decider) options.push({ caseId: c.id, action: { type: random() < 0.8 ? 'approve' : 'refuse', data: { note: '处理意见 / decision' } } });
      else if (parent) options.push({ caseId: c.id, action: { type: 'forward', data: { toUnitId: parent } } });
      options.push({ caseId: c.id, action: { type: 'request_supplement', data: { missing: ['m1'] } } });
    }
    if (holder && c.status === 'supplement_requested') options.push({ caseId: c.id, action: { type: 'supplement', data: { provided: ['m1'] } } });
    if (c.acceptedUnitId === me && (c.status === 'approved' || c.status === 'refused')) options.push({ caseId: c.id, action: { type: 'pickup', data: { deliveryMode: 'station' } } });
    if (c.acceptedUnitId === me && c.status === 'delivered') options.push({ caseId: c.id, action: { type: 'rate', data: { rating: 1 + Math.floor(random() * 5) } } });
    if (c.acceptedUnitId === me && c.status === 'accepted' && random() < 0.05) options.push({ caseId: c.id, action: { type: 'withdraw', data: {} } });
    if (!holder && station.actor.tier !== 'community' && (c.status === 'handling' || c.status === 'accepted') && random() < 0.1) {
      options.push({ caseId: c.id, action: { type: 'urge', data: { note: '请加快 / hurry' } } });
    }
  }
  return options;
}

describe('flaky links: delays, cuts mid-body, resets and black holes on every link', () => {
  let network: TestNetwork;
  const links: FaultProxy[] = [];
  beforeAll(async () => {
    network = await startTestNetwork({ longpollMaxMs: 3_000 });
  });
  afterAll(async () => {
    await network.stop();
    await Promise.all(links.map((l) => l.close()));
  });

  it(`${UNITS.length} stations and ${ACTIONS} actions converge with no event lost or duplicated`, { timeout: 400_000 }, async () => {
    const random = mulberry32(SEED);
    const port = Number(new URL(network.url).port);
    for (const [i] of UNITS.entries()) links.push(await startFaultProxy({ targetPort: port, seed: SEED + i }));
    const stations = await Promise.all(UNITS.map((unitId, i) => network.remoteStation(unitId, { gatewayUrl: links[i]?.url ?? '', requestTimeoutMs: 2_000, longpollMs: 2_000, backoff: { baseMs: 50, maxMs: 1_000 } })));
    await Promise.all(stations.map((s) => s.awaitInSync()));
    const units = await stations[0]?.units();
    const parentOf = new Map((units ?? []).map((u) => [u.id, u.parentId]));

    for (const link of links) link.setFaults({ delayMs: [0, 40], cutMidBody: 0.08, reset: 0.05, blackhole: 0.03 });
    const written = new Set<string>();
    let done = 0;
    let refusedLocally = 0;
    while (done < ACTIONS) {
      const station = stations[Math.floor(random() * stations.length)];
      if (station === undefined) continue;
      const cases = await station.cases();
      const options = possibleActions(station, cases, parentOf, random);
      const choice = options[Math.floor(random() * options.length)];
      if (choice === undefined) continue;
      try {
        const doc = choice.action.type === 'accept'
          ? await station.accept({ item: choice.action.item, applicant: { name: '测试', idNumber: '34010219800101001X', phone: '13900000000' } })
          : await station.record(choice.caseId ?? '', choice.action.type, choice.action.data);
        const newest = doc.events.reduce((a, b) => (a.hlc > b.hlc ? a : b));
        written.add(newest.id);
        done += 1;
      } catch (err) {
        // The local rules said no (the replica moved on meanwhile): nothing written, try another.
        if (!(err instanceof RemoteRuleError)) throw err;
        refusedLocally += 1;
      }
      // Let the links carry some traffic between actions, as workers take time.
      if (done % 20 === 0) await new Promise((r) => setTimeout(r, 50));
      if (done % 100 === 0) console.log(`flaky links: ${done} actions, ${refusedLocally} refused locally`);
    }

    console.log('flaky links: healing');
    for (const link of links) link.setFaults('healthy');
    const hubClient = createHubClient(network.hub().url, network.hub().admin);
    const hubCases = async (): Promise<Map<string, CaseDoc>> => {
      const all = await hubClient.use<CaseDoc>('liandong_cases').list({ include_docs: true });
      return new Map(all.rows.flatMap((r) => storedAs(r.doc, validators.case)).map((c) => [c.id, c]));
    };
    const hubEventIds = (m: Map<string, CaseDoc>) => new Set([...m.values()].flatMap((c) => c.events.map((e) => e.id)));
    await eventually(async () => hubEventIds(await hubCases()).size, (n) => n === written.size, 120_000, `the hub to hold all ${written.size} events`);

    const atHub = await hubCases();
    const story = (c: CaseDoc) => canonicalJson({ events: c.events.map((e) => e.id), receipts: c.receipts, status: c.status, holder: c.holderUnitId, conflicts: c.conflictCount, visibleTo: c.visibleTo });
    for (const station of stations) {
      const unit = station.actor.unitId;
      const expected = [...atHub.values()].filter((c) => c.visibleTo.includes(unit));
      await eventually(async () => {
        const local = new Map((await station.cases()).map((d) => [d.id, story(d)]));
        return expected.filter((c) => local.get(c.id) !== story(c)).length;
      }, (n) => n === 0, 120_000, `${unit} to converge with the hub`);
      expect((await station.status()).refused).toEqual([]);
      await eventually(async () => (await station.status()).pendingOutbound, (n) => n === 0, 60_000, `${unit} to have every event confirmed`);
    }

    // Zero lost: every event any desk wrote is on the hub. Zero duplicated: no id twice in a case.
    const ids = hubEventIds(atHub);
    expect([...written].filter((id) => !ids.has(id))).toEqual([]);
    for (const c of atHub.values()) expect(new Set(c.events.map((e) => e.id)).size).toBe(c.events.length);
    const faults = links.map((l) => l.stats()).reduce((a, s) => ({ cut: a.cut + s.cut, reset: a.reset + s.reset, blackholed: a.blackholed + s.blackholed, connections: a.connections + s.connections }), { cut: 0, reset: 0, blackholed: 0, connections: 0 });
    console.log(`flaky links: ${written.size} events in ${atHub.size} cases, ${refusedLocally} local refusals; faults ${JSON.stringify(faults)}`);
    expect(faults.cut + faults.reset + faults.blackholed).toBeGreaterThan(20);
  });
});
