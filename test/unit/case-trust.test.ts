import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FollowStepType } from '../../schemas/rules/case-step.ts';
import { CASE_EVENT_CAP, HOLDER_RESERVE, MAX_UNAPPLIED_PER_UNIT, authorizeCaseWrite, type CaseWriteContext } from '../../schemas/rules/case-write.ts';
import { DEFAULT_OFFLINE_WINDOW_MS, orderEvents, receiptTimes, stepTimeMs } from '../../schemas/rules/event-order.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { DEFAULT_MAX_CLOCK_AHEAD_MS, formatHlc, parseHlc, receiveHlc, tickHlc } from '../../schemas/rules/hlc.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import type { CaseDoc, CaseEvent, EventReceipt } from '../../schemas/types.ts';
import {
  acceptEvent,
  actorOf,
  approveEvent,
  CATALOG,
  dataFor,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  requestSupplementEvent,
  supplementEvent,
  suspendEvent,
  T0,
  TREE,
  urgeEvent,
  visibilityOf,
  withdrawEvent,
} from './fixtures/case-events.ts';

const DAY = 24 * 60 * MINUTE;
const CASE_ID = 'c_community-a1_trust';
const ctxFor = (unitId: string, nowMs: number): CaseWriteContext => ({ actor: actorOf(unitId), tree: TREE, catalog: CATALOG, nowMs });
const receiptsAt = (pairs: readonly [CaseEvent, number][]): EventReceipt[] => pairs.map(([event, at]) => ({ eventId: event.id, at }));

/** The case as the hub holds it: each event received when given. */
function held(pairs: readonly [CaseEvent, number][]): CaseDoc {
  const events = pairs.map(([event]) => event);
  const receipts = receiptsAt(pairs);
  const doc = materializeCase(CASE_ID, events, receipts, visibilityOf(events, receipts));
  if (doc === null) throw new Error('no accept');
  return doc;
}

describe('time is anchored at the hub: future stamps', () => {
  const accept = acceptEvent({ by: 'community-a1', atMs: T0 });

  it('refuses a step stamped beyond the allowed skew ahead of the hub, per document, with a reason', () => {
    const bogus: CaseEvent = { ...accept, hlc: '999999999999999:999999:dev-x' };
    expect(authorizeCaseWrite({ id: CASE_ID, events: [bogus] }, null, ctxFor('community-a1', T0))).toMatchObject({ ok: false, code: 'ERR_CLOCK_AHEAD' });
    const fourAhead = acceptEvent({ by: 'community-a1', atMs: T0 + 4 * MINUTE });
    expect(authorizeCaseWrite({ id: CASE_ID, events: [fourAhead] }, null, ctxFor('community-a1', T0)).ok).toBe(true);
    const sixAhead = acceptEvent({ by: 'community-a1', atMs: T0 + 6 * MINUTE });
    expect(authorizeCaseWrite({ id: CASE_ID, events: [sixAhead] }, null, ctxFor('community-a1', T0))).toMatchObject({ ok: false, code: 'ERR_CLOCK_AHEAD' });
    // The allowed skew is configurable.
    expect(authorizeCaseWrite({ id: CASE_ID, events: [sixAhead] }, null, { ...ctxFor('community-a1', T0), maxClockAheadMs: 10 * MINUTE }).ok).toBe(true);
  });

  it('a device never adopts a clock beyond its own time plus the skew, and a bad saved clock starts over', () => {
    const device = tickHlc({ wallMs: 0, counter: 0, node: 'dev-street' }, T0);
    const after = receiveHlc(device, '999999999999999:999999:dev-x', T0 + 1000);
    expect(after.wallMs).toBeLessThanOrEqual(T0 + 1000 + DEFAULT_MAX_CLOCK_AHEAD_MS);
    // Its stamps stay well-formed however often it ticks (no overflow into a 16-digit wall).
    let clock = after;
    for (let i = 0; i < 5; i += 1) clock = tickHlc(clock, T0 + 2000);
    expect(parseHlc(formatHlc(clock)).wallMs).toBe(clock.wallMs);
    // A clock saved while at the far future is not kept.
    const saved = { wallMs: 999_999_999_999_999, counter: 999_999, node: 'dev-street' };
    expect(tickHlc(saved, T0).wallMs).toBe(T0);
    expect(receiveHlc(saved, formatHlc({ wallMs: T0 - 5, counter: 0, node: 'dev-x' }), T0).wallMs).toBe(T0);
  });

  it('a case holding a bad stamp folds and takes new steps', () => {
    const bogusUrge: CaseEvent = { ...urgeEvent({ by: 'street-a', atMs: T0 + MINUTE }), hlc: '999999999999999:999999:dev-x' };
    const doc = held([[accept, T0], [forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a'), T0 + MINUTE], [bogusUrge, T0 + 2 * MINUTE]]);
    const state = foldCase(doc.events, doc.receipts);
    // Its time is bounded by its hub receipt: deadlines never see the year 33658.
    expect(stepTimeMs(bogusUrge, receiptTimes(doc.receipts), DEFAULT_OFFLINE_WINDOW_MS)).toBe(T0 + 2 * MINUTE);
    expect(state?.holderUnitId).toBe('street-a');
    const stamp = formatHlc(receiveHlc(tickHlc({ wallMs: 0, counter: 0, node: 'dev-street' }, T0), doc.lastHlc, T0 + 3 * MINUTE));
    const approve: CaseEvent = { ...approveEvent({ by: 'street-a', atMs: T0 + 3 * MINUTE }), hlc: stamp };
    const verdict = authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, approve] }, doc, ctxFor('street-a', T0 + 3 * MINUTE));
    expect(verdict).toMatchObject({ ok: true, doc: { status: 'approved' } });
  });
});

