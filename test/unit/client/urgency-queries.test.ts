import fc from 'fast-check';
import { firstValueFrom, of } from 'rxjs';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpQuery, followUpSelector, statusSelector, unitCaseLists } from '../../../client/src/controllers/case-queries.ts';
import { byUrgencyQuery, dueSoonQuery, urgencyList$, warnings$, warningOf } from '../../../client/src/controllers/urgency-queries.ts';
import type { FollowUpList, StatusFilter, WarningFilter } from '../../../client/src/domain/workspace-tab.ts';
import { CN_MAINLAND, CN_MAINLAND_YEARS } from '../../../ops/seed/cn-mainland-calendar.ts';
import { createStationDatabase, type StationDatabase } from '../../../replication/station-database.ts';
import { CASE_STATUSES } from '../../../schemas/json/case.schema.ts';
import { workCalendarOf } from '../../../schemas/rules/calendar.ts';
import { CASE_STATUS_GROUPS } from '../../../schemas/rules/case-status.ts';
import type { CaseDoc, CaseEvent } from '../../../schemas/types.ts';
import { acceptEvent, caseDocOf, forwardEvent, ITEMS, MINUTE, rateEvent, requestSupplementEvent, urgeEvent, approveEvent, pickupEvent } from '../fixtures/case-events.ts';

const DAY = 86_400_000;
const CALENDAR = workCalendarOf(CN_MAINLAND, CN_MAINLAND_YEARS);
const calendarOf = () => CALENDAR;
const FILTERS: readonly StatusFilter[] = [{ group: 'underWay', heldHere: false }, { group: 'underWay', heldHere: true }, { group: 'onDesk', heldHere: true }, { group: 'awaitingMaterials', heldHere: false }];

let db: StationDatabase;

