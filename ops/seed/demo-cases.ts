import { caseIdPrefix } from '../../schemas/rules/case-ids.ts';
import { authorizeCaseWrite, type CatalogRules } from '../../schemas/rules/case-write.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, CaseEventType, ServiceItem, Unit } from '../../schemas/types.ts';
import type { DemoAccount } from './demo-accounts.ts';

/**
 * A few dozen sample cases across every state, built step by step through the same rules the
 * gateway applies, so the demo holds nothing the system itself could not have produced. Among
 * them: overdue cases the city urged and supervised (one waiting for the street's reply, one
 * answered), a bad rating whose rectification is under way, and green-channel cases. Besides
 * them, closed cases over the four months before (decided on time or late, refused, urged, rated,
 * rectified), so that the indicators, the city's dashboard and its ranking have a history.
 */
interface Step {
  readonly by: 'community' | 'street' | 'city';
  readonly type: CaseEventType;
  /** `toUnitId` names a tier ('street', 'city'): the case's own unit of that tier is meant. */
  readonly data?: CaseEvent['data'];
  /** A reply or closure answers the urge or supervision recorded as this step (0 = first after acceptance). */
  readonly answersStep?: number;
  /** Calendar days after the step before; by default a few hours. */
  readonly afterDays?: (item: ServiceItem) => number;
}

interface Scenario {
  readonly item: (catalog: readonly ServiceItem[]) => ServiceItem;
  readonly steps: readonly Step[];
  readonly greenChannel?: boolean;
  /** How long ago the case was accepted; by default a spread over the past few working weeks. */
  readonly acceptedDaysAgo?: (item: ServiceItem) => number;
}

const pick = (tier: ServiceItem['decisionTier'], kind: ServiceItem['kind'], nth = 0) => (catalog: readonly ServiceItem[]): ServiceItem => {
  const matching = catalog.filter((i) => i.decisionTier === tier && i.kind === kind && i.acceptTiers.includes('community'));
  const item = matching[nth % Math.max(1, matching.length)];
  if (item === undefined) throw new Error(`demo catalog has no ${kind} item decided at ${tier}`);
  return item;
};

const up = (to: 'street' | 'city'): Step => ({ by: to === 'street' ? 'community' : 'street', type: 'forward', data: { toUnitId: to } });

/** Calendar days that put a case a few working days past its promised limit. */
const overdue = (item: ServiceItem): number => Math.ceil(item.promisedDays * 1.4) + 6;

const SCENARIOS: readonly Scenario[] = [
  { item: pick('street', 'commitment'), steps: [] },
  { item: pick('street', 'commitment', 1), steps: [up('street')] },
  { item: pick('street', 'commitment', 2), steps: [up('street'), { by: 'street', type: 'request_supplement', data: { missing: ['m1'], note: '请补充户口簿复印件 / Please add a copy of the household register' } }] },
  { item: pick('city', 'commitment'), steps: [up('street'), up('city'), { by: 'city', type: 'approve', data: { note: '材料齐全，准予办理 / Complete, approved' } }, { by: 'community', type: 'pickup', data: { deliveryMode: 'station' } }, { by: 'community', type: 'rate', data: { rating: 5, via: 'handover' } }] },
  { item: pick('street', 'commitment', 3), steps: [up('street'), { by: 'street', type: 'refuse', data: { note: '不符合申请条件 / Not eligible' } }] },
  { item: pick('community', 'instant'), steps: [{ by: 'community', type: 'approve' }, { by: 'community', type: 'pickup', data: { deliveryMode: 'station' } }, { by: 'community', type: 'rate', data: { rating: 4, via: 'handover' } }] },
  { item: pick('city', 'commitment', 1), steps: [up('street'), up('city'), { by: 'city', type: 'suspend', data: { note: '公示期 / Public notice period' } }] },
  { item: pick('street', 'commitment', 4), steps: [{ by: 'community', type: 'withdraw', data: { note: '申请人撤回 / Withdrawn by the applicant' } }] },
  { item: pick('street', 'commitment', 5), steps: [up('street'), { by: 'street', type: 'approve' }] },
  // Overdue at the street: the city urges and waits for the reply.
  {
    item: pick('city', 'commitment', 2),
    acceptedDaysAgo: overdue,
    steps: [up('street'), { by: 'city', type: 'urge', data: { toUnitId: 'street', note: '已超期，请说明原因并加快办理 / Overdue: explain why and speed up', replyDays: 2 } }],
  },
  // Overdue, supervised; the street has replied, the city has not closed the item yet.
  {
    item: pick('street', 'commitment', 6),
    acceptedDaysAgo: overdue,
    steps: [
      up('street'),
      { by: 'city', type: 'supervise', data: { toUnitId: 'street', note: '列入督办，请每周报告进展 / Under supervision: report weekly', replyDays: 3 } },
      { by: 'street', type: 'reply', answersStep: 1, data: { note: '已联系申请人核实材料，预计本周内办结 / Applicant contacted; to be decided this week' } },
    ],
  },
  // The citizen rated 非常不满意 on the handed-over screen: the station has called back, the action is still to come.
  {
    item: pick('community', 'instant', 1),
    acceptedDaysAgo: () => 3,
    steps: [
      { by: 'community', type: 'approve' },
      { by: 'community', type: 'pickup', data: { deliveryMode: 'station' } },
      { by: 'community', type: 'rate', data: { rating: 1, via: 'handover', note: '排队时间太长，窗口人员解释不清 / Long wait, unclear explanations' } },
      { by: 'community', type: 'callback', data: { note: '已电话回访申请人，致歉并说明办理流程 / Called the applicant, apologised, explained the procedure' } },
    ],
  },
  { item: pick('street', 'commitment', 7), greenChannel: true, steps: [up('street')] },
];

