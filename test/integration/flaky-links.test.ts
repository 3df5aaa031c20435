import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { canonicalJson } from '../../schemas/rules/merge.ts';
import { availableSteps } from '../../schemas/rules/available-steps.ts';
import { copiesAllItSees, unitsWorkingOn } from '../../schemas/rules/case-copies.ts';
import type { FollowStepType } from '../../schemas/rules/case-step.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { unitTreeOf, type UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { CaseDoc, ServiceItem } from '../../schemas/types.ts';
import type { StepData } from '../../replication/case-desk.ts';
import { mulberry32, startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { RemoteRuleError, type RemoteStation } from '../helpers/remote-station.ts';
import { sampleStepData } from '../helpers/step-samples.ts';
import { eventually, startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { validators } from '../../schemas/validators.ts';

/** Six communities, their two streets, and the city: 9 stations, each on its own flaky link. */
const UNITS = [
  'community-xinghuacun', 'community-liuanlu', 'community-tongchenglu', 'street-sanxiaokou',
  'community-anjuyuan', 'community-daoxiangcun', 'community-longhe', 'street-sanlian', 'hefei-center',
] as const;
const ACTIONS = Number(process.env.LIANDONG_FLAKY_ACTIONS ?? 600);
const SEED = 20261126;

type Action = { type: FollowStepType; data: StepData } | { type: 'accept'; item: ServiceItem };

/** How often a worker takes a step of this kind when the registry offers it (1: whenever offered). */
const TAKE_RATE: Partial<Record<FollowStepType, number>> = { withdraw: 0.05, urge: 0.1, supervise: 0.05, suspend: 0.1, refuse: 0.25 };

/** The steps a unit may take now on what its own replica shows, as the registry offers them. */
function possibleActions(station: RemoteStation, cases: readonly CaseDoc[], tree: UnitTree, random: () => number): { caseId: string | null; action: Action }[] {
  const options: { caseId: string | null; action: Action }[] = [];
  if (station.actor.tier === 'community') {
    const items = DEMO_CATALOG.filter((i) => i.acceptTiers.includes('community'));
    const item = items[Math.floor(random() * items.length)];
    if (item !== undefined) options.push({ caseId: null, action: { type: 'accept', item } });
  }
  for (const c of cases) {
    const state = foldCase(c.events, c.receipts);
    if (state === null) continue;
    for (const step of availableSteps(state, station.actor, tree)) {
      if (random() >= (TAKE_RATE[step.type] ?? 1)) continue;
      const option = step.options[Math.floor(random() * step.options.length)] ?? {};
      const given = { ...option, provided: [...state.missingMaterials], rating: 1 + Math.floor(random() * 5), missing: ['m1'] };
      options.push({ caseId: c.id, action: { type: step.type, data: sampleStepData(step.type, given) } });
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

  it(`${UNITS.length} stations and ${ACTIONS} actions converge with no event lost or duplicated`, async () => {
    const random = mulberry32(SEED);
    const port = Number(new URL(network.url).port);
    for (const [i] of UNITS.entries()) links.push(await startFaultProxy({ targetPort: port, seed: SEED + i }));
    const stations = await Promise.all(UNITS.map((unitId, i) => network.remoteStation(unitId, { gatewayUrl: links[i]?.url ?? '', requestTimeoutMs: 2_000, longpollMs: 2_000, backoff: { baseMs: 50, maxMs: 1_000 } })));
    await Promise.all(stations.map((s) => s.awaitInSync()));
    const units = await stations[0]?.units();
    const tree = unitTreeOf(units ?? []);

    for (const link of links) link.setFaults({ delayMs: [0, 40], cutMidBody: 0.08, reset: 0.05, blackhole: 0.03 });
    const written = new Set<string>();
    let done = 0;
    let refusedLocally = 0;
    while (done < ACTIONS) {
      const station = stations[Math.floor(random() * stations.length)];
      if (station === undefined) continue;
      const cases = await station.cases();
      const options = possibleActions(station, cases, tree, random);
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
    const hubCasesDb = network.hubPort.database('cases');
    const hubCases = async (): Promise<Map<string, CaseDoc>> => {
      const all = await hubCasesDb.allDocs();
      return new Map(all.flatMap((doc) => storedAs(doc, validators.case)).map((c) => [c.id, c]));
    };
    const hubEventIds = (m: Map<string, CaseDoc>) => new Set([...m.values()].flatMap((c) => c.events.map((e) => e.id)));
    try {
      await eventually(async () => hubEventIds(await hubCases()).size, (n) => n === written.size, 120_000, `the hub to hold all ${written.size} events`);
    } catch (err) {
      // Say where the missing events are stuck, so a failure on a loaded machine explains itself.
      const atHubNow = hubEventIds(await hubCases());
      const missing = new Set([...written].filter((id) => !atHubNow.has(id)));
      for (const station of stations) {
        const status = await station.status();
        const holding = (await station.cases()).flatMap((c) => c.events.filter((e) => missing.has(e.id)).map((e) => `${c.id}:${e.type}`));
        console.error(`flaky links: ${station.actor.unitId} holds ${holding.length} missing events ${JSON.stringify(holding)}; online ${String(status.online)}, pending ${status.pendingOutbound}, refused ${JSON.stringify(status.refused.map((r) => `${r.code}: ${r.detail ?? ''}`))}, last error ${JSON.stringify(status.lastError)}`);
      }
      throw err;
    }

    const atHub = await hubCases();
    const story = (c: CaseDoc) => canonicalJson({ events: c.events.map((e) => e.id), receipts: c.receipts, status: c.status, holder: c.holderUnitId, conflicts: c.conflictCount, visibleTo: c.visibleTo });
    for (const station of stations) {
      const unit = station.actor.unitId;
      // What its device copies: every case it may see; the city's, only those it works on.
      const copiesAll = copiesAllItSees(station.actor.tier);
      const expected = [...atHub.values()].filter((c) => c.visibleTo.includes(unit) && (copiesAll || unitsWorkingOn(c).includes(unit)));
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