beforeAll(async () => {
  db = await createStationDatabase({ name: `urgency-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
});

afterAll(async () => {
  await db.remove();
});

describe('urgency and follow-up queries and the case indexes', () => {
  it('every urgency list and due-soon read is served, filter and sort, by a dueDay index', () => {
    for (const status of CASE_STATUSES) {
      for (const holder of [undefined, 'street-a']) {
        const index = holder === undefined ? ['_deleted', 'status', 'dueDay', 'id'] : ['_deleted', 'holderUnitId', 'status', 'dueDay', 'id'];
        const range = { status, selector: statusSelector(status, holder) };
        for (const query of [dueSoonQuery(range, Date.now()), byUrgencyQuery(range, 50), byUrgencyQuery(range, 50, 20_000)]) {
          const plan = db.cases.find(query).getPreparedQuery().queryPlan;
          expect(plan.index, `${status} ${holder ?? ''}`).toEqual(index);
          expect(plan.selectorSatisfiedByIndex).toBe(true);
          expect(plan.sortSatisfiedByIndex).toBe(true);
        }
      }
    }
  });

  it('every follow-up list and its count is one range of its own index', () => {
    const lists: readonly [FollowUpList, string][] = [['replyOwed', 'replyOwedBy'], ['supervising', 'openSupervisionBy'], ['rectifying', 'rectificationBy']];
    for (const [list, field] of lists) {
      const selector = followUpSelector(list, 'street-a');
      const plan = db.cases.find(followUpQuery(list, 'street-a', 50)).getPreparedQuery().queryPlan;
      expect(plan.index, list).toEqual(['_deleted', field, 'listOrder', 'id']);
      expect(plan.selectorSatisfiedByIndex).toBe(true);
      expect(plan.sortSatisfiedByIndex).toBe(true);
      expect(db.cases.count({ selector }).getPreparedQuery().queryPlan.selectorSatisfiedByIndex, `${list} count`).toBe(true);
    }
  });
});

interface Spec {
  readonly daysAgo: number;
  readonly city: boolean;
  readonly atStreet: boolean;
  readonly paused: boolean;
  readonly finished: boolean;
}

/** A case accepted `daysAgo` at community-a1, forwarded to street-a or not, paused or finished or not. */
function caseOf(n: number, spec: Spec, nowMs: number): CaseDoc {
  const t = nowMs - spec.daysAgo * DAY - n * MINUTE;
  const events: CaseEvent[] = [acceptEvent({ by: 'community-a1', atMs: t }, { item: spec.city ? ITEMS.city : ITEMS.street, caseNumber: `N${n}` })];
  if (spec.atStreet) events.push(forwardEvent({ by: 'community-a1', atMs: t + 1 }, 'street-a'));
  if (spec.paused) events.push(requestSupplementEvent({ by: spec.atStreet ? 'street-a' : 'community-a1', atMs: t + 2 }));
  else if (spec.finished) events.push(approveEvent({ by: spec.atStreet ? 'street-a' : 'community-a1', atMs: t + 2 }));
  return caseDocOf(`c_community-a1_u${n}`, events, t + 3);
}

const SPEC = fc.record({ daysAgo: fc.integer({ min: 0, max: 40 }), city: fc.boolean(), atStreet: fc.boolean(), paused: fc.boolean(), finished: fc.boolean() });

describe('urgency lists against colouring every case', () => {
  it('red, yellow and on-time lists and counts are those of every case coloured by its calendar, most urgent first', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(SPEC, { maxLength: 40 }),
      fc.constantFrom(...FILTERS),
      fc.constantFrom<WarningFilter>('all', 'red', 'yellow', 'onTime'),
      fc.integer({ min: 1, max: 25 }),
      async (specs, filter, warning, limit) => {
        const nowMs = Date.now();
        const local = await createStationDatabase({ name: `urg-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
        try {
          const docs = specs.map((s, i) => caseOf(i, s, nowMs));
          if (docs.length > 0) await local.cases.bulkInsert(docs);
          const holder = filter.heldHere ? 'street-a' : undefined;
          const ranges = CASE_STATUS_GROUPS[filter.group].map((status) => ({ status, selector: statusSelector(status, holder) }));
          const matching = docs.filter((d) => CASE_STATUS_GROUPS[filter.group].includes(d.status) && (holder === undefined || d.holderUnitId === holder));
          const colour = (d: CaseDoc) => warningOf(d, calendarOf, nowMs);
          const kept = matching.filter((d) => warning === 'all' || (warning === 'onTime' ? colour(d) === 'none' : colour(d) === warning));
          const expected = [...kept].sort((a, b) => a.dueDay - b.dueDay || (a.id < b.id ? -1 : 1)).slice(0, limit);

          const listed = await firstValueFrom(urgencyList$(local, ranges, warning, limit, of(calendarOf), of(nowMs)));
          expect(listed.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          const counts = await firstValueFrom(warnings$(local, ranges, of(calendarOf), of(nowMs)));
          expect(counts).toEqual({ red: matching.filter((d) => colour(d) === 'red').length, yellow: matching.filter((d) => colour(d) === 'yellow').length, capped: false });
        } finally {
          await local.remove();
        }
      },
    ), { numRuns: 40 });
  });

  it('a unit\'s follow-up lists: the urges it owes a reply to, the ones it opened, and open rectifications', async () => {
    const nowMs = Date.now();
    const local = await createStationDatabase({ name: `follow-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
    try {
      const t = nowMs - 10 * DAY;
      const accept = acceptEvent({ by: 'community-a1', atMs: t });
      const urged = caseDocOf('c_community-a1_f1', [accept, forwardEvent({ by: 'community-a1', atMs: t + 1 }, 'street-a'), urgeEvent({ by: 'city', atMs: t + 2 }, 'street-a')], t + 3);
      const rated = caseDocOf('c_community-a1_f2', [{ ...accept, id: 'e-accept-f2' }, approveEvent({ by: 'community-a1', atMs: t + 1 }), pickupEvent({ by: 'community-a1', atMs: t + 2 }), rateEvent({ by: 'community-a1', atMs: t + 3 }, 2)], t + 4);
      await local.cases.bulkInsert([urged, rated]);
      const lists = (unitId: string) => unitCaseLists(local, unitId);
      const ids = async (unitId: string, followUp: FollowUpList) => (await firstValueFrom(lists(unitId).list$({ followUp }, 50, { order: 'recent', warning: 'all' }))).cases.map((d) => d.id);
      expect(await ids('street-a', 'replyOwed')).toEqual([urged.id]);
      expect(await ids('city', 'replyOwed')).toEqual([]);
      expect(await ids('city', 'supervising')).toEqual([urged.id]);
      expect(await ids('street-a', 'rectifying')).toEqual([rated.id]);
      expect(await firstValueFrom(lists('street-a').count$({ followUp: 'replyOwed' }))).toBe(1);
    } finally {
      await local.remove();
    }
  });
});
