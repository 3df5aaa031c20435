import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES } from '../../schemas/json/case.schema.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { canonicalJson, mergeCases, sameCase, unionEvents, unionReceipts } from '../../schemas/rules/merge.ts';
import type { CaseDoc, CaseEvent, CaseEventType, EventReceipt } from '../../schemas/types.ts';
import {
  acceptEvent,
  caseDocOf,
  dataFor,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  refuseEvent,
  T0,
  TREE,
  UNIT_IDS,
  withdrawEvent,
  type ItemSnapshot,
  visibilityOf,
} from './fixtures/case-events.ts';

const CASE_ID = 'case-0001';
const NUM_RUNS = 250;

// ---------------------------------------------------------------------------------------------
// Generators: one case's history from several units and devices with colliding, disordered clocks,
// and replicas holding random overlapping parts of it (each with the accept, as every replica has).
// ---------------------------------------------------------------------------------------------

interface Step {
  readonly type: CaseEventType;
  /** Who records it: mostly the unit holding the case or the accepting station, sometimes anyone. */
  readonly who: 'holder' | 'acceptor' | 'any';
  readonly anyUnit: string;
  readonly device: number;
  /** Seconds since the previous step: mostly forward, sometimes back (devices whose clocks disagree). */
  readonly delta: number;
  readonly counter: number;
  /** Forward target: a neighbour of the actor in the tree (by index), or with `toAny` any unit. */
  readonly toPick: number;
  readonly toAny: boolean;
  readonly tag: string;
  readonly item: ItemSnapshot;
}

const itemArb = fc.constantFrom<ItemSnapshot>(...Object.values(ITEMS));
const unitArb = fc.constantFrom(...UNIT_IDS);
const laterTypes = CASE_EVENT_TYPES.filter((t) => t !== 'accept');

const stepArb: fc.Arbitrary<Step> = fc.record({
  type: fc.oneof({ weight: 1, arbitrary: fc.constant<CaseEventType>('accept') }, { weight: 15, arbitrary: fc.constantFrom(...laterTypes) }),
  who: fc.oneof({ weight: 6, arbitrary: fc.constant('holder' as const) }, { weight: 3, arbitrary: fc.constant('acceptor' as const) }, { weight: 1, arbitrary: fc.constant('any' as const) }),
  anyUnit: unitArb,
  device: fc.integer({ min: 0, max: 2 }),
  delta: fc.integer({ min: -3, max: 5 }),
  counter: fc.integer({ min: 0, max: 2 }),
  toPick: fc.nat(),
  toAny: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 9, arbitrary: fc.constant(false) }),
  tag: fc.stringMatching(/^[a-z]{2}$/),
  item: itemArb,
});

function neighbours(unitId: string): string[] {
  const parent = TREE.get(unitId)?.parentId ?? null;
  const children = UNIT_IDS.filter((id) => TREE.get(id)?.parentId === unitId);
  return parent === null ? children : [parent, ...children];
}

/** Build the history step by step, choosing actors from the state folded so far (valid-ish). */
function buildHistory(accept: CaseEvent, steps: readonly Step[]): CaseEvent[] {
  const events: CaseEvent[] = [accept];
  let second = (Date.parse(accept.deviceTime) - T0) / 1000;
  steps.forEach((step, i) => {
    const state = foldCase(events);
    if (state === null) throw new Error('history lost its accept');
    const unit = step.who === 'holder' ? state.holderUnitId : step.who === 'acceptor' ? state.acceptedUnitId : step.anyUnit;
    const near = neighbours(unit);
    const to = step.toAny ? step.anyUnit : (near[step.toPick % near.length] ?? step.anyUnit);
    second += step.delta;
    const deviceId = `dev-${unit}-${step.device}`;
    const stamp = { by: unit, atMs: T0 + second * 1000, counter: step.counter, deviceId, id: `evt-${step.tag}-${String(i + 1).padStart(3, '0')}` };
    events.push(step.type === 'accept' ? acceptEvent(stamp, { item: step.item }) : makeEvent(step.type, dataFor(step.type, to), stamp));
  });
  return events;
}

