import { combineLatest, map, type Observable } from 'rxjs';
import type { StationDatabase } from '../../../replication/station-database.ts';
import type { CaseDoc, CaseStatus, ServiceItem, Unit } from '../../../schemas/types.ts';

export interface CaseListState {
  readonly cases: readonly CaseDoc[];
  readonly total: number;
}

export const EMPTY_LIST: CaseListState = { cases: [], total: 0 };

export interface CaseListQuery {
  readonly statuses: readonly CaseStatus[];
  /** Only cases this unit holds right now. */
  readonly holderUnitId?: string;
  readonly limit: number;
}

/** A live case list, newest step first, and how many match in all: indexed by status and holder. */
export function caseList$(db: StationDatabase, query: CaseListQuery): Observable<CaseListState> {
  const selector = {
    status: { $in: [...query.statuses] },
    ...(query.holderUnitId === undefined ? {} : { holderUnitId: query.holderUnitId }),
  };
  const docs$ = db.cases.find({ selector, sort: [{ lastHlc: 'desc' }], limit: query.limit }).$;
  // RxDB counts only fully indexed queries: one equality count per status, then the sum.
  const counts$ = query.statuses.map((status) => db.cases.count({ selector: { status, ...(query.holderUnitId === undefined ? {} : { holderUnitId: query.holderUnitId }) } }).$);
  return combineLatest([docs$, combineLatest(counts$)]).pipe(map(([docs, counts]) => ({ cases: docs.map((d) => d.toMutableJSON()), total: counts.reduce((a, b) => a + b, 0) })));
}

/** How many cases are in these statuses (one indexed count per status). */
export function caseCount$(db: StationDatabase, statuses: readonly CaseStatus[], holderUnitId?: string): Observable<number> {
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
