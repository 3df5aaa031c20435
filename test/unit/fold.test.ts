import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseState } from '../../schemas/rules/case-state.ts';
import { byStamp } from '../../schemas/rules/event-order.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import type { CaseEvent } from '../../schemas/types.ts';
import {
  acceptEvent,
  approveEvent,
  forwardEvent,
  hlcAt,
  ITEMS,
  MINUTE,
  pickupEvent,
  rateEvent,
  refuseEvent,
  requestSupplementEvent,
  resumeEvent,
  superviseEvent,
  supplementEvent,
  suspendEvent,
  T0,
  urgeEvent,
  withdrawEvent,
} from './fixtures/case-events.ts';

/** Device time `n` minutes after the base time. */
const at = (n: number): number => T0 + n * MINUTE;

function fold(events: readonly CaseEvent[]): CaseState {
  const state = foldCase(events);
  if (state === null) throw new Error('fold gave no state');
  return state;
}

/** The state without the fields a refused step is allowed to touch (its conflict and the last stamp). */
function core(state: CaseState): CaseState {
  return { ...state, conflicts: [], lastHlc: '' };
}

/** Fold `before`, then fold `before` + `step`: the step must be a conflict that changes nothing. */
function expectConflict(before: readonly CaseEvent[], step: CaseEvent, reason: 'transition' | 'duplicate_accept' = 'transition'): CaseState {
  const prior = fold(before);
  const after = fold([...before, step]);
  expect(after.conflicts).toEqual([...prior.conflicts, { eventId: step.id, reason, statusThen: prior.status }]);
  expect(core(after)).toEqual(core(prior));
  return after;
}

