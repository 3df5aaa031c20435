import type { IndicatorRow } from '../api/indicators.schema.ts';
import type { ConclusionRow, FollowUpRow, OpenCaseRow } from '../api/indicator-views.schema.ts';
import type { Actor, CaseStatus, Unit } from '../types.ts';
import { isWeekday } from './availability.ts';
import { isWorkingDayNumber, localDayNumber, type WorkCalendar } from './calendar.ts';
import type { ClockPause } from './case-state.ts';
import { RECTIFICATION_DAYS } from './case-steps.ts';
import { addWorkingDays, caseWarning, isOnTime } from './deadline.ts';
import type { Period } from './periods.ts';

/**
 * The indicators (效能指标) of each unit for a period, counted from the compact rows the hub's
 * views give (`ops/couchdb/ddocs/cases/indicators`, `.../presence/liandong`) and the working-day
 * calendars. Pure: the moment the figures are counted at (`asOfMs`) is passed in.
 *
 * Who is counted for what:
 * - accepted: the accepting unit, at acceptance;
 * - concluded (办结: 准予 or 不予), on time, working days: the unit holding the case when it was
 *   decided, at the decision; withdrawn (撤回): the accepting unit, not a conclusion;
 * - rated, rated good (4-5): the unit that handled the case (held it when rated), when rated;
 * - urges received, answered on time: the unit an urge or supervision is addressed to, when opened;
 * - rectifications, closed on time: the unit that owes it, when the bad rating opened it;
 * - backlog, overdue: the unit holding an open case at `asOfMs` (the end of the period, or now);
 * - working and present hours: the unit, for its own working hours.
 * Deadlines and working days count in the accepting unit's calendar, as the consoles do; working
 * hours in the unit's own.
 */

/** A rating at or above this is good (满意, 非常满意). */
export const GOOD_RATING = 4;

/** What the `counts` view sums, by period, unit and measure. */
export const COUNT_MEASURES = ['accepted', 'concluded', 'withdrawn', 'rated', 'ratedGood', 'urgesReceived', 'rectifications'] as const;
export type CountMeasure = (typeof COUNT_MEASURES)[number];

export function isCountMeasure(value: unknown): value is CountMeasure {
  return typeof value === 'string' && (COUNT_MEASURES as readonly string[]).includes(value);
}

export type IndicatorUnit = Pick<Unit, 'id' | 'tier' | 'parentId' | 'calendarId'>;

/** The units whose indicators an actor may read: the city all, a street itself and its communities, a station itself. */
export function indicatorUnitsFor(actor: Pick<Actor, 'tier' | 'unitId'>, units: readonly IndicatorUnit[]): IndicatorUnit[] {
  if (actor.tier === 'city') return [...units];
  if (actor.tier === 'street') return units.filter((u) => u.id === actor.unitId || u.parentId === actor.unitId);
  return units.filter((u) => u.id === actor.unitId);
}

/** The moment a period's backlog and hours are counted at: its last millisecond, or now while it runs. */
export function indicatorMoment(period: Period, nowMs: number): number {
  return Math.min(period.endMs - 1, nowMs);
}

type Pauses = ConclusionRow['pauses'];

function clockPauses(pauses: Pauses): ClockPause[] {
  return pauses.map((p) => ({ startMs: p.from, endMs: p.to, reason: p.reason }));
}

/**
 * Working days a decided case's clock ran: working days after the acceptance day up to and
 * including the decision's, less those a pause touched (as the limit counts them, so a case decided
 * on a working day is on time exactly when this is within its promised days).
 */
export function workingDaysOnClock(row: Pick<ConclusionRow, 'acceptedAt' | 'concludedAt' | 'pauses'>, cal: WorkCalendar): number {
  const spans = row.pauses.map((p) => ({ first: localDayNumber(p.from), last: localDayNumber(Math.max(p.to ?? row.concludedAt, p.from)) }));
  let days = 0;
  for (let day = localDayNumber(row.acceptedAt) + 1; day <= localDayNumber(row.concludedAt); day += 1) {
    if (isWorkingDayNumber(day, cal) && !spans.some((s) => s.first <= day && day <= s.last)) days += 1;
  }
  return days;
}