describe('time is anchored at the hub: between units, the step the hub received first takes effect', () => {
  const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
  const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
  const approve = approveEvent({ by: 'street-a', atMs: T0 + 2 * DAY });

  it('a withdraw back-dated 60 days cannot overtake a decision the hub already held', () => {
    const decided = held([[accept, T0], [forward, T0 + MINUTE], [approve, T0 + 2 * DAY]]);
    const backdated = withdrawEvent({ by: 'community-a1', atMs: T0 + 2 * DAY - 60 * DAY });
    const verdict = authorizeCaseWrite({ id: CASE_ID, events: [...decided.events, backdated] }, decided, ctxFor('community-a1', T0 + 3 * DAY));
    if (!verdict.ok) throw new Error(verdict.detail);
    expect(verdict.doc).toMatchObject({ status: 'approved', conflictCount: 1 });
    expect(foldCase(verdict.doc.events, verdict.doc.receipts)?.conflicts).toEqual([{ eventId: backdated.id, reason: 'transition', statusThen: 'approved' }]);
    // The losing step is kept, in the order it took effect: after the decision.
    expect(verdict.doc.events.map((e) => e.id)).toEqual([accept.id, forward.id, approve.id, backdated.id]);
  });

  it('a withdraw that reached the hub first stands, however the clocks read', () => {
    const withdraw = withdrawEvent({ by: 'community-a1', atMs: T0 + 3 * DAY });
    const doc = held([[accept, T0], [forward, T0 + MINUTE], [withdraw, T0 + DAY], [approve, T0 + 2 * DAY]]);
    expect(doc).toMatchObject({ status: 'withdrawn', conflictCount: 1 });
  });

  it('within one unit stamp order holds, whichever of its devices synced first', () => {
    // Two devices of street-a: the suspension was stamped first but reached the hub last.
    const suspend = suspendEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE, deviceId: 'tablet-1' });
    const approveLater = approveEvent({ by: 'street-a', atMs: T0 + 3 * MINUTE, deviceId: 'tablet-2' });
    const doc = held([[accept, T0], [forward, T0 + MINUTE], [approveLater, T0 + 10 * MINUTE], [suspend, T0 + 20 * MINUTE]]);
    expect(doc.events.map((e) => e.id)).toEqual([accept.id, forward.id, suspend.id, approveLater.id]);
    expect(doc).toMatchObject({ status: 'suspended', conflictCount: 1 });
  });

  it('replicas converge: the order depends only on the events and their receipts', () => {
    const pairs: [CaseEvent, number][] = [[accept, T0], [forward, T0 + MINUTE], [approve, T0 + 2 * DAY], [withdrawEvent({ by: 'community-a1', atMs: T0 }), T0 + 3 * DAY]];
    const receipts = receiptTimes(receiptsAt(pairs));
    const one = orderEvents(pairs.map(([e]) => e), receipts).map((e) => e.id);
    const other = orderEvents([...pairs].reverse().map(([e]) => e), receipts).map((e) => e.id);
    expect(other).toEqual(one);
  });

  it('times for deadlines and figures are bounded by hub receipt: never after it, never earlier than the offline window', () => {
    const received = receiptTimes([{ eventId: 'x', at: T0 }]);
    const at = (wallMs: number): number => stepTimeMs({ ...urgeEvent({ by: 'city', atMs: wallMs }), id: 'x' }, received, 30 * DAY);
    expect(at(T0 - DAY)).toBe(T0 - DAY);
    expect(at(T0 - 60 * DAY)).toBe(T0 - 30 * DAY);
    expect(at(T0 + 4 * MINUTE)).toBe(T0);
    // A suspension back-dated 60 days pauses the clock from 30 days before the hub heard of it.
    const suspend = suspendEvent({ by: 'street-a', atMs: T0 + 62 * DAY - 60 * DAY });
    const state = foldCase([accept, forward, suspend], receiptsAt([[accept, T0], [forward, T0], [suspend, T0 + 62 * DAY]]));
    expect(state?.pauses[0]?.startMs).toBe(T0 + 32 * DAY);
  });
});

