import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CASE_EVENT_TYPES, CASE_STATUSES } from '../../schemas/json/case.schema.ts';
import { availableSteps } from '../../schemas/rules/available-steps.ts';
import type { FollowStepType } from '../../schemas/rules/case-step.ts';
import { CASE_STATUS_GROUPS } from '../../schemas/rules/case-status.ts';
import { CASE_STEPS } from '../../schemas/rules/case-steps.ts';
import { authorizeCaseWrite } from '../../schemas/rules/case-write.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import type { CaseDoc, CaseEvent } from '../../schemas/types.ts';
import {
  acceptEvent,
  actorOf,
  approveEvent,
  CATALOG,
  caseDocOf,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  T0,
  TREE,
  UNIT_IDS,
  type ItemSnapshot,
} from './fixtures/case-events.ts';
import { sampleStepData } from '../helpers/step-samples.ts';

const FOLLOW_TYPES = CASE_EVENT_TYPES.filter((t): t is FollowStepType => t !== 'accept');

function stateOf(doc: CaseDoc) {
  const state = foldCase(doc.events, doc.receipts);
  if (state === null) throw new Error(`${doc.id} has no accept`);
  return state;
}

/** The steps offered, each option named by the unit or event it carries: `forward>street-a`. */
const offered = (doc: CaseDoc, unitId: string): string[] =>
  availableSteps(stateOf(doc), actorOf(unitId), TREE).flatMap((s) => s.options.map((o) => {
    const named = o.toUnitId ?? o.replyTo;
    return named === undefined ? s.type : `${s.type}>${named}`;
  }));

describe('the case-step registry', () => {
  it('has an entry for every step of the schema, and nothing else', () => {
    expect(Object.keys(CASE_STEPS).sort()).toEqual([...CASE_EVENT_TYPES].sort());
  });

  it('names the status groups by what the statuses mean', () => {
    expect(CASE_STATUS_GROUPS).toEqual({
      underWay: ['accepted', 'handling', 'supplement_requested', 'suspended'],
      workable: ['accepted', 'handling'],
      paused: ['supplement_requested', 'suspended'],
      onDesk: ['accepted', 'handling', 'suspended'],
      awaitingMaterials: ['supplement_requested'],
      concluded: ['approved', 'refused'],
      finished: ['approved', 'refused', 'withdrawn', 'delivered'],
      unclosed: ['accepted', 'handling', 'supplement_requested', 'suspended', 'approved', 'refused'],
      any: ['accepted', 'handling', 'supplement_requested', 'suspended', 'approved', 'refused', 'withdrawn', 'delivered'],
    });
    for (const group of Object.values(CASE_STATUS_GROUPS)) for (const status of group) expect(CASE_STATUSES).toContain(status);
  });

  it('gives the options of every step whose data has option fields, and only those', () => {
    for (const type of FOLLOW_TYPES) {
      const step = CASE_STEPS[type];
      const needs: readonly string[] = Object.values(step.data);
      expect(step.options !== null, `${type}: options iff it has an option field`).toBe(needs.includes('option'));
    }
  });
});

describe('availableSteps', () => {
  const cityItemAtStation = caseDocOf('c-1', [acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.city })]);
  const streetItemAtStreet = caseDocOf('c-2', [
    acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.street }),
    forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a'),
  ]);

  it('offers the accepting station its own work, forwarding towards the deciding tier', () => {
    expect(offered(cityItemAtStation, 'community-a1')).toEqual(['forward>street-a', 'request_supplement', 'suspend', 'withdraw']);
  });

  it('offers the deciding holder its decision, the levels above the holder urge and supervise it, others nothing', () => {
    // The street holds the case: it decides, and may not urge itself.
    expect(offered(streetItemAtStreet, 'street-a')).toEqual(['request_supplement', 'suspend', 'approve', 'refuse']);
    expect(offered(streetItemAtStreet, 'city')).toEqual(['urge>street-a', 'supervise>street-a']);
    expect(offered(streetItemAtStreet, 'community-a1')).toEqual(['withdraw']);
    expect(offered(streetItemAtStreet, 'community-a2')).toEqual([]);
    expect(offered(streetItemAtStreet, 'street-b')).toEqual([]);
  });

  it('sends a case held above its deciding tier back down the way it came', () => {
    const atCity = caseDocOf('c-3', [...streetItemAtStreet.events, forwardEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE }, 'city')]);
    expect(offered(atCity, 'city')).toContain('forward>street-a');
  });

  it('lets the street urge its station while the station holds the case', () => {
    expect(offered(cityItemAtStation, 'street-a')).toEqual(['urge>community-a1', 'supervise>community-a1']);
    expect(offered(cityItemAtStation, 'city')).toEqual(['urge>community-a1', 'supervise>community-a1']);
    expect(offered(cityItemAtStation, 'street-b')).toEqual([]);
  });

  it('offers pickup and then the rating to the accepting station only', () => {
    const approved = caseDocOf('c-4', [...streetItemAtStreet.events, approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })]);
    expect(offered(approved, 'community-a1')).toEqual(['pickup', 'rate']);
    expect(offered(approved, 'street-a')).toEqual([]);
  });

  it('offers nothing to roles that do not work on cases', () => {
    const editor = actorOf('city', { role: 'catalog_editor' });
    expect(availableSteps(stateOf(streetItemAtStreet), editor, TREE)).toEqual([]);
  });
});

