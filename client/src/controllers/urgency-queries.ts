import { combineLatest, map, of, switchMap, timer, type Observable } from 'rxjs';
import type { MangoQuery, MangoQuerySelector } from 'rxdb';
import type { StationDatabase } from '../../../replication/station-database.ts';
import { localDayNumber, type WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { inStatusGroup } from '../../../schemas/rules/case-status.ts';
import { caseWarning, PAUSED_CLOCK_OFFSET, URGENCY_HORIZON_DAYS, type WarningLevel } from '../../../schemas/rules/deadline.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import type { CaseDoc, CaseStatus } from '../../../schemas/types.ts';
import type { WarningFilter } from '../domain/workspace-tab.ts';

/**
 * Status lists by urgency, and their 红牌 / 黄牌 counts. The stored `dueDay` (Monday-Friday weeks,
 * no calendar) orders the lists through the `[holderUnitId,] status, dueDay` indexes; a case's
 * colour needs its accepting unit's real calendar, so colours are computed for the only cases that
 * can have one: those due within `URGENCY_HORIZON_DAYS` of today (a property test in
 * test/unit/deadline.test.ts holds this), read through the same index. A paused status's cases
 * carry `PAUSED_CLOCK_OFFSET` on their due day: its ranges are shifted alike.
 */

/** One status of a list and the selector of its cases (held by a unit or not). */
export interface StatusRange {
  readonly status: CaseStatus;
  readonly selector: MangoQuerySelector<CaseDoc>;
}

/** The stored `dueDay` a plain due day is in this status. */
function storedDay(status: CaseStatus, day: number): number {
  return inStatusGroup(status, 'paused') ? PAUSED_CLOCK_OFFSET + day : day;
}

/** 红牌 and 黄牌 among a list's cases; `capped` when more cases were due soon than were read. */
export interface WarningCounts {
  readonly red: number;
  readonly yellow: number;
  readonly capped: boolean;
}

export const NO_WARNINGS: WarningCounts = { red: 0, yellow: 0, capped: false };

/** At most this many due-soon cases of one status are read to colour them (the city's whole network). */
export const DUE_SOON_CAP = 2_000;

/** The calendar a case's deadline counts in: its accepting unit's. */
export type CalendarOfUnit = (unitId: string) => WorkCalendar;

/** Colours change with the day, not only with the data: lists are coloured again every few minutes. */
export const RECOLOUR_MS = 5 * 60_000;

export function clock$(everyMs = RECOLOUR_MS): Observable<number> {
  return timer(0, everyMs).pipe(map(() => Date.now()));
}

export function warningOf(doc: CaseDoc, calendarOf: CalendarOfUnit, nowMs: number): WarningLevel {
  const state = foldCase(doc.events, doc.receipts);
  return state === null ? 'none' : caseWarning(state, calendarOf(doc.acceptedUnitId), nowMs);
}

const BY_URGENCY = [{ dueDay: 'asc' as const }, { id: 'asc' as const }];

/** The cases of one status that can warn today, most urgent first. */
export function dueSoonQuery(range: StatusRange, nowMs: number, cap = DUE_SOON_CAP): MangoQuery<CaseDoc> {
  return { selector: { ...range.selector, dueDay: { $lte: storedDay(range.status, horizonDay(nowMs)) } }, sort: BY_URGENCY, limit: cap };
}

/** The first `limit` cases of one status most urgent first; with `afterDay`, only those due after it. */
export function byUrgencyQuery(range: StatusRange, limit: number, afterDay?: number): MangoQuery<CaseDoc> {
  return { selector: afterDay === undefined ? range.selector : { ...range.selector, dueDay: { $gt: storedDay(range.status, afterDay) } }, sort: BY_URGENCY, limit };
}

/** The last due day of the cases that can warn on the day of `nowMs`. */
function horizonDay(nowMs: number): number {
  return localDayNumber(nowMs) + URGENCY_HORIZON_DAYS;
}

function byDueDay(a: CaseDoc, b: CaseDoc): number {
  if (a.dueDay !== b.dueDay) return a.dueDay - b.dueDay;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Coloured {
  readonly doc: CaseDoc;
  readonly warning: WarningLevel;
}

/** Every status's due-soon cases, coloured now; re-read when the cases change or the day moves, recoloured as time passes. */
function dueSoon$(db: StationDatabase, ranges: readonly StatusRange[], calendarOf$: Observable<CalendarOfUnit>, now$: Observable<number>): Observable<{ coloured: Coloured[]; capped: boolean }> {
  if (ranges.length === 0) return of({ coloured: [], capped: false });
  return combineLatest([now$, calendarOf$]).pipe(
    switchMap(([nowMs, calendarOf]) => combineLatest(ranges.map((range) => db.cases.find(dueSoonQuery(range, nowMs)).$)).pipe(
      map((lists) => ({
        coloured: lists.flat().map((d) => d.toMutableJSON()).map((doc) => ({ doc, warning: warningOf(doc, calendarOf, nowMs) })),
        capped: lists.some((l) => l.length >= DUE_SOON_CAP),
      })),
    )),
  );
}

export function warnings$(db: StationDatabase, ranges: readonly StatusRange[], calendarOf$: Observable<CalendarOfUnit>, now$: Observable<number>): Observable<WarningCounts> {
  return dueSoon$(db, ranges, calendarOf$, now$).pipe(map(({ coloured, capped }) => ({
    red: coloured.filter((c) => c.warning === 'red').length,
    yellow: coloured.filter((c) => c.warning === 'yellow').length,
    capped,
  })));
}

/**
 * The first `limit` cases of these statuses most urgent first, keeping one warning colour. Red
 * and yellow come from the coloured due-soon cases; "on time" is the due-soon cases with no
 * colour, then those due beyond the horizon (never coloured), read in order by the index.
 */
export function urgencyList$(
  db: StationDatabase,
  ranges: readonly StatusRange[],
  warning: WarningFilter,
  limit: number,
  calendarOf$: Observable<CalendarOfUnit>,
  now$: Observable<number>,
): Observable<readonly CaseDoc[]> {
  if (ranges.length === 0) return of([]);
  if (warning === 'all') {
    return combineLatest(ranges.map((range) => db.cases.find(byUrgencyQuery(range, limit)).$)).pipe(
      map((lists) => lists.flat().map((d) => d.toMutableJSON()).sort(byDueDay).slice(0, limit)),
    );
  }
  const soon$ = dueSoon$(db, ranges, calendarOf$, now$);
  if (warning === 'red' || warning === 'yellow') {
    return soon$.pipe(map(({ coloured }) => coloured.filter((c) => c.warning === warning).map((c) => c.doc).sort(byDueDay).slice(0, limit)));
  }
  return combineLatest([soon$, now$]).pipe(
    switchMap(([{ coloured }, nowMs]) => {
      const onTimeSoon = coloured.filter((c) => c.warning === 'none').map((c) => c.doc);
            return combineLatest(ranges.map((range) => db.cases.find(byUrgencyQuery(range, limit, horizonDay(nowMs))).$)).pipe(
        map((lists) => [...onTimeSoon, ...lists.flat().map((d) => d.toMutableJSON())].sort(byDueDay).slice(0, limit)),
      );
    }),
  );
}
