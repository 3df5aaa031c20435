import { describe, expect, it } from 'vitest';
import { authorizeCaseWrite, type CaseWriteAccepted } from '../../schemas/rules/case-write.ts';
import { canonicalJson } from '../../schemas/rules/merge.ts';
import { RULE_ERRORS, type RuleErrorCode, type RuleRefusal } from '../../schemas/rules/rule-errors.ts';
import type { Actor, CaseDoc, CaseEvent } from '../../schemas/types.ts';
import {
  acceptEvent,
  actorOf,
  approveEvent,
  CATALOG,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  rateEvent,
  requestSupplementEvent,
  supplementEvent,
  superviseEvent,
  T0,
  TREE,
  urgeEvent,
  withdrawEvent,
} from './fixtures/case-events.ts';

/** Accepted at community-a1, as its id says (a new case's id carries its accepting unit). */
const CASE_ID = 'c_community-a1_0001';
/** Hub time: an hour after the device times, as when a station comes back online. */
const HUB_NOW = T0 + 60 * MINUTE;
const at = (n: number): number => T0 + n * MINUTE;

type WriteResult = CaseWriteAccepted | RuleRefusal;

/** The id a case accepted by these events has: it carries the accepting unit. */
function idOf(events: readonly CaseEvent[]): string {
  const acceptor = events.find((e) => e.type === 'accept')?.unitId;
  return acceptor === undefined || acceptor === 'community-a1' ? CASE_ID : `c_${acceptor}_0001`;
}

function write(events: readonly CaseEvent[], existing: CaseDoc | null, by: string | Actor, nowMs = HUB_NOW): WriteResult {
  const actor = typeof by === 'string' ? actorOf(by) : by;
  return authorizeCaseWrite({ id: existing?.id ?? idOf(events), events: [...events] }, existing, { actor, tree: TREE, catalog: CATALOG, nowMs });
}

function expectOk(result: WriteResult): CaseWriteAccepted {
  if (!result.ok) throw new Error(`expected the write to be accepted, got ${result.code}: ${result.detail}`);
  return result;
}

function expectRefused(result: WriteResult, code: RuleErrorCode): RuleRefusal {
  if (result.ok) throw new Error(`expected ${code}, but the write was accepted`);
  expect(result.code).toBe(code);
  expect(result.detail.trim().length).toBeGreaterThan(0);
  expect(RULE_ERRORS[result.code].en.length).toBeGreaterThan(0);
  expect(RULE_ERRORS[result.code].zh.length).toBeGreaterThan(0);
  return result;
}

/**
 * Store a case the way the hub would: one accepted write per event, by the event's own unit, each
 * received a millisecond after the one before and all before `HUB_NOW`, when the tested write lands.
 */
function stored(events: readonly CaseEvent[]): CaseDoc {
  let doc: CaseDoc | null = null;
  events.forEach((event, i) => {
    const actor = actorOf(event.unitId, { workerId: event.workerId });
    doc = expectOk(write([...(doc?.events ?? []), event], doc, actor, HUB_NOW - events.length + i)).doc;
  });
  if (doc === null) throw new Error('nothing stored');
  return doc;
}

/** A write that is refused must leave the stored doc exactly as it was. */
function refusedAndUnchanged(events: readonly CaseEvent[], existing: CaseDoc | null, by: string | Actor, code: RuleErrorCode): RuleRefusal {
  const before = existing === null ? null : canonicalJson(existing);
  const result = expectRefused(write(events, existing, by), code);
  if (existing !== null) expect(canonicalJson(existing)).toBe(before);
  return result;
}

const accept = acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: ITEMS.street });
const forwardUp = forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a');

