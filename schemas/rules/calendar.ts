import type { CalendarYear } from '../types.ts';

/**
 * Working-day calendar (工作日历). Deadlines count working days in China's local time, whatever
 * the clock zone of the device or server: China has kept UTC+8 without daylight saving since 1991,
 * so a fixed offset is exact and avoids depending on the machine's zone database or on Intl.
 */
export interface WorkCalendar {
  readonly id: string;
  readonly timeZone: 'Asia/Shanghai';
  /** 'YYYY-MM-DD' public-holiday off days that fall on weekdays (Monday to Friday). */
  readonly holidays: readonly string[];
  /** 调休: 'YYYY-MM-DD' weekend days that are working days. */
  readonly makeupWorkdays: readonly string[];
}

export const DAY_MS = 86_400_000;
/** UTC+8, fixed. */
export const CHINA_OFFSET_MS = 8 * 3_600_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A local (UTC+8) day as a whole number: days since 1970-01-01 local. Cheap to step and compare. */
export function localDayNumber(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`not a finite timestamp: ${ms}`);
  return Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
}

/** The first millisecond (00:00:00.000 UTC+8) of a local day. */
export function localDayStartMs(day: number): number {
  return day * DAY_MS - CHINA_OFFSET_MS;
}

/** The last millisecond (23:59:59.999 UTC+8) of a local day: deadlines end here. */
export function localDayEndMs(day: number): number {
  return localDayStartMs(day + 1) - 1;
}

/** 'YYYY-MM-DD' of a local day number; UTC getters of a shifted instant, so the host zone is irrelevant. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local day number of a 'YYYY-MM-DD' date; throws on malformed or impossible dates (2026-02-30). */
export function dayNumberOfDate(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = utc / DAY_MS;
  if (dateOfDayNumber(day) !== date) throw new RangeError(`no such date: ${date}`);
  return day;
}

/** The local (UTC+8) calendar date 'YYYY-MM-DD' of a timestamp. */
export function localDateOf(ms: number): string {
  return dateOfDayNumber(localDayNumber(ms));
}

/** Day of the week of a local day number: 0 Sunday ... 6 Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function weekdayOf(date: string): number {
  return weekdayOfDayNumber(dayNumberOfDate(date));
}

interface DaySets {
  readonly holidays: ReadonlySet<number>;
  readonly makeup: ReadonlySet<number>;
}

// Deadline walks test hundreds of days; parse each calendar's lists once, keyed by the object.
const daySetsCache = new WeakMap<WorkCalendar, DaySets>();

function daySets(cal: WorkCalendar): DaySets {
  const cached = daySetsCache.get(cal);
  if (cached !== undefined) return cached;
  const sets: DaySets = {
    holidays: new Set(cal.holidays.map(dayNumberOfDate)),
    makeup: new Set(cal.makeupWorkdays.map(dayNumberOfDate)),
  };
  daySetsCache.set(cal, sets);
  return sets;
}

/** Whether a local day number is a working day: make-up days work, holidays rest, else Mon-Fri work. */
export function isWorkingDayNumber(day: number, cal: WorkCalendar): boolean {
  const sets = daySets(cal);
  if (sets.makeup.has(day)) return true;
  if (sets.holidays.has(day)) return false;
  const weekday = weekdayOfDayNumber(day);
  return weekday !== 0 && weekday !== 6;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  return isWorkingDayNumber(dayNumberOfDate(date), cal);
}

/** Problems in a calendar's lists (a holiday on a weekend, a make-up day on a weekday, both at once). */
export function calendarProblems(cal: WorkCalendar): string[] {
  const problems: string[] = [];
  const makeup = new Set(cal.makeupWorkdays);
  for (const date of cal.holidays) {
    const weekday = weekdayOf(date);
    if (weekday === 0 || weekday === 6) problems.push(`holiday on a weekend: ${date}`);
    if (makeup.has(date)) problems.push(`both holiday and make-up day: ${date}`);
  }
  for (const date of cal.makeupWorkdays) {
    const weekday = weekdayOf(date);
    if (weekday !== 0 && weekday !== 6) problems.push(`make-up day on a weekday: ${date}`);
  }
  return problems;
}

/**
 * A unit's working-day calendar from the years it replicates (`calendars` collection): the named
 * calendar's holidays and make-up days, years in any order. Years not listed count plain
 * Monday-Friday weeks; `provisionalYears` says which listed years still wait for their notice.
 */
export interface UnitCalendar extends WorkCalendar {
  readonly years: readonly number[];
  readonly provisionalYears: readonly number[];
}

export function workCalendarOf(calendarId: string, years: readonly CalendarYear[]): UnitCalendar {
  const own = years.filter((y) => y.calendarId === calendarId).sort((a, b) => a.year - b.year);
  return {
    id: calendarId,
    timeZone: 'Asia/Shanghai',
    holidays: own.flatMap((y) => y.holidays),
    makeupWorkdays: own.flatMap((y) => y.makeupWorkdays),
    years: own.map((y) => y.year),
    provisionalYears: own.filter((y) => y.status === 'provisional').map((y) => y.year),
  };
}

/** What is wrong with one year's lists: its days out of its year, or on the wrong side of the week. */
export function calendarYearProblems(year: CalendarYear): string[] {
  const outside = [...year.holidays, ...year.makeupWorkdays].filter((date) => !date.startsWith(`${year.year}-`)).map((date) => `${date} is not in ${year.year}`);
  const badDates = [...year.holidays, ...year.makeupWorkdays].filter((date) => {
    try {
      dayNumberOfDate(date);
      return false;
    } catch {
      return true;
    }
  }).map((date) => `no such date: ${date}`);
  if (badDates.length > 0) return [...outside, ...badDates];
  return [...outside, ...calendarProblems({ id: year.calendarId, timeZone: 'Asia/Shanghai', holidays: year.holidays, makeupWorkdays: year.makeupWorkdays })];
}