/** Whether a decided case was decided within its promised limit. */
export function concludedOnTime(row: ConclusionRow, cal: WorkCalendar): boolean {
  return isOnTime({ acceptedAtMs: row.acceptedAt, promisedDays: row.promisedDays, legalDays: row.promisedDays, pauses: clockPauses(row.pauses), concludedAtMs: row.concludedAt }, cal) === true;
}

/** Whether a reply was given, or a rectification closed, by the end of its last working day. */
export function followUpDoneOnTime(row: FollowUpRow, cal: WorkCalendar): boolean {
  if (row.doneAt === null) return false;
  const days = row.kind === 'reply' ? row.days : RECTIFICATION_DAYS;
  return row.doneAt <= addWorkingDays(row.at, days, cal);
}

/** Who held an open case at a moment: the last unit, in the order the steps took effect, to have it by then. */
export function holderAt(row: Pick<OpenCaseRow, 'acceptor' | 'holds'>, atMs: number): string {
  let holder = row.acceptor;
  for (const hold of row.holds) if (hold.from <= atMs) holder = hold.unitId;
  return holder;
}

/** Whether a case open at a moment was past its promised limit then (红牌), its pauses as they stood. */
export function overdueAt(row: OpenCaseRow, cal: WorkCalendar, atMs: number): boolean {
  const pauses = row.pauses.filter((p) => p.from <= atMs).map((p) => ({ startMs: p.from, endMs: p.to !== null && p.to <= atMs ? p.to : null, reason: p.reason }));
  const open = pauses.find((p) => p.endMs === null);
  const status: CaseStatus = open === undefined ? 'handling' : open.reason === 'supplement' ? 'supplement_requested' : 'suspended';
  return caseWarning({ status, acceptedAtMs: row.acceptedAt, promisedDays: row.promisedDays, legalDays: row.promisedDays, pauses, concludedAtMs: null }, cal, atMs) === 'red';
}

interface UnitTally {
  counts: Record<CountMeasure, number>;
  onTime: number;
  workingDays: number;
  backlog: number;
  overdue: number;
  urgesAnsweredOnTime: number;
  rectificationsClosedOnTime: number;
  weekdayHours: number;
  presenceCorrection: number;
}

function emptyTally(): UnitTally {
  return {
    counts: { accepted: 0, concluded: 0, withdrawn: 0, rated: 0, ratedGood: 0, urgesReceived: 0, rectifications: 0 },
    onTime: 0,
    workingDays: 0,
    backlog: 0,
    overdue: 0,
    urgesAnsweredOnTime: 0,
    rectificationsClosedOnTime: 0,
    weekdayHours: 0,
    presenceCorrection: 0,
  };
}

/**
 * One period's indicators, added up row by row as the views are read in pages: memory grows with
 * the units, not with the cases. Rows of units outside `units` (not the caller's to see) are left out.
 */
export class IndicatorTally {
  private readonly tallies = new Map<string, UnitTally>();
  private readonly calendars = new Map<string, WorkCalendar>();

  constructor(
    private readonly period: Period,
    private readonly asOfMs: number,
    private readonly units: readonly IndicatorUnit[],
    /** A unit's working-day calendar, by its id (any unit the rows name, for accepting units' calendars). */
    private readonly calendarOfUnit: (unitId: string) => WorkCalendar,
  ) {
    for (const unit of units) this.tallies.set(unit.id, emptyTally());
  }

  private calendar(unitId: string): WorkCalendar {
    let cal = this.calendars.get(unitId);
    if (cal === undefined) {
      cal = this.calendarOfUnit(unitId);
      this.calendars.set(unitId, cal);
    }
    return cal;
  }

