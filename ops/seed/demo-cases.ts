import { caseIdPrefix } from '../../schemas/rules/case-ids.ts';
import { authorizeCaseWrite, type CatalogRules } from '../../schemas/rules/case-write.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, CaseEventType, ServiceItem, Unit } from '../../schemas/types.ts';
import type { DemoAccount } from './demo-accounts.ts';

/**
 * A few dozen sample cases across every state, built step by step through the same rules the
 * gateway applies, so the demo holds nothing the system itself could not have produced.
 */
interface Step {
  readonly by: 'community' | 'street' | 'city';
  readonly type: CaseEventType;
  readonly data?: CaseEvent['data'];
}

type Scenario = { readonly item: (catalog: readonly ServiceItem[]) => ServiceItem; readonly steps: readonly Step[] };

const pick = (tier: ServiceItem['decisionTier'], kind: ServiceItem['kind'], nth = 0) => (catalog: readonly ServiceItem[]): ServiceItem => {
  const matching = catalog.filter((i) => i.decisionTier === tier && i.kind === kind && i.acceptTiers.includes('community'));
  const item = matching[nth % Math.max(1, matching.length)];
  if (item === undefined) throw new Error(`demo catalog has no ${kind} item decided at ${tier}`);
  return item;
};

const up = (to: 'street' | 'city'): Step => ({ by: to === 'street' ? 'community' : 'street', type: 'forward', data: { toUnitId: to } });