describe('authorizeCaseWrite: accepted writes', () => {
  it('a community accepts a new case: receipts stamped with the hub time, visible to the station and its superiors', () => {
    const result = expectOk(write([accept], null, 'community-a1'));
    expect(result.addedEvents).toEqual([accept]);
    expect(result.doc).toMatchObject({
      id: CASE_ID,
      events: [accept],
      receipts: [{ eventId: accept.id, at: HUB_NOW }],
      visibleTo: ['city', 'community-a1', 'street-a'],
      status: 'accepted',
      holderUnitId: 'community-a1',
      acceptedUnitId: 'community-a1',
      itemCode: ITEMS.street.code,
      caseNumber: 'HF2025-000001',
      lastHlc: accept.hlc,
      conflictCount: 0,
    });
  });

  it('a station syncing after days offline sends the accept and the forward in one write', () => {
    const result = expectOk(write([forwardUp, accept], null, 'community-a1'));
    expect(result.addedEvents.map((e) => e.id).sort()).toEqual([accept.id, forwardUp.id].sort());
    expect(result.doc).toMatchObject({ status: 'handling', holderUnitId: 'street-a', visibleTo: ['city', 'community-a1', 'street-a'] });
    expect(result.doc.receipts).toEqual(
      [accept.id, forwardUp.id].sort().map((eventId) => ({ eventId, at: HUB_NOW })),
    );
  });

  it('the street hall decides a street item it holds; the city urges and supervises', () => {
    const existing = stored([accept, forwardUp]);
    const urge = urgeEvent({ by: 'city', atMs: at(2) }, 'street-a');
    const supervise = superviseEvent({ by: 'city', atMs: at(3) }, 'report progress', 'street-a');
    const withCity = expectOk(write([...existing.events, urge, supervise], existing, 'city')).doc;
    const approve = approveEvent({ by: 'street-a', atMs: at(4) });
    const result = expectOk(write([...withCity.events, approve], withCity, 'street-a'));
    expect(result.addedEvents).toEqual([approve]);
    expect(result.doc).toMatchObject({ status: 'approved', conflictCount: 0 });
  });

  it('the street hall forwards down to another of its stations, which then sees the case', () => {
    const existing = stored([accept, forwardUp]);
    const down = forwardEvent({ by: 'street-a', atMs: at(2) }, 'community-a2');
    const result = expectOk(write([...existing.events, down], existing, 'street-a'));
    expect(result.doc.visibleTo).toEqual(['city', 'community-a1', 'community-a2', 'street-a']);
    expect(result.doc.holderUnitId).toBe('community-a2');
  });

  it('an event missing from the incoming doc is kept: a stale replica is not a deletion', () => {
    const existing = stored([accept, forwardUp]);
    // The street hall's replica never saw the forward arrive in full, only the accept.
    const request = requestSupplementEvent({ by: 'street-a', atMs: at(2) });
    const result = expectOk(write([accept, request], existing, 'street-a'));
    expect(result.addedEvents).toEqual([request]);
    expect(result.doc.events.map((e) => e.id)).toEqual([accept.id, forwardUp.id, request.id]);
    expect(result.doc.status).toBe('supplement_requested');
    // A write with no events at all deletes nothing either.
    const empty = expectOk(write([], existing, 'community-a1'));
    expect(canonicalJson(empty.doc)).toBe(canonicalJson(existing));
  });

  it('re-sending the stored doc adds nothing and changes nothing', () => {
    const existing = stored([accept, forwardUp, requestSupplementEvent({ by: 'street-a', atMs: at(2) })]);
    const result = expectOk(write(existing.events, existing, 'community-a1', HUB_NOW + 999 * MINUTE));
    expect(result.addedEvents).toEqual([]);
    expect(canonicalJson(result.doc)).toBe(canonicalJson(existing));
  });

  it('an event re-sent with its keys in another order is the same event', () => {
    const existing = stored([accept]);
    const reordered = Object.fromEntries(Object.entries(accept).reverse()) as CaseEvent;
    const result = expectOk(write([reordered, forwardUp], existing, 'community-a1'));
    expect(result.addedEvents).toEqual([forwardUp]);
  });

  it('receipts and visibleTo sent by the writer are ignored', () => {
    const existing = stored([accept]);
    const supplement = requestSupplementEvent({ by: 'community-a1', atMs: at(2) });
    const incoming = {
      ...existing,
      events: [...existing.events, supplement],
      receipts: [
        { eventId: accept.id, at: 0 },
        { eventId: supplement.id, at: 1 },
      ],
      visibleTo: ['community-b1', 'street-b'],
      status: 'approved' as const,
    };
    const result = authorizeCaseWrite(incoming, existing, { actor: actorOf('community-a1'), tree: TREE, catalog: CATALOG, nowMs: HUB_NOW + 5 });
    const ok = expectOk(result);
    expect(ok.doc.receipts).toEqual(
      [
        { eventId: accept.id, at: existing.receipts[0]?.at },
        { eventId: supplement.id, at: HUB_NOW + 5 },
      ].sort((a, b) => (a.eventId < b.eventId ? -1 : 1)),
    );
    expect(ok.doc.visibleTo).toEqual(['city', 'community-a1', 'street-a']);
    expect(ok.doc.status).toBe('supplement_requested');

    // Same for a brand-new case.
    const fresh = authorizeCaseWrite(
      { id: CASE_ID, events: [accept], receipts: [{ eventId: accept.id, at: 1 }], visibleTo: ['community-b1'] } as Pick<CaseDoc, 'id' | 'events'>,
      null,
      { actor: actorOf('community-a1'), tree: TREE, catalog: CATALOG, nowMs: HUB_NOW },
    );
    expect(expectOk(fresh).doc).toMatchObject({ receipts: [{ eventId: accept.id, at: HUB_NOW }], visibleTo: ['city', 'community-a1', 'street-a'] });
  });

  it('visibility already stored is kept even if the history alone would not give it', () => {
    const existing: CaseDoc = { ...stored([accept]), visibleTo: ['city', 'community-a1', 'community-a2', 'street-a'] };
    const result = expectOk(write([...existing.events, forwardUp], existing, 'community-a1'));
    expect(result.doc.visibleTo).toEqual(['city', 'community-a1', 'community-a2', 'street-a']);
  });

  it('a step that is invalid where it lands is stored and flagged, not refused (offline edits cross)', () => {
    const existing = stored([accept, forwardUp, withdrawEvent({ by: 'community-a1', atMs: at(2) })]);
    // The street hall refused while offline, not knowing about the withdrawal.
    const refuse = makeEvent('refuse', { note: 'materials do not qualify' }, { by: 'street-a', atMs: at(3) });
    const result = expectOk(write([accept, forwardUp, refuse], existing, 'street-a'));
    expect(result.doc).toMatchObject({ status: 'withdrawn', conflictCount: 1 });
    expect(result.doc.events.map((e) => e.id)).toContain(refuse.id);
  });
});

