import { describe, expect, it } from 'vitest';
import { availableSteps } from '../../schemas/rules/available-steps.ts';
import { authorizeCaseWrite } from '../../schemas/rules/case-write.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import type { CaseDoc, CaseEvent } from '../../schemas/types.ts';
import {
  acceptEvent,
  actorOf,
  approveEvent,
  CATALOG,
  caseDocOf,
  closeSupervisionEvent,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  pickupEvent,
  rateEvent,
  replyEvent,
  superviseEvent,
  T0,
  TREE,
  urgeEvent,
} from './fixtures/case-events.ts';

const accept = acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.street });
const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
const at = (n: number): number => T0 + n * MINUTE;

/** The case with these steps, each received a minute after the one before. */
function held(events: readonly CaseEvent[]): CaseDoc {
  return caseDocOf('c_community-a1_sup', events);
}

/** Whether `by` may add `event` and it takes effect: the gateway takes it and the fold applies it. */
function takes(doc: CaseDoc, event: CaseEvent): 'applies' | 'conflict' | string {
  const verdict = authorizeCaseWrite({ id: doc.id, events: [...doc.events, event] }, doc, { actor: actorOf(event.unitId), tree: TREE, catalog: CATALOG, nowMs: at(10_000) });
  if (!verdict.ok) return verdict.code;
  return verdict.doc.conflictCount > doc.conflictCount ? 'conflict' : 'applies';
}

const stateOf = (doc: CaseDoc) => foldCase(doc.events, doc.receipts);

describe('who may urge and supervise: a unit above the holder, naming it', () => {
  const atStreet = held([accept, forward]);
  const table: [string, CaseEvent, string][] = [
    ['the city urges the street that holds the case', urgeEvent({ by: 'city', atMs: at(2) }, 'street-a'), 'applies'],
    ['the city supervises the street that holds the case', superviseEvent({ by: 'city', atMs: at(2) }, 'report by Friday', 'street-a'), 'applies'],
    ['the street urges itself', urgeEvent({ by: 'street-a', atMs: at(2) }, 'street-a'), 'ERR_NOT_SUPERIOR'],
    ['the station urges its street', urgeEvent({ by: 'community-a1', atMs: at(2) }, 'street-a'), 'ERR_ROLE_FORBIDS'],
    ['another street urges', urgeEvent({ by: 'street-b', atMs: at(2) }, 'street-a'), 'ERR_EVENT_FORGED_UNIT'],
    ['the city urges the station that no longer holds it', urgeEvent({ by: 'city', atMs: at(2) }, 'community-a1'), 'conflict'],
    ['an urge without a note', makeEvent('urge', { toUnitId: 'street-a', replyDays: 2 }, { by: 'city', atMs: at(2) }), 'ERR_EVENT_DATA'],
    ['an urge without a reply deadline', makeEvent('urge', { toUnitId: 'street-a', note: 'hurry' }, { by: 'city', atMs: at(2) }), 'ERR_EVENT_DATA'],
  ];
  for (const [name, event, outcome] of table) {
    it(name, () => {
      // A unit that cannot see the case is answered as an unused id would be (its stored accept is not its own).
      expect(takes(atStreet, event)).toBe(outcome);
    });
  }

  it('an urge waits for the urged unit, which owes the reply', () => {
    const urge = urgeEvent({ by: 'city', atMs: at(2) }, 'street-a', 3);
    const doc = held([accept, forward, urge]);
    expect(doc).toMatchObject({ replyOwedBy: 'street-a', openSupervisionBy: 'city' });
    expect(stateOf(doc)?.supervision).toEqual([{ eventId: urge.id, kind: 'urge', openedBy: 'city', addressedTo: 'street-a', openedAtMs: expect.any(Number), replyDays: 3, note: 'please speed up', reply: null, closedAtMs: null }]);
  });
});