describe('no unit can freeze a case', () => {
  const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
  const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
  const atStreet = held([[accept, T0], [forward, T0 + MINUTE]]);

  it('bounds the steps of one unit that cannot take effect; the holder still decides', () => {
    // 498 steps the station cannot take on a case the street holds, in one write.
    const padding = Array.from({ length: 498 }, (_, i) => requestSupplementEvent({ by: 'community-a1', atMs: T0 + 2 * MINUTE + i }));
    expect(authorizeCaseWrite({ id: CASE_ID, events: [...atStreet.events, ...padding] }, atStreet, ctxFor('community-a1', T0 + DAY))).toMatchObject({ ok: false, code: 'ERR_CASE_CONFLICT_LIMIT' });
    // Up to the bound they are kept, as crossing offline edits are.
    let doc = atStreet;
    for (const event of padding.slice(0, MAX_UNAPPLIED_PER_UNIT)) {
      const verdict = authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, event] }, doc, ctxFor('community-a1', T0 + DAY));
      if (!verdict.ok) throw new Error(verdict.detail);
      doc = verdict.doc;
    }
    const next = padding[MAX_UNAPPLIED_PER_UNIT];
    if (next === undefined) throw new Error('padding too short');
    expect(authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, next] }, doc, ctxFor('community-a1', T0 + DAY))).toMatchObject({ ok: false, code: 'ERR_CASE_CONFLICT_LIMIT' });
    const decide = authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, approveEvent({ by: 'street-a', atMs: T0 + 2 * DAY })] }, doc, ctxFor('street-a', T0 + 2 * DAY));
    expect(decide).toMatchObject({ ok: true, doc: { status: 'approved' } });
  });

  it('bounds the urges one unit may send on one case', () => {
    let doc = atStreet;
    for (let i = 0; i < 20; i += 1) {
      const verdict = authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, urgeEvent({ by: 'city', atMs: T0 + 2 * MINUTE + i })] }, doc, ctxFor('city', T0 + DAY));
      if (!verdict.ok) throw new Error(verdict.detail);
      doc = verdict.doc;
    }
    expect(authorizeCaseWrite({ id: CASE_ID, events: [...doc.events, urgeEvent({ by: 'city', atMs: T0 + 3 * MINUTE })] }, doc, ctxFor('city', T0 + DAY))).toMatchObject({ ok: false, code: 'ERR_STEP_LIMIT' });
  });

  it('keeps the end of a long history for the holder', () => {
    // A long, legitimate back-and-forth over materials, kept by the street that holds the case.
    const cycles: [CaseEvent, number][] = [];
    for (let i = 0; cycles.length < CASE_EVENT_CAP - HOLDER_RESERVE - 1; i += 1) {
      cycles.push([requestSupplementEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE + 2 * i }), T0 + 2 * MINUTE + 2 * i]);
      cycles.push([supplementEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE + 2 * i + 1 }), T0 + 2 * MINUTE + 2 * i + 1]);
    }
    const long = held([[accept, T0], [forward, T0 + MINUTE], ...cycles]);
    expect(long.events.length).toBeGreaterThan(CASE_EVENT_CAP - HOLDER_RESERVE);
    expect(authorizeCaseWrite({ id: CASE_ID, events: [...long.events, urgeEvent({ by: 'city', atMs: T0 + DAY })] }, long, ctxFor('city', T0 + DAY))).toMatchObject({ ok: false, code: 'ERR_CASE_FULL' });
    expect(authorizeCaseWrite({ id: CASE_ID, events: [...long.events, approveEvent({ by: 'street-a', atMs: T0 + DAY })] }, long, ctxFor('street-a', T0 + DAY))).toMatchObject({ ok: true, doc: { status: 'approved' } });
  });
});

