import { afterEach, describe, expect, it } from 'vitest';
import {
  calendarProblems,
  dateOfDayNumber,
  dayNumberOfDate,
  isWorkingDay,
  localDateOf,
  localDayEndMs,
  localDayNumber,
  localDayStartMs,
  weekdayOf,
} from '../../schemas/rules/calendar.ts';
import type { WorkCalendar } from '../../schemas/rules/calendar.ts';
import { calendarYearProblems, workCalendarOf } from '../../schemas/rules/calendar.ts';
import { CN_MAINLAND, CN_MAINLAND_YEARS } from '../../ops/seed/cn-mainland-calendar.ts';

const CN_CALENDAR = workCalendarOf(CN_MAINLAND, CN_MAINLAND_YEARS);

const originalTz = process.env.TZ;

afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('local dates in UTC+8', () => {
  it('turns the date at local midnight, not UTC midnight', () => {
    expect(localDateOf(Date.parse('2026-02-13T15:59:59.999Z'))).toBe('2026-02-13');
    expect(localDateOf(Date.parse('2026-02-13T16:00:00.000Z'))).toBe('2026-02-14');
    expect(localDateOf(Date.parse('2026-02-14T00:30:00+08:00'))).toBe('2026-02-14');
  });

  it('gives day bounds at 00:00 and 23:59:59.999 local time', () => {
    const day = dayNumberOfDate('2026-03-02');
    expect(localDayStartMs(day)).toBe(Date.parse('2026-03-02T00:00:00.000+08:00'));
    expect(localDayEndMs(day)).toBe(Date.parse('2026-03-02T23:59:59.999+08:00'));
    expect(localDayNumber(localDayStartMs(day))).toBe(day);
    expect(localDayNumber(localDayEndMs(day))).toBe(day);
    expect(dateOfDayNumber(day)).toBe('2026-03-02');
  });

  it('knows the day of the week', () => {
    expect(weekdayOf('2026-01-01')).toBe(4);
    expect(weekdayOf('2026-02-14')).toBe(6);
    expect(weekdayOf('2026-09-20')).toBe(0);
    expect(weekdayOf('1969-12-31')).toBe(3);
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => dayNumberOfDate('2026-2-3')).toThrow(RangeError);
    expect(() => dayNumberOfDate('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumberOfDate('0050-01-01')).toThrow(RangeError);
    expect(() => localDayNumber(Number.NaN)).toThrow(RangeError);
  });

  it('does not depend on the machine time zone', () => {
    const instants = ['2026-02-13T16:00:00.000Z', '2026-10-31T23:30:00.000Z', '2026-03-08T06:59:00.000Z'].map(Date.parse);
    const answer = (): string[] => instants.map((ms) => `${localDateOf(ms)}:${isWorkingDay(localDateOf(ms), CN_CALENDAR)}`);
    process.env.TZ = 'UTC';
    const inUtc = answer();
    process.env.TZ = 'America/New_York';
    // Proves the zone switch took effect in this process.
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(300);
    expect(answer()).toEqual(inUtc);
    expect(inUtc).toEqual(['2026-02-14:true', '2026-11-01:false', '2026-03-08:false']);
  });
});

describe('working days', () => {
  it('rests on weekends and works Monday to Friday', () => {
    expect(isWorkingDay('2026-03-06', CN_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-03-07', CN_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-03-08', CN_CALENDAR)).toBe(false);
    expect(isWorkingDay('2026-03-09', CN_CALENDAR)).toBe(true);
  });

  it('follows the 2026 Spring Festival arrangement with its make-up Saturdays', () => {
    expect(isWorkingDay('2026-02-13', CN_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-02-14', CN_CALENDAR)).toBe(true);
    for (const date of ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23']) {
      expect(isWorkingDay(date, CN_CALENDAR), date).toBe(false);
    }
    expect(isWorkingDay('2026-02-24', CN_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-02-28', CN_CALENDAR)).toBe(true);
    expect(isWorkingDay('2026-03-01', CN_CALENDAR)).toBe(false);
  });

  it('follows the other 2026 holidays', () => {
    const off = ['2026-01-01', '2026-01-02', '2026-04-06', '2026-05-01', '2026-05-04', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-07'];
    const on = ['2026-01-04', '2026-05-06', '2026-05-09', '2026-09-20', '2026-10-08', '2026-10-10'];
    for (const date of off) expect(isWorkingDay(date, CN_CALENDAR), date).toBe(false);
    for (const date of on) expect(isWorkingDay(date, CN_CALENDAR), date).toBe(true);
  });

  it('has 2026 with the published number of working days', () => {
    // 365 days - 104 weekend days - 19 weekday holidays + 6 make-up days.
    let count = 0;
    for (let day = dayNumberOfDate('2026-01-01'); day <= dayNumberOfDate('2026-12-31'); day += 1) {
      if (isWorkingDay(dateOfDayNumber(day), CN_CALENDAR)) count += 1;
    }
    expect(count).toBe(248);
  });

  it('has 2025 with the published number of working days, and every year checks out', () => {
    // 365 days - 104 weekend days - 18 weekday holidays + 5 make-up days.
    let count = 0;
    for (let day = dayNumberOfDate('2025-01-01'); day <= dayNumberOfDate('2025-12-31'); day += 1) {
      if (isWorkingDay(dateOfDayNumber(day), CN_CALENDAR)) count += 1;
    }
    expect(count).toBe(248);
    for (const year of CN_MAINLAND_YEARS) expect(calendarYearProblems(year), year.id).toEqual([]);
    expect(CN_CALENDAR.provisionalYears).toEqual([2027]);
    // 春节 2025: off Jan 28 to Feb 4, work on Sunday Jan 26 and Saturday Feb 8.
    expect(['2025-01-26', '2025-01-27', '2025-02-05', '2025-02-08'].filter((d) => isWorkingDay(d, CN_CALENDAR))).toEqual(['2025-01-26', '2025-01-27', '2025-02-05', '2025-02-08']);
    expect(['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04'].filter((d) => isWorkingDay(d, CN_CALENDAR))).toEqual([]);
  });

  it('finds a year whose days stray out of it or onto the wrong side of the week', () => {
    const year = CN_MAINLAND_YEARS[0];
    if (year === undefined) throw new Error('no year');
    expect(calendarYearProblems({ ...year, holidays: ['2024-12-31', '2025-01-04'], makeupWorkdays: ['2025-01-06', '2025-02-30'] })).toEqual([
      '2024-12-31 is not in 2025',
      'no such date: 2025-02-30',
    ]);
    expect(calendarYearProblems({ ...year, holidays: ['2025-01-04'], makeupWorkdays: ['2025-01-06'] })).toHaveLength(2);
  });

  it('lists holidays only on weekdays and make-up days only on weekends', () => {
    expect(calendarProblems(CN_CALENDAR)).toEqual([]);
    const bad: WorkCalendar = { id: 'bad', timeZone: 'Asia/Shanghai', holidays: ['2026-03-07'], makeupWorkdays: ['2026-03-09'] };
    expect(calendarProblems(bad)).toHaveLength(2);
  });
});