/** An accept at a community, then up to 30 further steps (mostly valid, some not, some second accepts). */
const historyArb: fc.Arbitrary<CaseEvent[]> = fc
  .record({
    acceptUnit: fc.constantFrom('community-a1', 'community-a2', 'community-b1'),
    acceptSecond: fc.integer({ min: 0, max: 10 }),
    item: itemArb,
    steps: fc.array(stepArb, { maxLength: 30 }),
  })
  .map(({ acceptUnit, acceptSecond, item, steps }) =>
    buildHistory(acceptEvent({ by: acceptUnit, atMs: T0 + acceptSecond * 1000, id: 'evt-accept-000' }, { item }), steps),
  );

interface ReplicaPlan {
  readonly include: readonly boolean[];
  readonly receiptAt: readonly (number | null)[];
  readonly extraVisible: readonly string[];
}

function replicaOf(events: readonly CaseEvent[], plan: ReplicaPlan): CaseDoc {
  // Every replica holds the accept (a case is created by it); the rest is a random part of the history.
  const held = events.filter((_, i) => i === 0 || plan.include[i] === true);
  const receipts: EventReceipt[] = [];
  held.forEach((event) => {
    const at = plan.receiptAt[events.indexOf(event)];
    if (at !== null && at !== undefined) receipts.push({ eventId: event.id, at });
  });
  const doc = materializeCase(CASE_ID, held, receipts, [...visibilityOf(held, receipts), ...plan.extraVisible]);
  if (doc === null) throw new Error('a replica without its accept');
  return doc;
}

interface Scenario {
  readonly events: readonly CaseEvent[];
  readonly replicas: readonly CaseDoc[];
}

const scenarioArb = (minReplicas: number, maxReplicas: number): fc.Arbitrary<Scenario> =>
  historyArb.chain((events) => {
    const n = events.length;
    const planArb: fc.Arbitrary<ReplicaPlan> = fc.record({
      include: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      receiptAt: fc.array(fc.option(fc.integer({ min: 0, max: 1000 }), { nil: null }), { minLength: n, maxLength: n }),
      extraVisible: fc.subarray([...UNIT_IDS]),
    });
    return fc
      .array(planArb, { minLength: minReplicas, maxLength: maxReplicas })
      .map((plans) => ({ events, replicas: plans.map((plan) => replicaOf(events, plan)) }));
  });

const canon = (doc: CaseDoc): string => canonicalJson(doc);
const mergeAll = (docs: readonly CaseDoc[]): CaseDoc => {
  const [first, ...rest] = docs;
  if (first === undefined) throw new Error('nothing to merge');
  return rest.reduce(mergeCases, first);
};

/** The converged doc computed directly from the definitions, not through pairwise merges. */
function expectedMerge(replicas: readonly CaseDoc[]): CaseDoc {
  const events = new Map<string, CaseEvent>();
  const receipts = new Map<string, number>();
  const visible = new Set<string>();
  for (const r of replicas) {
    for (const e of r.events) events.set(e.id, e);
    for (const { eventId, at } of r.receipts) receipts.set(eventId, Math.min(at, receipts.get(eventId) ?? Infinity));
    for (const u of r.visibleTo) visible.add(u);
  }
  const doc = materializeCase(CASE_ID, [...events.values()], [...receipts].map(([eventId, at]) => ({ eventId, at })), [...visible]);
  if (doc === null) throw new Error('no accept');
  return doc;
}

// ---------------------------------------------------------------------------------------------

