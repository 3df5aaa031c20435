import { isWorkingDayNumber, localDayEndMs, localDayNumber } from './calendar.ts';
import type { WorkCalendar } from './calendar.ts';
import type { CaseState, ClockPause } from './case-state.ts';
import { inStatusGroup } from './case-status.ts';

/**
 * Time limits (办结时限) of a case, counted in working days. Pure: the current time is a parameter.
 *
 * Conventions:
 * - Acceptance day does not count (as in 民法典 §201: a period counted in days starts the next day;
 *   行政许可法 §82 counts licensing periods in working days).
 *   The deadline is the end (23:59:59.999 UTC+8) of the N-th working day after the acceptance day;
 *   N = 0 (即办件) means the end of the acceptance day itself.
 * - A pause (补齐补正 or 挂起) stops the clock for every whole local day it touches: a working day
 *   on which the case was paused at any moment does not count towards the limit. Only days before
 *   the limit is used up matter: a pause that begins after the deadline has passed cannot revive
 *   the case. A pause still running at the end of the acceptance day of an instant item moves its
 *   deadline to the end of the day the pause ends.
 * - An open pause (endMs null) is taken to end `nowMs`: the deadline shown is the earliest it can be.
 */

export interface CaseDeadlines {
  /** End of the promised limit (承诺时限): what warnings and on-time rates measure. */
  readonly promisedDueMs: number;
  /** End of the legal limit (法定时限). */
  readonly legalDueMs: number;
}

export type WarningLevel = 'none' | 'yellow' | 'red';

type ClockState = Pick<CaseState, 'acceptedAtMs' | 'promisedDays' | 'legalDays' | 'pauses'>;
type WarningState = Pick<CaseState, 'status' | 'acceptedAtMs' | 'promisedDays' | 'legalDays' | 'pauses' | 'concludedAtMs'>;
type ConcludedState = Pick<CaseState, 'acceptedAtMs' | 'promisedDays' | 'legalDays' | 'pauses' | 'concludedAtMs'>;

/** Local days a pause touches, first and last inclusive. */
interface PausedSpan {
  readonly first: number;
  readonly last: number;
}

function assertDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be a non-negative integer: ${days}`);
}

/** The end of the `days`-th working day after the day of `startMs`; `days = 0`: end of that day. */
export function addWorkingDays(startMs: number, days: number, cal: WorkCalendar): number {
  assertDays(days);
  return localDayEndMs(dueDay(localDayNumber(startMs), days, [], cal));
}

/**
 * Working days after the day of `fromMs` up to and including the day of `toMs`, so that
 * `workingDaysBetween(t, addWorkingDays(t, n)) === n`. Negative when `toMs` falls on an earlier day.
 */
export function workingDaysBetween(fromMs: number, toMs: number, cal: WorkCalendar): number {
  const from = localDayNumber(fromMs);
  const to = localDayNumber(toMs);
  if (to < from) return -countWorkingDays(to, from, cal);
  return countWorkingDays(from, to, cal);
}

/** Working days in the local-day interval (after, upTo]. */
function countWorkingDays(after: number, upTo: number, cal: WorkCalendar): number {
  let count = 0;
  for (let day = after + 1; day <= upTo; day += 1) {
    if (isWorkingDayNumber(day, cal)) count += 1;
  }
  return count;
}

/** Both deadlines of a case, with pause periods taken out; open pauses are taken to end at `nowMs`. */
export function caseDeadline(state: ClockState, cal: WorkCalendar, nowMs: number): CaseDeadlines {
  assertDays(state.promisedDays);
  assertDays(state.legalDays);
  const accepted = localDayNumber(state.acceptedAtMs);
  const spans = state.pauses.map((pause) => pausedSpan(pause, nowMs));
  return {
    promisedDueMs: localDayEndMs(dueDay(accepted, state.promisedDays, spans, cal)),
    legalDueMs: localDayEndMs(dueDay(accepted, state.legalDays, spans, cal)),
  };
}

function pausedSpan(pause: ClockPause, nowMs: number): PausedSpan {
  const endMs = Math.max(pause.endMs ?? nowMs, pause.startMs);
  return { first: localDayNumber(pause.startMs), last: localDayNumber(endMs) };
}

/**
 * Walk forward from the acceptance day, spending one unit of the budget on each working day no
 * pause touches; stop on the day the budget is spent, once no pause runs on past that day.
 */
function dueDay(acceptedDay: number, budget: number, spans: readonly PausedSpan[], cal: WorkCalendar): number {
  const touched = (day: number): boolean => spans.some((s) => s.first <= day && day <= s.last);
  const runsPast = (day: number): boolean => spans.some((s) => s.first <= day && day < s.last);
  let day = acceptedDay;
  let spent = 0;
  // Terminates: spans are finite, and every calendar has working days outside its finite lists.
  while (spent < budget || runsPast(day)) {
    day += 1;
    if (isWorkingDayNumber(day, cal) && !touched(day)) spent += 1;
  }
  return day;
}

/**
 * 黄牌 when at most `yellowWithinWorkingDays` working days remain after today up to the promised
 * deadline's day (so with the default 2, a case due Friday turns yellow on Wednesday); 红牌 once
 * the promised deadline has passed. Finished cases never warn. A paused case keeps the colour it
 * had when the open pause began: its clock is not running.
 */
export function caseWarning(
  state: WarningState,
  cal: WorkCalendar,
  nowMs: number,
  yellowWithinWorkingDays = 2,
): WarningLevel {
  if (inStatusGroup(state.status, 'finished') || state.concludedAtMs !== null) return 'none';
  const open = state.pauses.filter((p) => p.endMs === null);
  if (inStatusGroup(state.status, 'paused') && open.length > 0) {
    const frozenAt = Math.min(...open.map((p) => p.startMs));
    const before = state.pauses.filter((p) => p.endMs !== null && p.startMs < frozenAt);
    return colourAt({ ...state, pauses: before }, cal, frozenAt, yellowWithinWorkingDays);
  }
  return colourAt(state, cal, nowMs, yellowWithinWorkingDays);
}

function colourAt(state: ClockState, cal: WorkCalendar, atMs: number, yellowWithin: number): WarningLevel {
  const { promisedDueMs } = caseDeadline(state, cal, atMs);
  if (atMs > promisedDueMs) return 'red';
  return workingDaysBetween(atMs, promisedDueMs, cal) <= yellowWithin ? 'yellow' : 'none';
}

/**
 * Whether a concluded case (办结 or withdrawn) ended within its promised limit; null while it has
 * not concluded. Pauses still open at conclusion are taken to end then.
 */
export function isOnTime(state: ConcludedState, cal: WorkCalendar): boolean | null {
  if (state.concludedAtMs === null) return null;
  return state.concludedAtMs <= caseDeadline(state, cal, state.concludedAtMs).promisedDueMs;
}

/** The stored urgency order of a finished case: after every case still under way. */
export const NO_RUNNING_CLOCK = 99_999_999;

/**
 * Added to the due day of a paused case: within one status every case is paused or none is, and a
 * list over several statuses puts the cases whose clock runs first.
 */
export const PAUSED_CLOCK_OFFSET = 50_000_000;

/** Monday to Friday, no holidays: the calendar of the stored urgency order. */
const WEEKDAYS_ONLY: WorkCalendar = { id: 'weekdays-only', timeZone: 'Asia/Shanghai', holidays: [], makeupWorkdays: [] };

/**
 * The local day of the promised deadline counted in plain Monday-Friday weeks: the order "most
 * urgent first" stored on the case (`dueDay`), which needs no calendar, so the stored case stays a
 * pure function of its events. A holiday shifts every deadline that spans it alike, so the order
 * holds but for cases due within the same holiday week; the deadlines shown and counted use the
 * unit's real calendar. A paused case keeps the day it was due when its clock stopped, as its
 * warning colour does, after `PAUSED_CLOCK_OFFSET`; finished cases have no running clock.
 */
export function urgencyDay(state: Pick<CaseState, 'status' | 'acceptedAtMs' | 'promisedDays' | 'pauses'>): number {
  if (!inStatusGroup(state.status, 'underWay')) return NO_RUNNING_CLOCK;
  const spans = state.pauses.map((p) => pausedSpan(p, p.endMs ?? p.startMs));
  const day = dueDay(localDayNumber(state.acceptedAtMs), state.promisedDays, spans, WEEKDAYS_ONLY);
  return inStatusGroup(state.status, 'paused') ? PAUSED_CLOCK_OFFSET + day : day;
}

/** The due day an urgency order stands for, the paused offset taken off. */
export function dueDayOf(urgency: number): number {
  return urgency >= PAUSED_CLOCK_OFFSET && urgency !== NO_RUNNING_CLOCK ? urgency - PAUSED_CLOCK_OFFSET : urgency;
}

/**
 * How far, in calendar days, a real calendar's deadline can fall before the Monday-Friday one
 * (make-up working days pull it earlier) or its warning start after it (a long holiday between
 * today and the deadline): every case that can warn today has `dueDayOf(dueDay) <= today + URGENCY_HORIZON_DAYS`.
 */
export const URGENCY_HORIZON_DAYS = 21;