  /** A sum of the `counts` view: `n` of `measure` for a unit in this period. */
  count(unitId: string, measure: CountMeasure, n: number): void {
    const tally = this.tallies.get(unitId);
    if (tally !== undefined) tally.counts[measure] += n;
  }

  /** A decided case of the period. */
  conclusion(row: ConclusionRow): void {
    const tally = this.tallies.get(row.unitId);
    if (tally === undefined || row.concludedAt < this.period.startMs || row.concludedAt >= this.period.endMs) return;
    const cal = this.calendar(row.acceptor);
    if (concludedOnTime(row, cal)) tally.onTime += 1;
    tally.workingDays += workingDaysOnClock(row, cal);
  }

  /** A reply owed, or a rectification, opened in the period. */
  followUp(row: FollowUpRow): void {
    const tally = this.tallies.get(row.unitId);
    if (tally === undefined || row.at < this.period.startMs || row.at >= this.period.endMs) return;
    if (!followUpDoneOnTime(row, this.calendar(row.acceptor))) return;
    if (row.kind === 'reply') tally.urgesAnsweredOnTime += 1;
    else tally.rectificationsClosedOnTime += 1;
  }

  /** A case open at `asOfMs` (the caller reads only those). */
  openCase(row: OpenCaseRow): void {
    if (row.acceptedAt > this.asOfMs) return;
    const tally = this.tallies.get(holderAt(row, this.asOfMs));
    if (tally === undefined) return;
    tally.backlog += 1;
    if (overdueAt(row, this.calendar(row.acceptor), this.asOfMs)) tally.overdue += 1;
  }

  /** Working hours of Monday to Friday in which the unit was heard from, in the period. */
  weekdayPresence(unitId: string, hours: number): void {
    const tally = this.tallies.get(unitId);
    if (tally !== undefined) tally.weekdayHours += hours;
  }

  /**
   * Hours heard on a day the unit's calendar departs from Monday to Friday: a weekday holiday's do
   * not count, a weekend make-up day's do. `day` is a local day number.
   */
  presenceOnDay(unitId: string, day: number, hours: number): void {
    const tally = this.tallies.get(unitId);
    if (tally === undefined) return;
    const working = isWorkingDayNumber(day, this.calendar(unitId));
    if (working && !isWeekday(day)) tally.presenceCorrection += hours;
    if (!working && isWeekday(day)) tally.presenceCorrection -= hours;
  }

  /** The rows, in the order of `units`; `workingHoursOf` counts a unit's working hours of the period begun by `asOfMs`. */
  rows(workingHoursOf: (unit: IndicatorUnit) => number): IndicatorRow[] {
    return this.units.map((unit) => {
      const t = this.tallies.get(unit.id) ?? emptyTally();
      const { accepted, concluded, withdrawn, rated, ratedGood, urgesReceived, rectifications } = t.counts;
      const workingHours = workingHoursOf(unit);
      const presentHours = t.weekdayHours + t.presenceCorrection;
      return {
        unitId: unit.id,
        tier: unit.tier,
        parentId: unit.parentId,
        accepted,
        concluded,
        withdrawn,
        onTime: t.onTime,
        onTimeRate: concluded === 0 ? null : t.onTime / concluded,
        averageWorkingDays: concluded === 0 ? null : t.workingDays / concluded,
        backlog: t.backlog,
        overdue: t.overdue,
        urgesReceived,
        urgesAnsweredOnTime: t.urgesAnsweredOnTime,
        rated,
        ratedGood,
        satisfactionRate: rated === 0 ? null : ratedGood / rated,
        rectifications,
        rectificationsClosedOnTime: t.rectificationsClosedOnTime,
        workingHours,
        presentHours,
        availability: workingHours === 0 ? null : presentHours / workingHours,
      };
    });
  }
}
