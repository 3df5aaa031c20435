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
  dataFor,
  forwardEvent,
  ITEMS,
  makeEvent,
  MINUTE,
  T0,
  TREE,
  UNIT_IDS,
  type ItemSnapshot,
} from './fixtures/case-events.ts';

const FOLLOW_TYPES = CASE_EVENT_TYPES.filter((t): t is FollowStepType => t !== 'accept');

function stateOf(doc: CaseDoc) {
  const state = foldCase(doc.events, doc.receipts);
  if (state === null) throw new Error(`${doc.id} has no accept`);
  return state;
}

const offered = (doc: CaseDoc, unitId: string): string[] =>
  availableSteps(stateOf(doc), actorOf(unitId), TREE).flatMap((s) => (s.targets.length === 0 ? [s.type] : s.targets.map((t) => `${s.type}>${t}`)));

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
    });
    for (const group of Object.values(CASE_STATUS_GROUPS)) for (const status of group) expect(CASE_STATUSES).toContain(status);
  });

  it('lets a step that names a unit say where it may go', () => {
    for (const type of FOLLOW_TYPES) {
      const step = CASE_STEPS[type];
      expect(step.targets !== null, `${type}: targets iff it carries toUnitId`).toBe('toUnitId' in step.data);
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

  it('offers the deciding holder its decision, the levels above urge and supervise, others nothing', () => {
    expect(offered(streetItemAtStreet, 'street-a')).toEqual(['request_supplement', 'suspend', 'approve', 'refuse', 'urge', 'supervise']);
    expect(offered(streetItemAtStreet, 'city')).toEqual(['urge', 'supervise']);
    expect(offered(streetItemAtStreet, 'community-a1')).toEqual(['withdraw']);
    expect(offered(streetItemAtStreet, 'community-a2')).toEqual([]);
    expect(offered(streetItemAtStreet, 'street-b')).toEqual([]);
  });

  it('sends a case held above its deciding tier back down the way it came', () => {
    const atCity = caseDocOf('c-3', [...streetItemAtStreet.events, forwardEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE }, 'city')]);
    expect(offered(atCity, 'city')).toContain('forward>street-a');
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
      const options = UNIT_IDS.flatMap((unitId) => availableSteps(stateOf(doc), actorOf(unitId), TREE).flatMap((s): { unitId: string; type: FollowStepType; to?: string }[] => (s.targets.length === 0 ? [{ unitId, type: s.type }] : s.targets.map((to) => ({ unitId, type: s.type, to })))));
      const choice = options[pick % Math.max(1, options.length)];
      if (choice === undefined) return;
      doc = caseDocOf('c-prop', [...doc.events, makeEvent(choice.type, dataFor(choice.type, choice.to), { by: choice.unitId, atMs: T0 + (i + 1) * MINUTE })]);
    });
    return doc;
  }

  function takenAndApplied(doc: CaseDoc, unitId: string, type: FollowStepType, to: string | undefined): boolean {
    const at = T0 + 60 * MINUTE;
    const event: CaseEvent = makeEvent(type, dataFor(type, to), { by: unitId, atMs: at });
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
          if (CASE_STEPS[type].targets === null) {
            expect(takenAndApplied(doc, unitId, type, undefined), `${unitId} ${type} on ${doc.status}`).toBe(offer !== undefined);
            continue;
          }
          for (const to of offer?.targets ?? []) expect(takenAndApplied(doc, unitId, type, to), `${unitId} ${type}>${to}`).toBe(true);
        }
      }
    }), { numRuns: 200, seed: 20261130 });
  });
});