const days = (n: number) => (): number => n;
/** Calendar days for a share of the item's promised working days: below 1 is well on time, above 1.5 late. */
const ofLimit = (share: number, plus = 0) => (item: ServiceItem): number => Math.ceil(item.promisedDays * share) + plus;
const pickedUp = (rating: number, after = 1): Step[] => [
  { by: 'community', type: 'pickup', afterDays: days(after), data: { deliveryMode: 'station' } },
  { by: 'community', type: 'rate', data: { rating, via: 'handover' } },
];

/** Closed cases of the past months: every one picked up (or refused) and rated, none waiting on anyone. */
const HISTORY: readonly Scenario[] = [
  // Decided at the street well on time; 非常满意.
  { item: pick('street', 'commitment', 1), steps: [{ ...up('street'), afterDays: days(0.2) }, { by: 'street', type: 'approve', afterDays: ofLimit(0.5) }, ...pickedUp(5)] },
  // Up to the city and decided there on time; 满意.
  {
    item: pick('city', 'commitment', 3),
    steps: [{ ...up('street'), afterDays: days(0.2) }, { ...up('city'), afterDays: days(1) }, { by: 'city', type: 'approve', afterDays: ofLimit(0.4), data: { note: '材料齐全，准予办理 / Complete, approved' } }, ...pickedUp(4, 2)],
  },
  // 即办件, done on the spot; 非常满意.
  { item: pick('community', 'instant', 2), steps: [{ by: 'community', type: 'approve' }, ...pickedUp(5, 0)] },
  // Decided late at the street; 基本满意 (not a good rating, no rectification).
  { item: pick('street', 'commitment', 2), steps: [{ ...up('street'), afterDays: days(0.3) }, { by: 'street', type: 'approve', afterDays: ofLimit(1.6, 4) }, ...pickedUp(3)] },
  // Refused at the street with a reason; the citizen takes the decision and rates it 满意.
  {
    item: pick('street', 'commitment', 5),
    steps: [{ ...up('street'), afterDays: days(0.2) }, { by: 'street', type: 'refuse', afterDays: ofLimit(0.4), data: { note: '不符合申请条件 / Not eligible' } }, ...pickedUp(4)],
  },
  // Late at the street: the city urged, the street replied the next day and decided; 不满意, rectified within days.
  {
    item: pick('street', 'commitment', 3),
    steps: [
      { ...up('street'), afterDays: days(0.2) },
      { by: 'city', type: 'urge', afterDays: ofLimit(1.5, 2), data: { toUnitId: 'street', note: '已超期，请说明原因并加快办理 / Overdue: explain why and speed up', replyDays: 2 } },
      { by: 'street', type: 'reply', answersStep: 1, afterDays: days(1), data: { note: '人手不足，已安排专人办理 / Short-staffed; someone is on it now' } },
      { by: 'street', type: 'approve', afterDays: days(2) },
      ...pickedUp(2),
      { by: 'street', type: 'callback', afterDays: days(1), data: { note: '已回访申请人并致歉 / Called the applicant back and apologised' } },
      { by: 'street', type: 'rectify', afterDays: days(1), data: { note: '增设窗口人员，超期件每日通报 / More staff at the window; overdue cases reported daily' } },
      { by: 'street', type: 'close_rectification', afterDays: days(1) },
    ],
  },
  // Up to the city, decided there well on time; 非常满意.
  { item: pick('city', 'commitment', 4), steps: [{ ...up('street'), afterDays: days(0.3) }, { ...up('city'), afterDays: days(1) }, { by: 'city', type: 'approve', afterDays: ofLimit(0.3) }, ...pickedUp(5, 2)] },
];