describe('authorizeCaseWrite: refused writes', () => {
  it('a forged unit', () => {
    const forged = acceptEvent({ by: 'community-a2', atMs: at(0) });
    refusedAndUnchanged([forged], null, 'community-a1', 'ERR_EVENT_FORGED_UNIT');
    const existing = stored([accept]);
    refusedAndUnchanged([...existing.events, forwardEvent({ by: 'street-a', atMs: at(1) }, 'city')], existing, 'community-a1', 'ERR_EVENT_FORGED_UNIT');
  });

  it('a forged worker', () => {
    const existing = stored([accept]);
    const byColleague = forwardEvent({ by: actorOf('community-a1', { workerId: 'w-colleague' }), atMs: at(1) }, 'street-a');
    refusedAndUnchanged([...existing.events, byColleague], existing, 'community-a1', 'ERR_EVENT_FORGED_WORKER');
  });

  it('a role without the step: a catalog editor records case steps', () => {
    const editor = actorOf('city', { role: 'catalog_editor', workerId: 'w-editor' });
    refusedAndUnchanged([acceptEvent({ by: editor, atMs: at(0) }, { item: ITEMS.city })], null, editor, 'ERR_ROLE_FORBIDS');
    const existing = stored([accept]);
    refusedAndUnchanged([...existing.events, urgeEvent({ by: editor, atMs: at(1) })], existing, editor, 'ERR_ROLE_FORBIDS');
    const admin = actorOf('city', { role: 'admin', workerId: 'w-admin' });
    refusedAndUnchanged([...existing.events, superviseEvent({ by: admin, atMs: at(1) })], existing, admin, 'ERR_ROLE_FORBIDS');
  });

  it('a role without the step: a community worker urges', () => {
    const existing = stored([accept]);
    refusedAndUnchanged([...existing.events, urgeEvent({ by: 'community-a1', atMs: at(1) })], existing, 'community-a1', 'ERR_ROLE_FORBIDS');
  });

  it('an accept of an item not accepted at that tier', () => {
    const hallOnly = acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: ITEMS.hallOnly });
    refusedAndUnchanged([hallOnly], null, 'community-a1', 'ERR_ACCEPT_TIER');
    // The same item is fine at the street hall.
    expectOk(write([acceptEvent({ by: 'street-a', atMs: at(0) }, { item: ITEMS.hallOnly })], null, 'street-a'));
  });

  it('an accept of an item that is not in the catalog', () => {
    const unknown = acceptEvent({ by: 'community-a1', atMs: at(0) }, { item: { ...ITEMS.street, code: 'NO-SUCH-ITEM' } });
    refusedAndUnchanged([unknown], null, 'community-a1', 'ERR_EVENT_DATA');
  });

  it('an approve or refuse at the wrong tier', () => {
    const atStation = stored([accept]);
    refusedAndUnchanged([...atStation.events, approveEvent({ by: 'community-a1', atMs: at(1) })], atStation, 'community-a1', 'ERR_DECISION_TIER');
    const atCity = stored([accept, forwardUp, forwardEvent({ by: 'street-a', atMs: at(2) }, 'city')]);
    const cityRefuse = makeEvent('refuse', { note: 'no' }, { by: 'city', atMs: at(3) });
    refusedAndUnchanged([...atCity.events, cityRefuse], atCity, 'city', 'ERR_DECISION_TIER');
  });

  it('a forward to a unit that is not directly above or below', () => {
    const existing = stored([accept]);
    for (const target of ['city', 'community-a2', 'street-b', 'community-b1', 'community-a1', 'no-such-unit']) {
      const forward = forwardEvent({ by: 'community-a1', atMs: at(1) }, target);
      refusedAndUnchanged([...existing.events, forward], existing, 'community-a1', 'ERR_FORWARD_TARGET');
    }
  });

  it('an urge by a unit that is not above the holder, its own case included', () => {
    // The street sent its own case up: it is not above the city that holds it now.
    const streetAccept = acceptEvent({ by: 'street-a', atMs: at(0) });
    const atCity = stored([streetAccept, forwardEvent({ by: 'street-a', atMs: at(1) }, 'city')]);
    refusedAndUnchanged([...atCity.events, urgeEvent({ by: 'street-a', atMs: at(3) }, 'city')], atCity, 'street-a', 'ERR_NOT_SUPERIOR');
    refusedAndUnchanged([...atCity.events, superviseEvent({ by: 'street-a', atMs: at(3) }, 'x', 'city')], atCity, 'street-a', 'ERR_NOT_SUPERIOR');
    // A street urging a case it holds itself (the bug of the first console).
    const atStreet = stored([accept, forwardUp]);
    refusedAndUnchanged([...atStreet.events, urgeEvent({ by: 'street-a', atMs: at(3) }, 'street-a')], atStreet, 'street-a', 'ERR_NOT_SUPERIOR');
  });

  it('an urge that names a unit no longer holding the case is kept and flagged: supervision is not a race', () => {
    // street-a urged its station from a replica where the station still held the case; it has gone up.
    const atCity = stored([accept, forwardUp, forwardEvent({ by: 'street-a', atMs: at(2) }, 'city')]);
    const result = expectOk(write([...atCity.events, urgeEvent({ by: 'street-a', atMs: at(3) }, 'community-a1')], atCity, 'street-a'));
    expect(result.addedEvents.map((e) => e.type)).toEqual(['urge']);
    expect(result.doc.conflictCount).toBe(atCity.conflictCount + 1);
  });

  it('a write to a case that is not visible to the unit is answered exactly as for an unused id', () => {
    const existing = stored([accept, forwardUp]);
    const attempts: [CaseEvent[], string][] = [
      [[...existing.events, urgeEvent({ by: 'street-b', atMs: at(2) })], 'street-b'],
      [[...existing.events, supplementEvent({ by: 'community-b1', atMs: at(2) })], 'community-b1'],
      [[withdrawEvent({ by: 'community-a2', atMs: at(2) })], 'community-a2'],
      [[acceptEvent({ by: 'community-b1', atMs: at(2) })], 'community-b1'],
    ];
    for (const [events, by] of attempts) {
      const unused = authorizeCaseWrite({ id: 'c_community-a1_unused', events }, null, { actor: actorOf(by), tree: TREE, catalog: CATALOG, nowMs: HUB_NOW });
      if (unused.ok) throw new Error('a write under another unit\'s unused id was accepted');
      refusedAndUnchanged(events, existing, by, unused.code);
    }
  });

  it('a change to an existing event', () => {
    const existing = stored([accept, forwardUp]);
    const rewritten: CaseEvent = { ...forwardUp, data: { toUnitId: 'street-a', note: 'added later' } };
    refusedAndUnchanged([accept, rewritten], existing, 'community-a1', 'ERR_EVENT_MODIFIED');
    const restamped: CaseEvent = { ...forwardUp, hlc: forwardEvent({ by: 'community-a1', atMs: at(9) }, 'street-a').hlc };
    refusedAndUnchanged([accept, restamped], existing, 'community-a1', 'ERR_EVENT_MODIFIED');
    // Even by its own author, and even in an otherwise valid write.
    const rate = rateEvent({ by: 'community-a1', atMs: at(3) });
    refusedAndUnchanged([{ ...accept, deviceId: 'other-tablet' }, forwardUp, rate], existing, 'community-a1', 'ERR_EVENT_MODIFIED');
  });

  it('a second accept of an existing case', () => {
    const existing = stored([accept]);
    const again = acceptEvent({ by: 'community-a1', atMs: at(5) });
    refusedAndUnchanged([...existing.events, again], existing, 'community-a1', 'ERR_CASE_EXISTS');
    // Also when both accepts arrive in one write for a new case.
    refusedAndUnchanged([accept, again], null, 'community-a1', 'ERR_CASE_EXISTS');
  });

  it('a step before any accept', () => {
    refusedAndUnchanged([forwardUp], null, 'community-a1', 'ERR_CASE_NOT_ACCEPTED');
  });

  it('an event with missing or extra data', () => {
    const existing = stored([accept]);
    const noTarget = makeEvent('forward', {}, { by: 'community-a1', atMs: at(1) });
    refusedAndUnchanged([...existing.events, noTarget], existing, 'community-a1', 'ERR_EVENT_DATA');
    const noRating = makeEvent('rate', { note: 'good' }, { by: 'community-a1', atMs: at(1) });
    refusedAndUnchanged([...existing.events, noRating], existing, 'community-a1', 'ERR_EVENT_DATA');
    const nothingMissing = makeEvent('request_supplement', { missing: [] }, { by: 'community-a1', atMs: at(1) });
    refusedAndUnchanged([...existing.events, nothingMissing], existing, 'community-a1', 'ERR_EVENT_DATA');
    const extra = makeEvent('approve', { rating: 5 }, { by: 'community-a1', atMs: at(1) });
    refusedAndUnchanged([...existing.events, extra], existing, 'community-a1', 'ERR_EVENT_DATA');
    const bareAccept = makeEvent('accept', { caseNumber: 'HF2025-000009', queryCode: '654321', item: { ...ITEMS.street } }, { by: 'community-a1', atMs: at(0) });
    refusedAndUnchanged([bareAccept], null, 'community-a1', 'ERR_EVENT_DATA');
  });

  it('one bad event refuses the whole write, even after good ones', () => {
    const existing = stored([accept]);
    const good = forwardEvent({ by: 'community-a1', atMs: at(1) }, 'street-a');
    const bad = forwardEvent({ by: 'community-a1', atMs: at(2) }, 'city');
    refusedAndUnchanged([...existing.events, good, bad], existing, 'community-a1', 'ERR_FORWARD_TARGET');
  });

  it('an event whose stamp is not a hybrid logical clock stamp is refused, not thrown', () => {
    // The case schema only bounds `hlc` by length, so such an event reaches the rules.
    const junk: CaseEvent = { ...accept, hlc: 'x'.repeat(23) };
    let result: WriteResult | undefined;
    expect(() => {
      result = write([junk], null, 'community-a1');
    }).not.toThrow();
    expect(result?.ok).toBe(false);
  });
});
