import type { PresenceDay } from '../types.ts';
import { CHINA_OFFSET_MS, dateOfDayNumber, DAY_MS, isWorkingDayNumber, localDayNumber, localDayStartMs, weekdayOfDayNumber, type WorkCalendar } from './calendar.ts';

/**
 * Station availability (在线率): the share of working hours in which a unit was heard from. A
 * heartbeat keeps only each device's latest, so the gateway keeps one presence record per unit and
 * local day, listing the hours it heard the unit in (`withHourHeard`); the hub's views count the
 * working ones by period. Pure.
 */

/** The working hours of a working day, local time: 09:00 to 17:00, eight hours. */
export const WORKING_HOURS = { first: 9, end: 17 } as const;

const HOUR_MS = 3_600_000;

/** Whether an hour of the day (0-23) is a working hour. */
export function isWorkingHour(hour: number): boolean {
  return hour >= WORKING_HOURS.first && hour < WORKING_HOURS.end;
}

/** How many of a day's hours are working hours. */
export function workingHoursAmong(hours: readonly number[]): number {
  return hours.filter(isWorkingHour).length;
}

/** The hour a moment falls in, for a unit: its day record's id, the local day and hour. */
export interface PresenceMoment {
  readonly id: string;
  readonly unitId: string;
  readonly day: string;
  readonly hour: number;
}

export function presenceMomentOf(unitId: string, ms: number): PresenceMoment {
  const dayNumber = localDayNumber(ms);
  const day = dateOfDayNumber(dayNumber);
  const hour = Math.floor((ms + CHINA_OFFSET_MS - dayNumber * DAY_MS) / HOUR_MS);
  return { id: `${unitId}:${day}`, unitId, day, hour };
}

/** A unit's day record with the moment's hour in it: hours ascending, each once. */
export function withHourHeard(record: PresenceDay | null, moment: PresenceMoment): PresenceDay {
  const hours = [...new Set([...(record?.hours ?? []), moment.hour])].sort((a, b) => a - b);
  return { id: moment.id, unitId: moment.unitId, day: moment.day, hours };
}

/** Whether a local day number falls on Monday to Friday. */
export function isWeekday(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday !== 0 && weekday !== 6;
}

/**
 * The working hours of a calendar that begin in [fromMs, upToMs]: each working day's hours from
 * 09:00, counting those that have begun by `upToMs`.
 */
export function workingHoursBegun(fromMs: number, upToMs: number, cal: WorkCalendar): number {
  if (upToMs < fromMs) return 0;
  let hours = 0;
  for (let day = localDayNumber(fromMs); day <= localDayNumber(upToMs); day += 1) {
    if (!isWorkingDayNumber(day, cal)) continue;
    const start = localDayStartMs(day);
    for (let hour = WORKING_HOURS.first; hour < WORKING_HOURS.end; hour += 1) {
      const begins = start + hour * HOUR_MS;
      if (begins >= fromMs && begins <= upToMs) hours += 1;
    }
  }
  return hours;
}

/**
 * The days of [fromMs, upToMs] on which a calendar departs from Monday to Friday: weekday holidays
 * (hours heard then do not count) and weekend make-up working days (they do), as local day numbers.
 */
export function calendarExceptions(fromMs: number, upToMs: number, cal: WorkCalendar): { readonly day: number; readonly working: boolean }[] {
  const exceptions: { day: number; working: boolean }[] = [];
  for (let day = localDayNumber(fromMs); day <= localDayNumber(upToMs); day += 1) {
    const working = isWorkingDayNumber(day, cal);
    if (working !== isWeekday(day)) exceptions.push({ day, working });
  }
  return exceptions;
}