describe('foldCase: no history', () => {
  it('gives null without an accept event', () => {
    expect(foldCase([])).toBeNull();
    expect(foldCase([forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a')])).toBeNull();
  });
});

describe('foldCase: lifecycle paths', () => {
  it('accept → forward → approve → pickup → rate', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: ITEMS.street, caseNumber: 'HF2025-000042' });
    const forward = forwardEvent({ by: 'community-a1', atMs: at(5) }, 'street-a');
    const approve = approveEvent({ by: 'street-a', atMs: at(60) });
    const pickup = pickupEvent({ by: 'community-a1', atMs: at(120) });
    const rate = rateEvent({ by: 'community-a1', atMs: at(121) }, 5);

    const accepted = fold([accept]);
    expect(accepted).toMatchObject({
      caseNumber: 'HF2025-000042',
      itemCode: ITEMS.street.code,
      kind: 'commitment',
      decisionTier: 'street',
      promisedDays: ITEMS.street.promisedDays,
      legalDays: ITEMS.street.legalDays,
      acceptedUnitId: 'community-a1',
      acceptedAtMs: at(0),
      status: 'accepted',
      holderUnitId: 'community-a1',
      forwardedTo: [],
      concludedAtMs: null,
      rating: null,
      conflicts: [],
      lastHlc: accept.hlc,
    });

    const handling = fold([accept, forward]);
    expect(handling).toMatchObject({ status: 'handling', holderUnitId: 'street-a', forwardedTo: ['street-a'], lastHlc: forward.hlc });

    const approved = fold([accept, forward, approve]);
    expect(approved).toMatchObject({ status: 'approved', holderUnitId: 'street-a', concludedAtMs: at(60) });

    const delivered = fold([accept, forward, approve, pickup]);
    expect(delivered).toMatchObject({ status: 'delivered', concludedAtMs: at(60) });

    const rated = fold([accept, forward, approve, pickup, rate]);
    expect(rated).toMatchObject({ status: 'delivered', rating: 5, conflicts: [], lastHlc: rate.hlc });
  });

  it('forwards up through the street to the city, which decides', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: ITEMS.city }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
      forwardEvent({ by: 'street-a', atMs: at(2) }, 'city'),
      refuseEvent({ by: 'city', atMs: at(3) }),
    ];
    expect(fold(events)).toMatchObject({ status: 'refused', holderUnitId: 'city', forwardedTo: ['street-a', 'city'], concludedAtMs: at(3), conflicts: [] });
  });

  it('a supplement request pauses the clock and the supplement resumes it', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: at(0) });
    const forward = forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a');
    const request = requestSupplementEvent({ by: 'street-a', atMs: at(10) }, ['household-register', 'photo']);
    const supplement = supplementEvent({ by: 'community-a1', atMs: at(50) }, ['household-register', 'photo']);

    const waiting = fold([accept, forward, request]);
    expect(waiting).toMatchObject({
      status: 'supplement_requested',
      statusBeforePause: 'handling',
      holderUnitId: 'street-a',
      missingMaterials: ['household-register', 'photo'],
      pauses: [{ startMs: at(10), endMs: null, reason: 'supplement' }],
    });

    // The acceptor (where the citizen brings the papers) may record the supplement.
    const resumed = fold([accept, forward, request, supplement]);
    expect(resumed).toMatchObject({
      status: 'handling',
      statusBeforePause: null,
      missingMaterials: [],
      pauses: [{ startMs: at(10), endMs: at(50), reason: 'supplement' }],
      conflicts: [],
    });
  });

  it('a supplement requested at the accepting station returns the case to accepted', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      requestSupplementEvent({ by: 'community-a1', atMs: at(1) }),
      supplementEvent({ by: 'community-a1', atMs: at(2) }),
    ];
    expect(fold(events)).toMatchObject({ status: 'accepted', pauses: [{ startMs: at(1), endMs: at(2), reason: 'supplement' }] });
  });

  it('suspend and resume return to the status before the suspension', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: at(0) });
    const suspendAtStation = suspendEvent({ by: 'community-a1', atMs: at(1) });
    const resumeAtStation = resumeEvent({ by: 'community-a1', atMs: at(2) });
    expect(fold([accept, suspendAtStation])).toMatchObject({ status: 'suspended', statusBeforePause: 'accepted' });
    expect(fold([accept, suspendAtStation, resumeAtStation])).toMatchObject({
      status: 'accepted',
      statusBeforePause: null,
      pauses: [{ startMs: at(1), endMs: at(2), reason: 'suspension' }],
    });

    const forward = forwardEvent({ by: 'community-a1', atMs: at(3) }, 'street-a');
    const suspendAtHall = suspendEvent({ by: 'street-a', atMs: at(4) });
    const resumeAtHall = resumeEvent({ by: 'street-a', atMs: at(9) });
    const afterHall = fold([accept, suspendAtStation, resumeAtStation, forward, suspendAtHall, resumeAtHall]);
    expect(afterHall).toMatchObject({
      status: 'handling',
      holderUnitId: 'street-a',
      pauses: [
        { startMs: at(1), endMs: at(2), reason: 'suspension' },
        { startMs: at(4), endMs: at(9), reason: 'suspension' },
      ],
      conflicts: [],
    });
  });

  it('withdraw concludes the case and closes an open pause', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
      suspendEvent({ by: 'street-a', atMs: at(2) }),
      withdrawEvent({ by: 'community-a1', atMs: at(7) }),
    ];
    expect(fold(events)).toMatchObject({
      status: 'withdrawn',
      concludedAtMs: at(7),
      pauses: [{ startMs: at(2), endMs: at(7), reason: 'suspension' }],
      conflicts: [],
    });
    // A withdrawn case may still be rated (好差评 covers every case).
    expect(fold([...events, rateEvent({ by: 'community-a1', atMs: at(8) }, 3)])).toMatchObject({ status: 'withdrawn', rating: 3, conflicts: [] });
  });

  it('an instant item is concluded on the spot at the community', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: ITEMS.instant }),
      approveEvent({ by: 'community-a1', atMs: at(3) }),
      pickupEvent({ by: 'community-a1', atMs: at(4) }),
      rateEvent({ by: 'community-a1', atMs: at(5) }, 5),
    ];
    expect(fold(events)).toMatchObject({
      kind: 'instant',
      decisionTier: 'community',
      status: 'delivered',
      holderUnitId: 'community-a1',
      forwardedTo: [],
      concludedAtMs: at(3),
      rating: 5,
      conflicts: [],
    });
  });

  it('urges and supervision are counted while the case is open', () => {
    const events = [
      acceptEvent({ by: 'community-a1', atMs: at(0) }),
      urgeEvent({ by: 'street-a', atMs: at(1) }),
      urgeEvent({ by: 'city', atMs: at(2) }),
      superviseEvent({ by: 'city', atMs: at(3) }),
    ];
    expect(fold(events)).toMatchObject({ status: 'accepted', urgeCount: 2, superviseCount: 1, conflicts: [] });
  });

  it('a step stamped before the acceptance (device clock far behind) still applies after it', () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: at(100) });
    const forward = forwardEvent({ by: 'community-a1', atMs: at(1), deviceId: 'slow-tablet' }, 'street-a');
    expect(fold([accept, forward])).toMatchObject({ status: 'handling', holderUnitId: 'street-a', acceptedAtMs: at(100), lastHlc: accept.hlc });
  });
});