describe('visibility only from what happened', () => {
  it('a forward the fold does not apply opens the case to no one', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.street });
    const stillAtStation = held([[accept, T0]]);
    // street-a sees the case (it is above the station) but does not hold it: its "forward" to a
    // sibling station is a conflict, and the sibling learns nothing.
    const forged = forwardEvent({ by: 'street-a', atMs: T0 + MINUTE }, 'community-a2');
    const verdict = authorizeCaseWrite({ id: CASE_ID, events: [...stillAtStation.events, forged] }, stillAtStation, ctxFor('street-a', T0 + MINUTE));
    if (!verdict.ok) throw new Error(verdict.detail);
    expect(verdict.doc.conflictCount).toBe(1);
    expect(verdict.doc.visibleTo).not.toContain('community-a2');
    expect(verdict.doc.holderUnitId).toBe('community-a1');
  });
});

describe('no existence oracle', () => {
  it('a new case must carry its accepting unit in its id, whether or not the id is taken', () => {
    const accept = acceptEvent({ by: 'community-a2', atMs: T0 });
    expect(authorizeCaseWrite({ id: CASE_ID, events: [accept] }, null, ctxFor('community-a2', T0))).toMatchObject({ ok: false, code: 'ERR_CASE_ID_FORM' });
    const taken = held([[acceptEvent({ by: 'community-a1', atMs: T0 }), T0]]);
    expect(authorizeCaseWrite({ id: CASE_ID, events: [accept] }, taken, ctxFor('community-a2', T0))).toMatchObject({ ok: false, code: 'ERR_CASE_ID_FORM' });
    expect(authorizeCaseWrite({ id: 'c_community-a2_mine', events: [accept] }, null, ctxFor('community-a2', T0)).ok).toBe(true);
  });
});

describe('back-dating can never reorder what another unit did', () => {
  const units = ['community-a1', 'street-a', 'city'] as const;
  const stepArb = fc.record({
    unit: fc.constantFrom(...units),
    type: fc.constantFrom<FollowStepType>('forward', 'request_supplement', 'supplement', 'suspend', 'resume', 'approve', 'refuse', 'withdraw', 'urge'),
    stampMinutes: fc.integer({ min: -90 * 24 * 60, max: 3 * 24 * 60 }),
  });

  it('whatever a unit sends last, stamped whenever, the steps of other units the hub held before keep their effect', () => {
    fc.assert(fc.property(fc.array(stepArb, { maxLength: 12 }), stepArb, (steps, last) => {
      const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
      const pairs: [CaseEvent, number][] = [[accept, T0]];
      steps.forEach((s, i) => pairs.push([makeEvent(s.type, dataFor(s.type, s.unit === 'community-a1' ? 'street-a' : 'city'), { by: s.unit, atMs: T0 + s.stampMinutes * MINUTE }), T0 + (i + 1) * MINUTE]));
      const before = foldCase(pairs.map(([e]) => e), receiptsAt(pairs));
      const late = makeEvent(last.type, dataFor(last.type, 'street-a'), { by: last.unit, atMs: T0 + last.stampMinutes * MINUTE });
      const all: [CaseEvent, number][] = [...pairs, [late, T0 + 1000 * MINUTE]];
      const after = foldCase(all.map(([e]) => e), receiptsAt(all));
      const lost = (state: ReturnType<typeof foldCase>): string[] => (state?.conflicts ?? []).map((c) => c.eventId);
      const others = pairs.filter(([e]) => e.unitId !== last.unit).map(([e]) => e.id);
      expect(others.filter((id) => lost(after).includes(id))).toEqual(others.filter((id) => lost(before).includes(id)));
    }), { numRuns: 300, seed: 20261130 });
  });
});
