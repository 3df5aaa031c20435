import { combineLatest, map, type Observable } from 'rxjs';
import type { StationDatabase } from '../../../replication/station-database.ts';
import { CASE_STATUS_GROUPS } from '../../../schemas/rules/case-status.ts';
import type { CaseDoc, CaseStatus, ServiceItem, Unit } from '../../../schemas/types.ts';
import type { CaseFilter } from '../domain/workspace-tab.ts';

export interface CaseListState {
  readonly cases: readonly CaseDoc[];
  readonly total: number;
}

export const EMPTY_LIST: CaseListState = { cases: [], total: 0 };

/**
 * The case lists and counts of one unit's workspace. A port over the unit's database, so that a
 * test can stand in for it.
 */
export interface CaseLists {
  /** The first `limit` cases, newest step first, and how many match in all. */
  list$(filter: CaseFilter, limit: number): Observable<CaseListState>;
  count$(filter: CaseFilter): Observable<number>;
}

export function unitCaseLists(db: StationDatabase, unitId: string): CaseLists {
  const holderOf = (filter: CaseFilter): string | undefined => (filter.heldHere ? unitId : undefined);
  return {
    list$: (filter, limit) => caseList$(db, CASE_STATUS_GROUPS[filter.group], holderOf(filter), limit),
    count$: (filter) => caseCount$(db, CASE_STATUS_GROUPS[filter.group], holderOf(filter)),
  };
}

/** A live case list, indexed by status and holder. */
function caseList$(db: StationDatabase, statuses: readonly CaseStatus[], holderUnitId: string | undefined, limit: number): Observable<CaseListState> {
  const selector = { status: { $in: [...statuses] }, ...(holderUnitId === undefined ? {} : { holderUnitId }) };
  const docs$ = db.cases.find({ selector, sort: [{ lastHlc: 'desc' }], limit }).$;
  return combineLatest([docs$, caseCount$(db, statuses, holderUnitId)]).pipe(map(([docs, total]) => ({ cases: docs.map((d) => d.toMutableJSON()), total })));
}

/** How many cases are in these statuses: RxDB counts only fully indexed queries, so one equality count per status, then the sum. */
function caseCount$(db: StationDatabase, statuses: readonly CaseStatus[], holderUnitId: string | undefined): Observable<number> {
  const counts$ = statuses.map((status) => db.cases.count({ selector: { status, ...(holderUnitId === undefined ? {} : { holderUnitId }) } }).$);
  return combineLatest(counts$).pipe(map((counts) => counts.reduce((a, b) => a + b, 0)));
}

export function caseById$(db: StationDatabase, id: string): Observable<CaseDoc | null> {
  return db.cases.findOne(id).$.pipe(map((d) => (d === null ? null : d.toMutableJSON())));
}

export function units$(db: StationDatabase): Observable<Unit[]> {
  return db.units.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function catalog$(db: StationDatabase): Observable<ServiceItem[]> {
  return db.catalog.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/** Open load per community: statuses of every case a street can see, grouped by accepting unit. */
export function loadByAcceptingUnit$(db: StationDatabase, statuses: readonly CaseStatus[]): Observable<Map<string, Map<CaseStatus, number>>> {
  return db.cases.find({ selector: { status: { $in: [...statuses] } } }).$.pipe(
    map((docs) => {
      const load = new Map<string, Map<CaseStatus, number>>();
      for (const doc of docs) {
        const perStatus = load.get(doc.acceptedUnitId) ?? new Map<CaseStatus, number>();
        perStatus.set(doc.status, (perStatus.get(doc.status) ?? 0) + 1);
        load.set(doc.acceptedUnitId, perStatus);
      }
      return load;
    }),
  );
}