describe('mergeCases: properties over random histories and replicas', () => {
  it('is commutative', () => {
    fc.assert(
      fc.property(scenarioArb(2, 2), ({ replicas: [a, b] }) => {
        if (a === undefined || b === undefined) throw new Error('two replicas expected');
        expect(canon(mergeCases(a, b))).toBe(canon(mergeCases(b, a)));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(scenarioArb(3, 3), ({ replicas: [a, b, c] }) => {
        if (a === undefined || b === undefined || c === undefined) throw new Error('three replicas expected');
        expect(canon(mergeCases(mergeCases(a, b), c))).toBe(canon(mergeCases(a, mergeCases(b, c))));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(scenarioArb(2, 2), ({ replicas: [a, b] }) => {
        if (a === undefined || b === undefined) throw new Error('two replicas expected');
        expect(canon(mergeCases(a, a))).toBe(canon(a));
        const ab = mergeCases(a, b);
        expect(canon(mergeCases(ab, ab))).toBe(canon(ab));
        expect(canon(mergeCases(ab, b))).toBe(canon(ab));
        expect(canon(mergeCases(a, ab))).toBe(canon(ab));
        expect(sameCase(mergeCases(ab, a), ab)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('merging all replicas in any order, in any grouping, gives the identical doc', () => {
    const arb = scenarioArb(2, 6).chain((scenario) =>
      fc.record({
        scenario: fc.constant(scenario),
        order: fc.shuffledSubarray([...scenario.replicas], { minLength: scenario.replicas.length, maxLength: scenario.replicas.length }),
        split: fc.integer({ min: 1, max: Math.max(1, scenario.replicas.length - 1) }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ scenario, order, split }) => {
        const expected = canon(expectedMerge(scenario.replicas));
        expect(canon(mergeAll(scenario.replicas))).toBe(expected);
        expect(canon(mergeAll(order))).toBe(expected);
        // Two groups of stations sync among themselves first, then with each other.
        const left = mergeAll(order.slice(0, split));
        const right = order.length > split ? mergeAll(order.slice(split)) : left;
        expect(canon(mergeCases(right, left))).toBe(expected);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('loses no event and duplicates none; derived fields are the fold of the union', () => {
    fc.assert(
      fc.property(scenarioArb(1, 5), ({ replicas }) => {
        const merged = mergeAll(replicas);
        const ids = merged.events.map((e) => e.id);
        const expectedIds = [...new Set(replicas.flatMap((r) => r.events.map((e) => e.id)))].sort();
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(expectedIds);
        for (const r of replicas) {
          for (const e of r.events) expect(merged.events.find((m) => m.id === e.id)).toEqual(e);
        }
        const state = foldCase(merged.events, merged.receipts);
        expect(state).not.toBeNull();
        expect({
          status: merged.status,
          holderUnitId: merged.holderUnitId,
          acceptedUnitId: merged.acceptedUnitId,
          itemCode: merged.itemCode,
          caseNumber: merged.caseNumber,
          lastHlc: merged.lastHlc,
          conflictCount: merged.conflictCount,
        }).toEqual({
          status: state?.status,
          holderUnitId: state?.holderUnitId,
          acceptedUnitId: state?.acceptedUnitId,
          itemCode: state?.itemCode,
          caseNumber: state?.caseNumber,
          lastHlc: state?.lastHlc,
          conflictCount: state?.conflicts.length,
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('keeps the earliest receipt time of each event, one receipt per event', () => {
    fc.assert(
      fc.property(scenarioArb(1, 5), ({ replicas }) => {
        const merged = mergeAll(replicas);
        const expected = new Map<string, number>();
        for (const r of replicas) for (const { eventId, at } of r.receipts) expected.set(eventId, Math.min(at, expected.get(eventId) ?? Infinity));
        expect(merged.receipts.length).toBe(expected.size);
        for (const { eventId, at } of merged.receipts) expect(at).toBe(expected.get(eventId));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('visibility only grows', () => {
    fc.assert(
      fc.property(scenarioArb(1, 5), ({ replicas }) => {
        let merged: CaseDoc | null = null;
        for (const r of replicas) {
          const before: readonly string[] = merged?.visibleTo ?? [];
          merged = merged === null ? mergeCases(r, r) : mergeCases(merged, r);
          for (const unit of [...before, ...r.visibleTo]) expect(merged.visibleTo).toContain(unit);
          expect(new Set(merged.visibleTo).size).toBe(merged.visibleTo.length);
          expect(merged.visibleTo).toEqual([...merged.visibleTo].sort());
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('converges even when a faulty writer gave two events one id', () => {
    fc.assert(
      fc.property(scenarioArb(2, 2), fc.string({ maxLength: 20 }), ({ replicas: [a, b] }, note) => {
        if (a === undefined || b === undefined) throw new Error('two replicas expected');
        const target = b.events[b.events.length - 1];
        if (target === undefined) throw new Error('empty replica');
        const tampered: CaseDoc = { ...b, events: b.events.map((e) => (e.id === target.id ? { ...e, data: { ...e.data, note } } : e)) };
        const ab = mergeCases(a, tampered);
        expect(canon(ab)).toBe(canon(mergeCases(tampered, a)));
        expect(canon(mergeCases(mergeCases(a, b), tampered))).toBe(canon(mergeCases(b, mergeCases(tampered, a))));
        expect(ab.events.filter((e) => e.id === target.id)).toHaveLength(1);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('mergeCases: examples', () => {
  it('an invalid-after-merge transition stays in the events and is counted as a conflict', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
    const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
    // Offline at the same time: the citizen withdraws at the station, the street hall refuses later
    // by its clock, but the refusal reaches the hub first (T0+5 min against T0+10 min): between
    // units, the step the hub received first takes effect, and the withdraw is the one that lost.
    const withdraw = withdrawEvent({ by: 'community-a1', atMs: T0 + 2 * MINUTE });
    const refuse = refuseEvent({ by: 'street-a', atMs: T0 + 3 * MINUTE });
    const atStation = caseDocOf(CASE_ID, [accept, forward, withdraw], T0 + 10 * MINUTE);
    const atHall = caseDocOf(CASE_ID, [accept, forward, refuse], T0 + 5 * MINUTE);
    expect(atStation).toMatchObject({ status: 'withdrawn', conflictCount: 0 });
    expect(atHall).toMatchObject({ status: 'refused', conflictCount: 0 });

    const merged = mergeCases(atStation, atHall);
    expect(merged.events.map((e) => e.id)).toEqual([accept.id, forward.id, refuse.id, withdraw.id]);
    expect(merged).toMatchObject({ status: 'refused', holderUnitId: 'street-a', conflictCount: 1, lastHlc: refuse.hlc });
    expect(foldCase(merged.events, merged.receipts)?.conflicts).toEqual([{ eventId: withdraw.id, reason: 'transition', statusThen: 'refused' }]);
    expect(canon(mergeCases(atHall, atStation))).toBe(canon(merged));
    // Receipts: the earlier hub time of the shared events, each side's own for the rest.
    expect(merged.receipts).toEqual(
      [
        { eventId: accept.id, at: T0 + 5 * MINUTE },
        { eventId: forward.id, at: T0 + 5 * MINUTE },
        { eventId: withdraw.id, at: T0 + 10 * MINUTE },
        { eventId: refuse.id, at: T0 + 5 * MINUTE },
      ].sort((x, y) => (x.eventId < y.eventId ? -1 : 1)),
    );
  });

  it('refuses to merge two different cases', () => {
    const doc = caseDocOf(CASE_ID, [acceptEvent({ by: 'community-a1', atMs: T0 })]);
    expect(() => mergeCases(doc, { ...doc, id: 'case-0002' })).toThrow(/different cases/);
  });

  it('unionEvents and unionReceipts keep one entry per id', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
    const forward = forwardEvent({ by: 'community-a1', atMs: T0 + 1 }, 'street-a');
    expect(unionEvents([accept, forward], [forward, accept]).map((e) => e.id).sort()).toEqual([accept.id, forward.id].sort());
    expect(unionReceipts([{ eventId: 'x', at: 5 }], [{ eventId: 'x', at: 3 }, { eventId: 'y', at: 9 }])).toEqual([
      { eventId: 'x', at: 3 },
      { eventId: 'y', at: 9 },
    ]);
  });

  it('canonicalJson ignores key order and undefined values', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe(canonicalJson({ a: [{ d: 2 }], b: 1 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