/** Closed cases of the past months per community station when recent ones are seeded (7 × 9 = 63 in the demo). */
export const DEMO_HISTORY_PER_COMMUNITY = HISTORY.length;
/** The history's acceptances spread over this many days before the recent cases' (20 to 115 days ago). */
const HISTORY_SPAN_DAYS = 96;
const HISTORY_FROM_DAYS_AGO = 20;

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
  /** Closed cases of the past months per community; by default `DEMO_HISTORY_PER_COMMUNITY` when any recent case is asked for, else none. */
  readonly historyPerCommunity?: number;
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
      // Consecutive scenarios per station: every street sees every kind of case among its three stations.
      const scenario = SCENARIOS[(ci * input.casesPerCommunity + k) % SCENARIOS.length];
      if (scenario === undefined) continue;
      const seed = ci * 100 + k;
      docs.push(buildCase(`${caseIdPrefix(community.id)}demo${k}`, seed, scenario, unitFor, input));
    }
    const history = input.historyPerCommunity ?? (input.casesPerCommunity > 0 ? DEMO_HISTORY_PER_COMMUNITY : 0);
    for (let k = 0; k < history; k += 1) {
      const n = ci * history + k;
      const scenario = HISTORY[n % HISTORY.length];
      if (scenario === undefined) continue;
      // Seeds apart from the recent cases' (case numbers end in the seed); acceptances spread over the months.
      const daysAgo = HISTORY_FROM_DAYS_AGO + ((n * 37) % HISTORY_SPAN_DAYS);
      docs.push(buildCase(`${caseIdPrefix(community.id)}hist${k}`, 5000 + ci * 100 + k, { ...scenario, acceptedDaysAgo: () => daysAgo }, unitFor, input));
    }
  });
  return docs;
}

function buildCase(id: string, seed: number, scenario: Scenario, unitFor: Record<Step['by'], Unit>, input: DemoCasesInput): CaseDoc {
  const item = scenario.item(input.catalog);
  // Spread over the past few working weeks, steps a few hours apart (or the days a step says),
  // accepted early enough that the last step lands before now.
  const spanDays = scenario.steps.reduce((d, step) => d + (step.afterDays?.(item) ?? 0), 0);
  const daysAgo = Math.max(scenario.acceptedDaysAgo?.(item) ?? 2 + (seed % 15), Math.ceil(spanDays) + 2);
  let t = input.nowMs - daysAgo * 86_400_000 - (seed % 7) * 3_600_000;
  // The unit's workers take turns: the case shows who did what, by name.
  const actorAt = (tier: Step['by'], n: number): Actor => {
    const unit = unitFor[tier];
    const workers = input.accounts.filter((a) => a.unitId === unit.id && a.role !== 'catalog_editor' && a.role !== 'admin');
    const account = workers[(seed + n) % Math.max(1, workers.length)];
    if (account === undefined) throw new Error(`no demo account at ${unit.id}`);
    return { unitId: unit.id, tier: unit.tier, role: account.role, workerId: account.username, workerName: account.workerName };
  };
  const eventId = (n: number): string => `e_${id}_${n}`;
  const stepEvent = (n: number, actor: Actor, type: CaseEventType, data: CaseEvent['data']): CaseEvent => {
    const deviceId = `demo-${actor.unitId}`;
    return {
      id: eventId(n), type, unitId: actor.unitId, workerId: actor.workerId, ...(actor.workerName === undefined ? {} : { workerName: actor.workerName }),
      deviceId, deviceTime: new Date(t).toISOString(), hlc: formatHlc({ wallMs: t, counter: 0, node: deviceId }), data,
    };
  };
  const acceptor = actorAt('community', 0);
  const accept = stepEvent(0, acceptor, 'accept', {
    caseNumber: `LD${new Date(t + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '')}D${String(seed).padStart(4, '0')}`,
    queryCode: String(100000 + ((seed * 7919) % 900000)),
    item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
    applicant: { name: `${SURNAMES[seed % 10] ?? '王'}${GIVEN[(seed * 3) % 10] ?? '明'}`, idNumber: demoIdNumber(seed), phone: `1390551${String(1000 + seed).slice(-4)}` },
    provided: item.materials.map((m) => m.id),
    ...(scenario.greenChannel === true ? { greenChannel: true } : {}),
  });
  let doc = apply(id, null, accept, acceptor, t, input);
  scenario.steps.forEach((step, n) => {
    t += step.afterDays === undefined ? (2 + (n % 3)) * 3_600_000 : Math.round(step.afterDays(item) * 86_400_000) + (n % 3) * 3_600_000;
    const actor = actorAt(step.by, n + 1);
    doc = apply(id, doc, stepEvent(n + 1, actor, step.type, stepData(step, item, unitFor, eventId)), actor, t, input);
  });
  return doc;
}

/** A step's data with the tier it names turned into the case's unit and the step it answers into its event id. */
function stepData(step: Step, item: ServiceItem, unitFor: Record<Step['by'], Unit>, eventId: (n: number) => string): CaseEvent['data'] {
  const data: CaseEvent['data'] = { ...(step.data ?? {}) };
  if (data.toUnitId === 'street' || data.toUnitId === 'city') data.toUnitId = unitFor[data.toUnitId].id;
  if (step.type === 'request_supplement') data.missing = item.materials.slice(0, 1).map((m) => m.id);
  if (step.answersStep !== undefined) data.replyTo = eventId(step.answersStep + 1);
  return data;
}

function apply(id: string, existing: CaseDoc | null, event: CaseEvent, actor: Actor, atMs: number, input: DemoCasesInput): CaseDoc {
  const verdict = authorizeCaseWrite({ id, events: [...(existing?.events ?? []), event] }, existing, { actor, tree: input.tree, catalog: input.catalogRules, nowMs: atMs + 60_000 });
  if (!verdict.ok) throw new Error(`demo case ${id}: ${verdict.code} ${verdict.detail}`);
  return verdict.doc;
}