const SCENARIOS: readonly Scenario[] = [
  { item: pick('street', 'commitment'), steps: [] },
  { item: pick('street', 'commitment', 1), steps: [up('street')] },
  { item: pick('street', 'commitment', 2), steps: [up('street'), { by: 'street', type: 'request_supplement', data: { missing: ['m1'], note: '请补充户口簿复印件 / Please add a copy of the household register' } }] },
  { item: pick('city', 'commitment'), steps: [up('street'), up('city'), { by: 'city', type: 'approve', data: { note: '材料齐全，准予办理 / Complete, approved' } }, { by: 'community', type: 'pickup', data: { deliveryMode: 'station' } }, { by: 'community', type: 'rate', data: { rating: 5 } }] },
  { item: pick('street', 'commitment', 3), steps: [up('street'), { by: 'street', type: 'refuse', data: { note: '不符合申请条件 / Not eligible' } }] },
  { item: pick('community', 'instant'), steps: [{ by: 'community', type: 'approve' }, { by: 'community', type: 'pickup', data: { deliveryMode: 'station' } }, { by: 'community', type: 'rate', data: { rating: 4 } }] },
  { item: pick('city', 'commitment', 1), steps: [up('street'), up('city'), { by: 'city', type: 'suspend', data: { note: '公示期 / Public notice period' } }] },
  { item: pick('street', 'commitment', 4), steps: [{ by: 'community', type: 'withdraw', data: { note: '申请人撤回 / Withdrawn by the applicant' } }] },
  { item: pick('street', 'commitment', 5), steps: [up('street'), { by: 'street', type: 'approve' }] },
  { item: pick('city', 'commitment', 2), steps: [up('street'), { by: 'city', type: 'urge', data: { note: '请加快办理 / Please speed up' } }] },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['建华', '秀英', '志强', '桂兰', '海涛', '丽娟', '国庆', '春梅', '德明', '玉珍'];

/** A fictional but well-formed mainland ID number (check digit per GB 11643). */
function demoIdNumber(seed: number): string {
  const body = `340102${1950 + (seed % 50)}${String(1 + (seed % 12)).padStart(2, '0')}${String(1 + (seed % 28)).padStart(2, '0')}${String(100 + (seed % 900))}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return body + '10X98765432'.charAt(sum % 11);
}

export interface DemoCasesInput {
  readonly units: readonly Unit[];
  readonly catalog: readonly ServiceItem[];
  readonly accounts: readonly DemoAccount[];
  readonly tree: UnitTree;
  readonly catalogRules: CatalogRules;
  /** The last step of every case lands before this. */
  readonly nowMs: number;
  readonly casesPerCommunity: number;
}

export function buildDemoCases(input: DemoCasesInput): CaseDoc[] {
  const docs: CaseDoc[] = [];
  const communities = input.units.filter((u) => u.tier === 'community');
  communities.forEach((community, ci) => {
    const street = input.units.find((u) => u.id === community.parentId);
    const city = input.units.find((u) => u.id === street?.parentId);
    if (street === undefined || city === undefined) throw new Error(`demo unit ${community.id} has no street or city above it`);
    const unitFor = { community, street, city };
    for (let k = 0; k < input.casesPerCommunity; k += 1) {
      const scenario = SCENARIOS[(ci + k) % SCENARIOS.length];
      if (scenario === undefined) continue;
      const seed = ci * 100 + k;
      docs.push(buildCase(`${caseIdPrefix(community.id)}demo${k}`, seed, scenario, unitFor, input));
    }
  });
  return docs;
}

function buildCase(id: string, seed: number, scenario: Scenario, unitFor: Record<Step['by'], Unit>, input: DemoCasesInput): CaseDoc {
  const item = scenario.item(input.catalog);
  // Spread over the past few working weeks, steps a few hours apart.
  let t = input.nowMs - (2 + (seed % 15)) * 86_400_000 - (seed % 7) * 3_600_000;
  const actorAt = (tier: Step['by']): Actor => {
    const unit = unitFor[tier];
    const account = input.accounts.find((a) => a.unitId === unit.id);
    if (account === undefined) throw new Error(`no demo account at ${unit.id}`);
    return { unitId: unit.id, tier: unit.tier, role: account.role, workerId: account.username };
  };
  const stepEvent = (n: number, by: Step['by'], type: CaseEventType, data: CaseEvent['data']): CaseEvent => {
    const actor = actorAt(by);
    const deviceId = `demo-${actor.unitId}`;
    return { id: `e_${id}_${n}`, type, unitId: actor.unitId, workerId: actor.workerId, deviceId, deviceTime: new Date(t).toISOString(), hlc: formatHlc({ wallMs: t, counter: 0, node: deviceId }), data };
  };
  const accept = stepEvent(0, 'community', 'accept', {
    caseNumber: `LD${new Date(t + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}D${String(seed).padStart(4, '0')}`,
    queryCode: String(100000 + ((seed * 7919) % 900000)),
    item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
    applicant: { name: `${SURNAMES[seed % 10] ?? '王'}${GIVEN[(seed * 3) % 10] ?? '明'}`, idNumber: demoIdNumber(seed), phone: `1390551${String(1000 + seed).slice(-4)}` },
    provided: item.materials.map((m) => m.id),
  });
  let doc = apply(id, null, accept, actorAt('community'), t, input);
  scenario.steps.forEach((step, n) => {
    t += (2 + (n % 3)) * 3_600_000;
    const data = step.type === 'forward' ? { ...step.data, toUnitId: unitFor[step.data?.toUnitId === 'city' ? 'city' : 'street'].id } : step.type === 'request_supplement' ? { ...step.data, missing: item.materials.slice(0, 1).map((m) => m.id) } : (step.data ?? {});
    doc = apply(id, doc, stepEvent(n + 1, step.by, step.type, data), actorAt(step.by), t, input);
  });
  return doc;
}

function apply(id: string, existing: CaseDoc | null, event: CaseEvent, actor: Actor, atMs: number, input: DemoCasesInput): CaseDoc {
  const verdict = authorizeCaseWrite({ id, events: [...(existing?.events ?? []), event] }, existing, { actor, tree: input.tree, catalog: input.catalogRules, nowMs: atMs + 60_000 });
  if (!verdict.ok) throw new Error(`demo case ${id}: ${verdict.code} ${verdict.detail}`);
  return verdict.doc;
}