describe('foldCase: invalid transitions are conflicts that change nothing', () => {
  const accept = acceptEvent({ by: 'community-a1', atMs: at(0) });
  const forward = forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a');

  it('the street refuses after the community withdrew (the spec\'s example)', () => {
    const withdraw = withdrawEvent({ by: 'community-a1', atMs: at(2) });
    const refuse = refuseEvent({ by: 'street-a', atMs: at(3) });
    const state = expectConflict([accept, forward, withdraw], refuse);
    expect(state.status).toBe('withdrawn');
    expect(state.conflicts).toEqual([{ eventId: refuse.id, reason: 'transition', statusThen: 'withdrawn' }]);
    expect(state.lastHlc).toBe(refuse.hlc);
  });

  it('the community withdraws after the street approved: the approval stands', () => {
    const approve = approveEvent({ by: 'street-a', atMs: at(2) });
    const withdraw = withdrawEvent({ by: 'community-a1', atMs: at(3) });
    expect(expectConflict([accept, forward, approve], withdraw).status).toBe('approved');
  });

  it('a second accept is a duplicate_accept conflict; the first accept defines the case', () => {
    const second = acceptEvent({ by: 'community-a2', atMs: at(5) }, { item: ITEMS.city, caseNumber: 'HF2025-999999' });
    const state = expectConflict([accept, forward], second, 'duplicate_accept');
    expect(state).toMatchObject({ acceptedUnitId: 'community-a1', itemCode: ITEMS.street.code, caseNumber: 'HF2025-000001' });
  });

  it('an earlier-stamped second accept wins, and the later one becomes the conflict', () => {
    const early = acceptEvent({ by: 'community-a2', atMs: at(-5) }, { item: ITEMS.city });
    const state = fold([accept, early]);
    expect(state.acceptedUnitId).toBe('community-a2');
    expect(state.conflicts).toEqual([{ eventId: accept.id, reason: 'duplicate_accept', statusThen: 'accepted' }]);
  });

  it.each<[string, () => CaseEvent[], () => CaseEvent]>([
    ['forward by a unit that does not hold the case', () => [accept, forward], () => forwardEvent({ by: 'community-a1', atMs: at(5) }, 'street-a')],
    ['approve by a unit that does not hold the case', () => [accept, forward], () => approveEvent({ by: 'community-a1', atMs: at(5) })],
    ['approve twice', () => [accept, forward, approveEvent({ by: 'street-a', atMs: at(2) })], () => approveEvent({ by: 'street-a', atMs: at(5) })],
    ['refuse after approve', () => [accept, forward, approveEvent({ by: 'street-a', atMs: at(2) })], () => refuseEvent({ by: 'street-a', atMs: at(5) })],
    ['pickup before the case is concluded', () => [accept, forward], () => pickupEvent({ by: 'community-a1', atMs: at(5) })],
    ['pickup at a unit other than the acceptor', () => [accept, forward, approveEvent({ by: 'street-a', atMs: at(2) })], () => pickupEvent({ by: 'street-a', atMs: at(5) })],
    ['rate an open case', () => [accept], () => rateEvent({ by: 'community-a1', atMs: at(5) })],
    ['rate twice', () => [accept, withdrawEvent({ by: 'community-a1', atMs: at(1) }), rateEvent({ by: 'community-a1', atMs: at(2) }, 2)], () => rateEvent({ by: 'community-a1', atMs: at(5) }, 5)],
    ['resume a case that is not suspended', () => [accept], () => resumeEvent({ by: 'community-a1', atMs: at(5) })],
    ['supplement without a request', () => [accept], () => supplementEvent({ by: 'community-a1', atMs: at(5) })],
    ['suspend while waiting for a supplement', () => [accept, requestSupplementEvent({ by: 'community-a1', atMs: at(1) })], () => suspendEvent({ by: 'community-a1', atMs: at(5) })],
    ['approve while suspended', () => [accept, suspendEvent({ by: 'community-a1', atMs: at(1) })], () => approveEvent({ by: 'community-a1', atMs: at(5) })],
    ['withdraw by a unit other than the acceptor', () => [accept, forward], () => withdrawEvent({ by: 'street-a', atMs: at(5) })],
    ['withdraw twice', () => [accept, withdrawEvent({ by: 'community-a1', atMs: at(1) })], () => withdrawEvent({ by: 'community-a1', atMs: at(5) })],
    ['urge a finished case', () => [accept, withdrawEvent({ by: 'community-a1', atMs: at(1) })], () => urgeEvent({ by: 'street-a', atMs: at(5) })],
    ['supervise a finished case', () => [accept, withdrawEvent({ by: 'community-a1', atMs: at(1) })], () => superviseEvent({ by: 'city', atMs: at(5) })],
  ])('%s', (_name, before, step) => {
    expectConflict(before(), step());
  });

  it('a conflict in the middle does not stop later valid steps', () => {
    const stray = approveEvent({ by: 'community-a1', atMs: at(2) });
    const approve = approveEvent({ by: 'street-a', atMs: at(3) });
    const state = fold([accept, forward, stray, approve]);
    expect(state.status).toBe('approved');
    expect(state.conflicts).toEqual([{ eventId: stray.id, reason: 'transition', statusThen: 'handling' }]);
  });
});

