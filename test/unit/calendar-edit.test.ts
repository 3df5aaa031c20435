import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CN_MAINLAND_YEARS } from '../../ops/seed/cn-mainland-calendar.ts';
import { calendarYearEditProblems, parseDateList } from '../../schemas/rules/calendar-edit.ts';
import { calendarYearProblems, dateOfDayNumber, dayNumberOfDate, localDayStartMs } from '../../schemas/rules/calendar.ts';
import type { CalendarYear } from '../../schemas/types.ts';

/** Noon in China on a date: "now" for the rules. */
const at = (date: string): number => localDayStartMs(dayNumberOfDate(date)) + 12 * 3_600_000;

const YEAR: CalendarYear = {
  id: 'cn-mainland:2031',
  calendarId: 'cn-mainland',
  year: 2031,
  status: 'published',
  notice: '国务院办公厅关于2031年部分节假日安排的通知',
  // 2031-10-01 is a Wednesday, 2031-09-27 a Saturday.
  holidays: ['2031-10-01', '2031-10-02', '2031-10-03'],
  makeupWorkdays: ['2031-09-27'],
};

const codes = (year: CalendarYear, stored: CalendarYear | null, now: string): string[] => calendarYearEditProblems(year, stored, at(now)).map((p) => `${p.field}:${p.code}`);

describe('calendar year edit rules', () => {
  it('the seeded mainland years pass, entered before they begin', () => {
    for (const year of CN_MAINLAND_YEARS) expect(calendarYearEditProblems(year, null, at(`${year.year - 1}-12-01`)), year.id).toEqual([]);
  });

  it('days off on weekdays, make-up days on weekends, each real, in its year, listed once and in one list', () => {
    expect(codes(YEAR, null, '2030-11-20')).toEqual([]);
    expect(codes({ ...YEAR, holidays: ['2031-09-27', '2031-10-01'], makeupWorkdays: ['2031-10-01'] }, null, '2030-11-20')).toEqual(['holidays:holiday_on_weekend', 'holidays:holiday_and_makeup', 'makeupWorkdays:makeup_on_weekday']);
    expect(codes({ ...YEAR, holidays: ['2031-02-30', '2032-01-01', '31-10-01'] }, null, '2030-11-20')).toEqual(['holidays:not_a_date', 'holidays:date_outside_year', 'holidays:not_a_date']);
    expect(codes({ ...YEAR, holidays: ['2031-10-01', '2031-10-01'] }, null, '2030-11-20')).toEqual(['holidays:duplicate']);
    expect(codes({ ...YEAR, notice: ' ' }, null, '2030-11-20')).toEqual(['notice:required']);
    expect(codes({ ...YEAR, id: 'cn-mainland:2030' }, null, '2030-11-20')).toEqual(['id:calendar_year_id']);
    expect(codes({ ...YEAR, calendarId: 'CN', id: 'CN:2031' }, null, '2030-11-20')).toEqual(['calendarId:calendar_id_form']);
    expect(codes({ ...YEAR, year: 1999, id: 'cn-mainland:1999' }, null, '2030-11-20')).toEqual(['year:year_range']);
  });

  it('the past stays: an ended year does not change, and no day before today is added or removed', () => {
    expect(codes(YEAR, null, '2032-01-02')).toEqual(['year:year_over']);
    // In the middle of the year: the October days may still move, the spring ones may not.
    const stored = { ...YEAR, holidays: ['2031-04-04', ...YEAR.holidays] };
    expect(codes({ ...stored, holidays: [...stored.holidays, '2031-10-06'] }, stored, '2031-06-15')).toEqual([]);
    expect(codes({ ...stored, holidays: YEAR.holidays }, stored, '2031-06-15')).toEqual(['holidays:past_day_changed']);
    expect(codes({ ...stored, makeupWorkdays: [...stored.makeupWorkdays, '2031-01-04'] }, stored, '2031-06-15')).toEqual(['makeupWorkdays:past_day_changed']);
    // Today itself may still change (a notice on the day); yesterday may not.
    expect(codes({ ...stored, holidays: [...stored.holidays, '2031-06-16'] }, stored, '2031-06-16')).toEqual([]);
    expect(codes({ ...stored, holidays: [...stored.holidays, '2031-06-16'] }, stored, '2031-06-17')).toEqual(['holidays:past_day_changed']);
    // A year entered late lists past days as the network counted them: weekends only, so none.
    expect(codes({ ...YEAR, holidays: ['2031-01-01', ...YEAR.holidays] }, null, '2031-03-01')).toEqual(['holidays:past_day_changed']);
    expect(codes({ ...YEAR, status: 'provisional' }, YEAR, '2031-03-01')).toEqual(['status:year_unpublished']);
    expect(codes({ ...YEAR, status: 'published' }, { ...YEAR, status: 'provisional' }, '2031-03-01')).toEqual([]);
  });

  it('agrees with the calendar\'s own check on which lists are wrong (random years)', () => {
    const year = 2033;
    const first = dayNumberOfDate(`${year}-01-01`);
    const day = fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 364 }).map((n) => dateOfDayNumber(first + n)), weight: 10 },
      { arbitrary: fc.constantFrom('2032-12-31', '2034-01-01', '2033-02-29', '2033-13-01'), weight: 1 },
    );
    const calendarCodes = new Set(['not_a_date', 'date_outside_year', 'holiday_on_weekend', 'makeup_on_weekday', 'holiday_and_makeup']);
    fc.assert(fc.property(fc.uniqueArray(day, { maxLength: 30 }), fc.uniqueArray(day, { maxLength: 12 }), (holidays, makeupWorkdays) => {
      const candidate: CalendarYear = { ...YEAR, id: `cn-mainland:${year}`, year, holidays, makeupWorkdays };
      const ours = calendarYearEditProblems(candidate, null, at(`${year - 1}-06-01`)).filter((p) => calendarCodes.has(p.code));
      expect(ours.length > 0).toBe(calendarYearProblems(candidate).length > 0);
    }), { numRuns: 300 });
  });

  it('reads a typed list of dates: lines, spaces, commas or 、', () => {
    expect(parseDateList('2031-10-01\n2031-10-02, 2031-10-03、2031-10-06  ')).toEqual(['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06']);
    expect(parseDateList('  ')).toEqual([]);
  });
});
