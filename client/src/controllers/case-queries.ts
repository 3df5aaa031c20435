import { combineLatest, distinctUntilChanged, from, map, of, startWith, switchMap, type Observable } from 'rxjs';
import type { MangoQuery, MangoQuerySelector } from 'rxdb';
import type { StationDatabase } from '../../../replication/station-database.ts';
import { CASE_STATUS_GROUPS } from '../../../schemas/rules/case-status.ts';
import type { CalendarYear, CaseDoc, CaseStatus, ServiceItem, Unit } from '../../../schemas/types.ts';
import { calendarOfUnit } from '../domain/work-calendar.ts';
import { isStatusFilter, type CaseFilter, type FollowUpList, type ListView, type StatusFilter } from '../domain/workspace-tab.ts';
import { clock$, NO_WARNINGS, urgencyList$, warnings$, type CalendarOfUnit, type StatusRange, type WarningCounts } from './urgency-queries.ts';

export interface CaseListState {
  readonly cases: readonly CaseDoc[];
  readonly total: number;
  /** A list read from the server: when it answered (device time, ms). */
  readonly readAt?: number;
  /** A list read from the server whose last read failed: why (what is shown is the read before). */
  readonly failure?: string;
}

export const EMPTY_LIST: CaseListState = { cases: [], total: 0 };

/**
 * The case lists and counts of one unit's workspace. A port over the unit's database, so that a
 * test can stand in for it.
 */
export interface CaseLists {
  /**
   * The first `limit` cases in the view's order and warning colour (follow-up lists: green
   * channel and newest step first, all colours), and how many match in all.
   */
  list$(filter: CaseFilter, limit: number, view: ListView): Observable<CaseListState>;
  count$(filter: CaseFilter): Observable<number>;
  /** 红牌 and 黄牌 among a status list's cases (a follow-up list counts none). */
  warnings$(filter: CaseFilter): Observable<WarningCounts>;
  /** Whether a list can be shown by warning colour (a status list on the device). */
  coloured(filter: CaseFilter): boolean;
}

/** What the counts of a unit's database wait for, when anything: see `holdCountsUntil`. */
const COUNT_GATES = new WeakMap<StationDatabase, Promise<void>>();

/**
 * Counts read a whole index range (IndexedDB counts by walking it: about a second for 100,000
 * cases, and the browser runs one database operation of an origin at a time). On a cold start they
 * wait until `ready` (sync's first pulls on their way), at most `capMs`, so that replication goes
 * first; lists, which read one page, do not wait.
 */
export function holdCountsUntil(db: StationDatabase, ready: Promise<unknown>, capMs = 3_000): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, capMs);
  });
  const gate = Promise.race([ready.then(() => undefined, () => undefined), cap]).finally(() => clearTimeout(timer));
  COUNT_GATES.set(db, gate);
}

/** An indexed count, held while the database's count gate is closed. */
function count$(db: StationDatabase, selector: MangoQuerySelector<CaseDoc>): Observable<number> {
  const query = (): Observable<number> => db.cases.count({ selector }).$;
  const gate = COUNT_GATES.get(db);
  return gate === undefined ? query() : from(gate).pipe(switchMap(query));
}

export function unitCaseLists(db: StationDatabase, unitId: string): CaseLists {
  const holderOf = (filter: StatusFilter): string | undefined => (filter.heldHere ? unitId : undefined);
  const ranges = (filter: StatusFilter): StatusRange[] => CASE_STATUS_GROUPS[filter.group].map((status) => ({ status, selector: statusSelector(status, holderOf(filter)) }));
  const calendarOf$ = combineLatest([units$(db), calendars$(db)]).pipe(map(([units, years]): CalendarOfUnit => (id) => calendarOfUnit(id, units, years)));
  const now$ = clock$();
  return {
    list$: (filter, limit, view) => {
      if (!isStatusFilter(filter)) return followUpList$(db, filter.followUp, unitId, limit);
      const statuses = CASE_STATUS_GROUPS[filter.group];
      if (view.order === 'recent' && view.warning === 'all') return caseList$(db, statuses, holderOf(filter), limit);
      const cases$ = urgencyList$(db, ranges(filter), view.warning, limit, calendarOf$, now$);
      const total$ = view.warning === 'all' ? caseCount$(db, statuses, holderOf(filter))
        : view.warning === 'onTime' ? combineLatest([caseCount$(db, statuses, holderOf(filter)), warnings$(db, ranges(filter), calendarOf$, now$)]).pipe(map(([all, w]) => all - w.red - w.yellow))
          : warnings$(db, ranges(filter), calendarOf$, now$).pipe(map((w) => w[view.warning === 'red' ? 'red' : 'yellow']));
      return combineLatest([cases$, total$.pipe(startWith(null))]).pipe(map(([cases, total]) => ({ cases, total: total ?? cases.length })));
    },
    count$: (filter) => (isStatusFilter(filter) ? caseCount$(db, CASE_STATUS_GROUPS[filter.group], holderOf(filter)) : count$(db, followUpSelector(filter.followUp, unitId))),
    warnings$: (filter) => (isStatusFilter(filter) ? warnings$(db, ranges(filter), calendarOf$, now$) : of(NO_WARNINGS)),
    coloured: (filter) => isStatusFilter(filter),
  };
}

/**
 * The cases of a follow-up list: replies this unit owes, supervision it opened, rectifications
 * open on cases it sees (a station its own; a street or the city every one below, by unit). Each
 * is one range of its `<field>, listOrder` index, which serves its sort too.
 */