describe('who may reply and close', () => {
  const urge = urgeEvent({ by: 'city', atMs: at(2) }, 'street-a');
  const supervise = superviseEvent({ by: 'city', atMs: at(3) }, 'report by Friday', 'street-a');
  const urged = held([accept, forward, urge, supervise]);

  it('only the urged unit replies, once per item', () => {
    expect(takes(urged, replyEvent({ by: 'street-a', atMs: at(4) }, urge.id))).toBe('applies');
    expect(takes(urged, replyEvent({ by: 'community-a1', atMs: at(4) }, urge.id))).toBe('conflict');
    expect(takes(urged, replyEvent({ by: 'city', atMs: at(4) }, urge.id))).toBe('conflict');
    const replied = held([...urged.events, replyEvent({ by: 'street-a', atMs: at(4) }, urge.id)]);
    expect(takes(replied, replyEvent({ by: 'street-a', atMs: at(5) }, urge.id))).toBe('conflict');
    expect(replied).toMatchObject({ replyOwedBy: 'street-a' });
  });

  it('an urge is settled by its reply; a supervision stays open until its opener closes it', () => {
    const bothReplied = held([...urged.events, replyEvent({ by: 'street-a', atMs: at(4) }, urge.id), replyEvent({ by: 'street-a', atMs: at(5) }, supervise.id)]);
    expect(bothReplied).toMatchObject({ replyOwedBy: '', openSupervisionBy: 'city' });
    expect(takes(bothReplied, closeSupervisionEvent({ by: 'street-a', atMs: at(6) }, supervise.id))).toBe('conflict');
    expect(takes(bothReplied, closeSupervisionEvent({ by: 'city', atMs: at(6) }, urge.id))).toBe('conflict');
    const closed = held([...bothReplied.events, closeSupervisionEvent({ by: 'city', atMs: at(6) }, supervise.id)]);
    expect(closed).toMatchObject({ replyOwedBy: '', openSupervisionBy: '' });
  });

  it('offers the reply to the urged unit and the closure to the opener', () => {
    const state = stateOf(urged);
    if (state === null) throw new Error('no state');
    expect(availableSteps(state, actorOf('street-a'), TREE).filter((s) => s.type === 'reply').flatMap((s) => s.options.map((o) => o.replyTo))).toEqual([urge.id, supervise.id]);
    expect(availableSteps(state, actorOf('city'), TREE).filter((s) => s.type === 'close_supervision').flatMap((s) => s.options.map((o) => o.replyTo))).toEqual([supervise.id]);
    expect(availableSteps(state, actorOf('community-a1'), TREE).map((s) => s.type)).not.toContain('reply');
  });
});

describe('ratings from the citizen, and what a bad one sets off', () => {
  const decided = [accept, forward, approveEvent({ by: 'street-a', atMs: at(2) }), pickupEvent({ by: 'community-a1', atMs: at(3) })];

  it('a good rating opens nothing', () => {
    const doc = held([...decided, rateEvent({ by: 'community-a1', atMs: at(4) }, 3)]);
    expect(stateOf(doc)?.rectification).toBeNull();
    expect(doc.rectificationBy).toBe('');
  });

  it('不满意 and 非常不满意 open a rectification for the unit that handled the case', () => {
    for (const rating of [1, 2]) {
      const doc = held([...decided, rateEvent({ by: 'community-a1', atMs: at(4) }, rating)]);
      expect(stateOf(doc)?.rectification).toMatchObject({ unitId: 'street-a', rating, callbackAtMs: null, actionAtMs: null, closedAtMs: null });
      expect(doc.rectificationBy).toBe('street-a');
    }
  });

  it('only the accepting station records the rating, once, after the case is decided', () => {
    const undecided = held([accept, forward]);
    expect(takes(undecided, rateEvent({ by: 'community-a1', atMs: at(4) }, 5))).toBe('conflict');
    const doc = held(decided);
    expect(takes(doc, rateEvent({ by: 'street-a', atMs: at(4) }, 5))).toBe('conflict');
    const rated = held([...decided, rateEvent({ by: 'community-a1', atMs: at(4) }, 5)]);
    expect(takes(rated, rateEvent({ by: 'community-a1', atMs: at(5) }, 1))).toBe('conflict');
  });

  it('the rectifying unit calls back and acts, then closes; nobody else, and not before both', () => {
    const rated = held([...decided, rateEvent({ by: 'community-a1', atMs: at(4) }, 1)]);
    const step = (type: 'callback' | 'rectify' | 'close_rectification', by: string, n: number): CaseEvent => makeEvent(type, { note: `${type} note` }, { by, atMs: at(n) });
    expect(takes(rated, step('callback', 'community-a1', 5))).toBe('conflict');
    expect(takes(rated, step('close_rectification', 'street-a', 5))).toBe('conflict');
    const calledBack = held([...rated.events, step('callback', 'street-a', 5)]);
    expect(takes(calledBack, step('callback', 'street-a', 6))).toBe('conflict');
    expect(takes(calledBack, step('close_rectification', 'street-a', 6))).toBe('conflict');
    const acted = held([...calledBack.events, step('rectify', 'street-a', 6)]);
    expect(takes(acted, step('close_rectification', 'street-a', 7))).toBe('applies');
    const closed = held([...acted.events, step('close_rectification', 'street-a', 7)]);
    expect(closed.rectificationBy).toBe('');
    expect(stateOf(closed)?.rectification?.closedAtMs).not.toBeNull();
  });
});
