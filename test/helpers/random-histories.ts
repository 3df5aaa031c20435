import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { availableSteps } from '../../schemas/rules/available-steps.ts';
import type { FollowStepType } from '../../schemas/rules/case-step.ts';
import { authorizeCaseWrite, type CatalogRules } from '../../schemas/rules/case-write.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import { unitTreeOf, type UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, PresenceDay, Role, ServiceItem, Tier, Unit } from '../../schemas/types.ts';
import { presenceMomentOf, withHourHeard } from '../../schemas/rules/availability.ts';
import { sampleStepData } from './step-samples.ts';

/**
 * Random but lawful case histories over a unit tree: every step is one the registry offers some
 * unit at that moment (`availableSteps`), taken by that unit's worker and accepted by the same
 * write rules as the gateway's (`authorizeCaseWrite`), at moments that only move forward (hours to
 * days apart), each received by the hub a second after it was stamped. For tests that recount
 * what the hub's views give, and for benchmarks.
 */

/** Where random choices come from: a number in [0, 1), as `Math.random` or a seeded generator. */
export type Random = () => number;

/** A small seeded generator (mulberry32), so a run can be told again from its seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ROLE_OF_TIER: Record<Tier, Role> = { community: 'community_worker', street: 'street_clerk', city: 'city_supervisor' };
const HOUR = 3_600_000;

export interface HistoryOptions {
  readonly units: readonly Unit[];
  readonly count: number;
  /** Acceptances fall in [fromMs, toMs); steps may run on past `toMs`, never past `nowMs`. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly nowMs: number;
  readonly random: Random;
  /** At most this many steps after the acceptance (default 10). */
  readonly maxSteps?: number;
  readonly catalog?: readonly ServiceItem[];
}

function pick<T>(items: readonly T[], random: Random): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** A gap between steps: mostly hours, sometimes days, now and then weeks. */
function gap(random: Random): number {
  const r = random();
  if (r < 0.5) return Math.ceil(random() * 8) * HOUR;
  if (r < 0.9) return Math.ceil(random() * 5) * 24 * HOUR + Math.floor(random() * 8) * HOUR;
  return Math.ceil(random() * 30) * 24 * HOUR;
}

function actorAt(unit: Pick<Unit, 'id' | 'tier'>): Actor {
  return { unitId: unit.id, tier: unit.tier, role: ROLE_OF_TIER[unit.tier], workerId: `w-${unit.id}` };
}

/** `count` random histories, each as the hub would store it. */
export function randomCaseHistories(opts: HistoryOptions): CaseDoc[] {
  const tree: UnitTree = unitTreeOf(opts.units);
  const items = opts.catalog ?? DEMO_CATALOG;
  const catalog: CatalogRules = new Map(items.map((i) => [i.code, i]));
  const docs: CaseDoc[] = [];
  for (let n = 0; n < opts.count; n += 1) {
    const doc = randomHistory(n, opts, tree, items, catalog);
    if (doc !== null) docs.push(doc);
  }
  return docs;
}

function randomHistory(n: number, opts: HistoryOptions, tree: UnitTree, items: readonly ServiceItem[], catalog: CatalogRules): CaseDoc | null {
  const { random } = opts;
  const acceptor = pick(opts.units.filter((u) => u.tier !== 'city' || random() < 0.3), random);
  const item = pick(items.filter((i) => i.acceptTiers.includes(acceptor.tier)), random);
  let t = opts.fromMs + Math.floor(random() * (opts.toMs - opts.fromMs));
  const tag = `${n.toString(36)}${Math.floor(random() * 1e9).toString(36)}`.toUpperCase();
  const id = `c_${acceptor.id}_r${tag}`;
  let counter = 0;
  const event = (actor: Actor, type: CaseEvent['type'], data: CaseEvent['data']): CaseEvent => {
    const deviceId = `dev-${actor.unitId}`;
    counter += 1;
    return {
      id: `e_${id}_${counter}`,
      type,
      unitId: actor.unitId,
      workerId: actor.workerId,
      deviceId,
      deviceTime: new Date(t).toISOString(),
      hlc: formatHlc({ wallMs: t, counter: 0, node: deviceId }),
      data,
    };
  };
  const write = (existing: CaseDoc | null, actor: Actor, added: CaseEvent): CaseDoc | null => {
    const verdict = authorizeCaseWrite({ id, events: [...(existing?.events ?? []), added] }, existing, { actor, tree, catalog, nowMs: t + 1000 });
    return verdict.ok ? verdict.doc : null;
  };
  const accepting = actorAt(acceptor);
  let doc = write(null, accepting, event(accepting, 'accept', {
    caseNumber: `LDR${tag}`,
    queryCode: String(100_000 + Math.floor(random() * 900_000)),
    item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
    applicant: { name: '测试', idNumber: '34010219800101001X', phone: '13800000000' },
    provided: item.materials.map((m) => m.id),
  }));
  if (doc === null) throw new Error(`a random acceptance was refused: ${id}`);
  const steps = Math.floor(random() * ((opts.maxSteps ?? 10) + 1));
  for (let s = 0; s < steps; s += 1) {
    const next = t + gap(random);
    if (next >= opts.nowMs) break;
    t = next;
    const state = foldCase(doc.events, doc.receipts);
    if (state === null) break;
    const offers = opts.units.flatMap((unit) => {
      const actor = actorAt(unit);
      return availableSteps(state, actor, tree).flatMap((step) => step.options.map((option) => ({ actor, type: step.type, option })));
    });
    if (offers.length === 0) break;
    const { actor, type, option } = pick(offers, random);
    const written = write(doc, actor, event(actor, type, stepData(type, option, item, random)));
    if (written !== null) doc = written;
  }
  return doc;
}

/** The step's data: the option's fields, a random rating or reply deadline, the item's own materials. */
function stepData(type: FollowStepType, option: CaseEvent['data'], item: ServiceItem, random: Random): CaseEvent['data'] {
  const given: CaseEvent['data'] = { ...option };
  if (type === 'rate') given.rating = 1 + Math.floor(random() * 5);
  if (type === 'urge' || type === 'supervise') given.replyDays = 1 + Math.floor(random() * 4);
  if (type === 'request_supplement') given.missing = item.materials.slice(0, 1 + Math.floor(random() * Math.max(1, item.materials.length))).map((m) => m.id);
  if (type === 'supplement') given.provided = item.materials.map((m) => m.id);
  if (type === 'pickup') given.deliveryMode = random() < 0.2 ? 'door_to_door' : 'station';
  return sampleStepData(type, given);
}

/** Random hours in which units were heard from (heartbeats), between two moments, as the gateway records them: a record per unit and day. */
export function randomPresence(units: readonly Pick<Unit, 'id'>[], fromMs: number, toMs: number, random: Random, share = 0.3): PresenceDay[] {
  const records = new Map<string, PresenceDay>();
  for (const unit of units) {
    for (let hourStart = fromMs - (fromMs % HOUR); hourStart < toMs; hourStart += HOUR) {
      if (random() >= share) continue;
      const moment = presenceMomentOf(unit.id, Math.min(toMs - 1, hourStart + Math.floor(random() * HOUR)));
      records.set(moment.id, withHourHeard(records.get(moment.id) ?? null, moment));
    }
  }
  return [...records.values()];
}