export function followUpSelector(list: FollowUpList, unitId: string): MangoQuerySelector<CaseDoc> {
  switch (list) {
    case 'replyOwed':
      return { replyOwedBy: { $eq: unitId } };
    case 'supervising':
      return { openSupervisionBy: { $eq: unitId } };
    case 'rectifying':
      return { rectificationBy: { $gt: '' } };
  }
}

export function followUpQuery(list: FollowUpList, unitId: string, limit: number): MangoQuery<CaseDoc> {
  const sort: MangoQuery<CaseDoc>['sort'] = list === 'rectifying' ? [{ rectificationBy: 'asc' }, { listOrder: 'asc' }, { id: 'asc' }] : [{ listOrder: 'asc' }, { id: 'asc' }];
  return { selector: followUpSelector(list, unitId), sort, limit };
}

function followUpList$(db: StationDatabase, list: FollowUpList, unitId: string, limit: number): Observable<CaseListState> {
  const cases$ = db.cases.find(followUpQuery(list, unitId, limit)).$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
  return combineLatest([cases$, count$(db, followUpSelector(list, unitId)).pipe(startWith(null))]).pipe(map(([cases, total]) => ({ cases, total: total ?? cases.length })));
}

/** One status's cases, held by a unit or not, as a selector the case indexes serve whole. */
export function statusSelector(status: CaseStatus, holderUnitId: string | undefined): MangoQuerySelector<CaseDoc> {
  return holderUnitId === undefined ? { status: { $eq: status } } : { holderUnitId: { $eq: holderUnitId }, status: { $eq: status } };
}

/**
 * The first `limit` cases of one status, newest step first. `listOrder` ascends as the last step
 * gets newer, so the index `[holderUnitId,] status, listOrder` serves filter and sort: the storage
 * reads `limit` documents and stops (a descending sort, or `$in` over statuses, reads every match).
 */
export function statusListQuery(status: CaseStatus, holderUnitId: string | undefined, limit: number): MangoQuery<CaseDoc> {
  return { selector: statusSelector(status, holderUnitId), sort: [{ listOrder: 'asc' }, { id: 'asc' }], limit };
}

/** Cases one unit accepted, in one status: counted by the `acceptedUnitId, status` index. */
export function acceptedSelector(acceptedUnitId: string, status: CaseStatus): MangoQuerySelector<CaseDoc> {
  return { acceptedUnitId: { $eq: acceptedUnitId }, status: { $eq: status } };
}

function byListOrder(a: CaseDoc, b: CaseDoc): number {
  if (a.listOrder !== b.listOrder) return a.listOrder < b.listOrder ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A live case list over a group of statuses: the first `limit` of each status (each read by its
 * index), merged, the first `limit` kept; the total from the indexed counts (until they answer,
 * the cases shown).
 */
function caseList$(db: StationDatabase, statuses: readonly CaseStatus[], holderUnitId: string | undefined, limit: number): Observable<CaseListState> {
  const perStatus$ = statuses.map((status) => db.cases.find(statusListQuery(status, holderUnitId, limit)).$);
  const docs$ = combineLatest(perStatus$).pipe(map((lists) => lists.flat().map((d) => d.toMutableJSON()).sort(byListOrder).slice(0, limit)));
  const total$ = caseCount$(db, statuses, holderUnitId).pipe(startWith(null));
  return combineLatest([docs$, total$]).pipe(map(([cases, total]) => ({ cases, total: total ?? cases.length })));
}

/** How many cases are in these statuses: one indexed count per status, then the sum. */
function caseCount$(db: StationDatabase, statuses: readonly CaseStatus[], holderUnitId: string | undefined): Observable<number> {
  const counts$ = statuses.map((status) => count$(db, statusSelector(status, holderUnitId)));
  return combineLatest(counts$).pipe(map((counts) => counts.reduce((a, b) => a + b, 0)));
}

export function caseById$(db: StationDatabase, id: string): Observable<CaseDoc | null> {
  return db.cases.findOne(id).$.pipe(map((d) => (d === null ? null : d.toMutableJSON())));
}

export function units$(db: StationDatabase): Observable<Unit[]> {
  return db.units.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function calendars$(db: StationDatabase): Observable<CalendarYear[]> {
  return db.calendars.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

export function catalog$(db: StationDatabase): Observable<ServiceItem[]> {
  return db.catalog.find().$.pipe(map((docs) => docs.map((d) => d.toMutableJSON())));
}

/**
 * Open load per unit below `parentUnitId` (a street's communities): for each, how many cases it
 * accepted are in each of these statuses, from indexed counts; no case is read.
 */
export function loadByAcceptingUnit$(db: StationDatabase, parentUnitId: string, statuses: readonly CaseStatus[]): Observable<Map<string, Map<CaseStatus, number>>> {
  return db.units.find({ selector: { parentId: { $eq: parentUnitId } } }).$.pipe(
    map((units) => units.map((u) => u.id).sort()),
    distinctUntilChanged((a, b) => a.join('\n') === b.join('\n')),
    switchMap((unitIds) => {
      const cells = unitIds.flatMap((unitId) => statuses.map((status) => ({ unitId, status })));
      if (cells.length === 0) return of(new Map<string, Map<CaseStatus, number>>());
      return combineLatest(cells.map((cell) => count$(db, acceptedSelector(cell.unitId, cell.status)))).pipe(
        map((counts) => {
          const load = new Map<string, Map<CaseStatus, number>>();
          cells.forEach((cell, i) => {
            const perStatus = load.get(cell.unitId) ?? new Map<CaseStatus, number>();
            perStatus.set(cell.status, counts[i] ?? 0);
            load.set(cell.unitId, perStatus);
          });
          return load;
        }),
      );
    }),
  );
}