/**
 * The registry's entries feed three deciders: what the console offers (availableSteps), what the
 * gateway takes (authorizeCaseWrite) and what the fold applies. Over random histories, they agree:
 * a step is offered exactly when the gateway takes it and the fold applies it where it lands.
 * (Forwarding may go to any adjacent unit, so for it only "offered ⇒ taken and applied" holds.)
 */
describe('offered, taken and applied agree', () => {
  const itemArb = fc.constantFrom<ItemSnapshot>(...Object.values(ITEMS).filter((i) => CATALOG.get(i.code)?.acceptTiers.includes('community')));
  const historyArb = fc.record({
    item: itemArb,
    acceptor: fc.constantFrom('community-a1', 'community-a2', 'community-b1'),
    picks: fc.array(fc.nat(), { maxLength: 8 }),
  });

  function buildCase({ item, acceptor, picks }: { item: ItemSnapshot; acceptor: string; picks: readonly number[] }): CaseDoc {
    let doc = caseDocOf('c-prop', [acceptEvent({ by: acceptor, atMs: T0 }, { item })]);
    picks.forEach((pick, i) => {
      const options = UNIT_IDS.flatMap((unitId) => availableSteps(stateOf(doc), actorOf(unitId), TREE).flatMap((s) => s.options.map((option) => ({ unitId, type: s.type, option }))));
      const choice = options[pick % Math.max(1, options.length)];
      if (choice === undefined) return;
      doc = caseDocOf('c-prop', [...doc.events, makeEvent(choice.type, sampleStepData(choice.type, choice.option), { by: choice.unitId, atMs: T0 + (i + 1) * MINUTE })]);
    });
    return doc;
  }

  function takenAndApplied(doc: CaseDoc, unitId: string, type: FollowStepType, option: CaseEvent['data']): boolean {
    const at = T0 + 60 * MINUTE;
    const event: CaseEvent = makeEvent(type, sampleStepData(type, option), { by: unitId, atMs: at });
    const verdict = authorizeCaseWrite({ id: doc.id, events: [...doc.events, event] }, doc, { actor: actorOf(unitId), tree: TREE, catalog: CATALOG, nowMs: at });
    return verdict.ok && verdict.doc.conflictCount === doc.conflictCount;
  }

  it('for every unit, step and target', () => {
    fc.assert(fc.property(historyArb, (history) => {
      const doc = buildCase(history);
      for (const unitId of UNIT_IDS) {
        const available = availableSteps(stateOf(doc), actorOf(unitId), TREE);
        for (const type of FOLLOW_TYPES) {
          const offer = available.find((s) => s.type === type);
          if (CASE_STEPS[type].options === null) {
            expect(takenAndApplied(doc, unitId, type, {}), `${unitId} ${type} on ${doc.status}`).toBe(offer !== undefined);
            continue;
          }
          for (const option of offer?.options ?? []) expect(takenAndApplied(doc, unitId, type, option), `${unitId} ${type} ${JSON.stringify(option)}`).toBe(true);
        }
      }
    }), { numRuns: 200, seed: 20261130 });
  });
});
