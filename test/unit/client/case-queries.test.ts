import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import type { RxQueryPlan } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedSelector, loadByAcceptingUnit$, statusListQuery, statusSelector, unitCaseLists } from '../../../client/src/controllers/case-queries.ts';
import { DEFAULT_LIST_VIEW, type StatusFilter } from '../../../client/src/domain/workspace-tab.ts';
import { PENDING_CASES_SELECTOR } from '../../../replication/pending-outbound.ts';
import { STATION_COLLECTIONS } from '../../../replication/collections.ts';
import { createStationDatabase, type StationDatabase } from '../../../replication/station-database.ts';
import { STATION_COLLECTION_NAMES } from '../../../schemas/collections.ts';
import { CASE_STATUSES } from '../../../schemas/json/case.schema.ts';
import { materializeCase } from '../../../schemas/rules/case-doc.ts';
import { CASE_STATUS_GROUPS, type CaseStatusGroup } from '../../../schemas/rules/case-status.ts';
import type { CaseDoc, CaseStatus } from '../../../schemas/types.ts';
import { acceptEvent, T0 } from '../fixtures/case-events.ts';

const GROUPS = Object.keys(CASE_STATUS_GROUPS) as CaseStatusGroup[];
/** Every list a tab can declare: any named group, held here or not. */
const FILTERS: readonly StatusFilter[] = GROUPS.flatMap((group) => [{ group, heldHere: false }, { group, heldHere: true }]);

let db: StationDatabase;

beforeAll(async () => {
  db = await createStationDatabase({ name: `plans-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
});

afterAll(async () => {
  await db.remove();
});

function listPlan(status: CaseStatus, holder: string | undefined): RxQueryPlan {
  return db.cases.find(statusListQuery(status, holder, 50)).getPreparedQuery().queryPlan;
}

function countPlan(selector: Parameters<StationDatabase['cases']['count']>[0]): RxQueryPlan {
  return db.cases.count(selector).getPreparedQuery().queryPlan;
}

describe('the consoles’ case queries and the case indexes', () => {
  it('every indexed field of every station collection is required: IndexedDB (Dexie) indexes only required fields', () => {
    for (const name of STATION_COLLECTION_NAMES) {
      const schema = STATION_COLLECTIONS[name].schema;
      const required = new Set<string>(schema.required ?? []);
      for (const index of schema.indexes ?? []) {
        for (const field of typeof index === 'string' ? [index] : index) expect(required.has(field), `${name}: indexed field ${field}`).toBe(true);
      }
    }
  });

  it('every list a tab can declare reads each of its statuses through an index that serves its filter and its sort', () => {
    for (const filter of FILTERS) {
      for (const status of CASE_STATUS_GROUPS[filter.group]) {
        const holder = filter.heldHere ? 'street-a' : undefined;
        const plan = listPlan(status, holder);
        const what = `${filter.group}${filter.heldHere ? ' held here' : ''}: ${status}`;
        expect(plan.selectorSatisfiedByIndex, `${what}: filter`).toBe(true);
        expect(plan.sortSatisfiedByIndex, `${what}: sort`).toBe(true);
        expect(plan.index, what).toEqual(filter.heldHere ? ['_deleted', 'holderUnitId', 'status', 'listOrder', 'id'] : ['_deleted', 'status', 'listOrder', 'id']);
      }
    }
  });

  it('every count a tab shows, every community’s load and the upload count are read from an index alone', () => {
    for (const status of CASE_STATUSES) {
      expect(countPlan({ selector: statusSelector(status, undefined) }).selectorSatisfiedByIndex, status).toBe(true);
      expect(countPlan({ selector: statusSelector(status, 'street-a') }).selectorSatisfiedByIndex, `${status} held`).toBe(true);
      expect(countPlan({ selector: acceptedSelector('community-a1', status) }).selectorSatisfiedByIndex, `${status} accepted by`).toBe(true);
    }
    const pending = db.cases.find({ selector: PENDING_CASES_SELECTOR }).getPreparedQuery().queryPlan;
    expect(pending.selectorSatisfiedByIndex).toBe(true);
    expect(pending.index).toEqual(['_deleted', 'pendingEvents', 'id']);
  });
});

/** A case in a given status and holder whose last step is stamped at `atMs`, as the fold derives it. */
function caseAt(n: number, status: CaseStatus, holderUnitId: string, atMs: number): CaseDoc {
  const doc = materializeCase(`c_community-a1_q${n}`, [acceptEvent({ by: 'community-a1', atMs })], [], ['community-a1', 'street-a', 'city']);
  if (doc === null) throw new Error('no case');
  // Only the fields the lists read matter here: the status and holder are set as a later fold would.
  return { ...doc, status, holderUnitId, acceptedUnitId: n % 2 === 0 ? 'community-a1' : 'community-a2' };
}

describe('the lists and loads, read through the indexes', () => {
  it('a list over a group of statuses is the newest first `limit` of them, as a sort of every match would give', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ status: fc.constantFrom(...CASE_STATUSES), held: fc.boolean(), minute: fc.integer({ min: 0, max: 500 }) }), { maxLength: 60 }),
      fc.constantFrom(...FILTERS),
      fc.integer({ min: 1, max: 30 }),
      async (specs, filter, limit) => {
        const local = await createStationDatabase({ name: `lists-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
        try {
          const docs = specs.map((s, i) => caseAt(i, s.status, s.held ? 'street-a' : 'city', T0 + s.minute * 60_000 + i));
          if (docs.length > 0) await local.cases.bulkInsert(docs);
          const state = await firstValueFrom(unitCaseLists(local, 'street-a').list$(filter, limit, DEFAULT_LIST_VIEW));
          const matching = docs.filter((d) => CASE_STATUS_GROUPS[filter.group].includes(d.status) && (!filter.heldHere || d.holderUnitId === 'street-a'));
          const expected = [...matching].sort((a, b) => (a.lastHlc === b.lastHlc ? (a.id < b.id ? -1 : 1) : a.lastHlc > b.lastHlc ? -1 : 1)).slice(0, limit);
          expect(state.cases.map((d) => d.id)).toEqual(expected.map((d) => d.id));
          expect(state.total).toBe(matching.length);
        } finally {
          await local.remove();
        }
      },
    ), { numRuns: 40 });
  });

  it('each community’s load comes from counts by accepting unit and status', async () => {
    const local = await createStationDatabase({ name: `load-${Math.random().toString(36).slice(2, 10)}`, storage: getRxStorageMemory() });
    try {
      await local.units.bulkInsert([
        { id: 'community-a1', name: { zh: '一', en: 'One' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland', address: 'a', phone: '1' },
        { id: 'community-a2', name: { zh: '二', en: 'Two' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland', address: 'b', phone: '2' },
      ]);
      await local.cases.bulkInsert([caseAt(0, 'handling', 'street-a', T0), caseAt(2, 'handling', 'street-a', T0 + 1), caseAt(4, 'approved', 'community-a1', T0 + 2), caseAt(1, 'supplement_requested', 'community-a2', T0 + 3)]);
      const load = await firstValueFrom(loadByAcceptingUnit$(local, 'street-a', ['handling', 'approved', 'supplement_requested']));
      expect(Object.fromEntries([...load].map(([unit, perStatus]) => [unit, Object.fromEntries(perStatus)]))).toEqual({
        'community-a1': { handling: 2, approved: 1, supplement_requested: 0 },
        'community-a2': { handling: 0, approved: 0, supplement_requested: 1 },
      });
    } finally {
      await local.remove();
    }
  });
});