describe('foldCase: order of the input does not matter', () => {
  const history = (): CaseEvent[] => [
    acceptEvent({ by: 'community-a1', atMs: at(0) }),
    forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a'),
    requestSupplementEvent({ by: 'street-a', atMs: at(2) }),
    urgeEvent({ by: 'city', atMs: at(3) }, 'street-a'),
    supplementEvent({ by: 'community-a1', atMs: at(4) }),
    withdrawEvent({ by: 'community-a1', atMs: at(5) }),
    refuseEvent({ by: 'street-a', atMs: at(5), counter: 1 }),
    acceptEvent({ by: 'community-a2', atMs: at(6) }),
    rateEvent({ by: 'community-a1', atMs: at(7) }, 4),
  ];

  it('reversed input gives the same state', () => {
    const events = history();
    const forwards = fold(events);
    expect(fold([...events].reverse())).toEqual(forwards);
    expect(forwards).toMatchObject({ status: 'withdrawn', rating: 4, urgeCount: 1 });
    expect(forwards.conflicts.map((c) => c.reason)).toEqual(['transition', 'duplicate_accept']);
  });

  it('any permutation gives the same state', () => {
    const events = history();
    const expected = fold(events);
    fc.assert(
      fc.property(fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }), (shuffled) => {
        expect(fold(shuffled)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('byStamp orders by stamp, then by id when stamps are equal', () => {
    const stamp = { atMs: at(1), counter: 0, node: 'same-device' } as const;
    const b = approveEvent({ ...stamp, by: 'community-a1', id: 'evt-bbbbbbbb' });
    const a = approveEvent({ ...stamp, by: 'community-a1', id: 'evt-aaaaaaaa' });
    const early = urgeEvent({ by: 'street-a', atMs: at(0), id: 'evt-zzzzzzzz' });
    expect(a.hlc).toBe(b.hlc);
    expect([b, early, a].sort(byStamp).map((e) => e.id)).toEqual(['evt-zzzzzzzz', 'evt-aaaaaaaa', 'evt-bbbbbbbb']);
    expect(early.hlc).toBe(hlcAt(at(0), 0, 'dev-street-a'));
  });
});
