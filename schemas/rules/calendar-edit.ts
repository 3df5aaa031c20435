import type { CalendarYear } from '../types.ts';
import { duplicatesOf, problem, textProblem, type AdminProblem } from './admin-problems.ts';
import { dateOfDayNumber, dayNumberOfDate, localDayNumber, weekdayOfDayNumber } from './calendar.ts';

const CALENDAR_ID = /^[a-z0-9-]{1,32}$/;
const MAX_HOLIDAYS = 60;
const MAX_MAKEUP_DAYS = 20;

function isWeekendDay(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}

/** The dates of a list that are real dates of `year`, with a problem for each that is not. */
function datesOf(field: string, dates: readonly string[], year: number, problems: AdminProblem[]): Map<string, number> {
  const valid = new Map<string, number>();
  for (const date of dates) {
    let day: number;
    try {
      day = dayNumberOfDate(date);
    } catch {
      problems.push(problem(field, 'not_a_date', { date }));
      continue;
    }
    if (!date.startsWith(`${year}-`)) problems.push(problem(field, 'date_outside_year', { date, year }));
    else valid.set(date, day);
  }
  return valid;
}

/** The dates in one list and not the other, both ways. */
function changedDates(before: readonly string[], after: readonly string[]): string[] {
  const was = new Set(before);
  const is = new Set(after);
  return [...[...is].filter((d) => !was.has(d)), ...[...was].filter((d) => !is.has(d))];
}

/**
 * What is wrong with a calendar year the catalog editor wants to store; empty when nothing is.
 * `stored` is the year as the hub holds it (null: a year not entered yet, counted as plain
 * Monday-Friday weeks until now); `nowMs` the clock of whoever checks.
 *
 * Deadlines are counted from the calendar whenever they are shown and reported, so the past must
 * not move: a year that has ended is not changed, and no day before today is added or removed (a
 * year entered late may still list past days that were already counted that way: weekends only).
 */
export function calendarYearEditProblems(year: CalendarYear, stored: CalendarYear | null, nowMs: number): AdminProblem[] {
  const problems: AdminProblem[] = [];
  if (!CALENDAR_ID.test(year.calendarId)) problems.push(problem('calendarId', 'calendar_id_form'));
  if (!Number.isInteger(year.year) || year.year < 2000 || year.year > 2100) {
    problems.push(problem('year', 'year_range'));
    return problems;
  }
  if (year.id !== `${year.calendarId}:${year.year}`) problems.push(problem('id', 'calendar_year_id', { id: `${year.calendarId}:${year.year}` }));
  const notice = textProblem('notice', year.notice, 500);
  if (notice !== null) problems.push(notice);
  if (year.holidays.length > MAX_HOLIDAYS) problems.push(problem('holidays', 'too_many', { max: MAX_HOLIDAYS }));
  if (year.makeupWorkdays.length > MAX_MAKEUP_DAYS) problems.push(problem('makeupWorkdays', 'too_many', { max: MAX_MAKEUP_DAYS }));
  for (const date of duplicatesOf(year.holidays)) problems.push(problem('holidays', 'duplicate', { value: date }));
  for (const date of duplicatesOf(year.makeupWorkdays)) problems.push(problem('makeupWorkdays', 'duplicate', { value: date }));

  const holidays = datesOf('holidays', year.holidays, year.year, problems);
  const makeup = datesOf('makeupWorkdays', year.makeupWorkdays, year.year, problems);
  for (const [date, day] of holidays) {
    if (isWeekendDay(day)) problems.push(problem('holidays', 'holiday_on_weekend', { date }));
    if (makeup.has(date)) problems.push(problem('holidays', 'holiday_and_makeup', { date }));
  }
  for (const [date, day] of makeup) if (!isWeekendDay(day)) problems.push(problem('makeupWorkdays', 'makeup_on_weekday', { date }));

  if (stored?.status === 'published' && year.status === 'provisional') problems.push(problem('status', 'year_unpublished'));
  const today = localDayNumber(nowMs);
  const thisYear = Number(dateOfDayNumber(today).slice(0, 4));
  if (year.year < thisYear) {
    problems.push(problem('year', 'year_over', { year: year.year }));
    return problems;
  }
  const passed = (date: string): boolean => {
    try {
      return dayNumberOfDate(date) < today;
    } catch {
      return false;
    }
  };
  const moved = [
    ...changedDates(stored?.holidays ?? [], year.holidays).filter(passed).map((date) => problem('holidays', 'past_day_changed', { date })),
    ...changedDates(stored?.makeupWorkdays ?? [], year.makeupWorkdays).filter(passed).map((date) => problem('makeupWorkdays', 'past_day_changed', { date })),
  ];
  return [...problems, ...moved];
}

/** A list of dates as people type them: one per line, or separated by spaces, commas or 、. */
export function parseDateList(text: string): string[] {
  return text.split(/[\s,，、;；]+/).map((d) => d.trim()).filter((d) => d !== '');
}
