import { parse } from 'csv-parse/sync';
import { describeProblems } from '../../../schemas/api/schema-problems.ts';
import { asCouchDoc } from '../../../schemas/couch-doc.ts';
import { calendarProblems, dayNumberOfDate } from '../../../schemas/rules/calendar.ts';
import type { CalendarYear } from '../../../schemas/types.ts';
import { validators } from '../../../schemas/validators.ts';
import { storedAs } from '../../../server/hub/hub-doc.ts';
import type { HubPort } from '../../../server/hub/hub-port.ts';
import type { ChangeLog } from '../change-log.ts';
import { OpsError } from '../ops-error.ts';

/**
 * Where calendar years are kept. The CLI needs only this much: issue 8 makes the working-day
 * calendar replicated data (the `calendars` hub database, one document per calendar and year),
 * and `hubCalendarStore` is the one place here that knows so.
 */
export interface CalendarYearStore {
  /** The stored year and its revision, or null. */
  read(id: string): Promise<{ readonly year: CalendarYear; readonly rev: string } | null>;
  write(year: CalendarYear, rev: string | null): Promise<void>;
}

export function hubCalendarStore(hub: HubPort): CalendarYearStore {
  const db = hub.database('calendars');
  return {
    async read(id) {
      const doc = await db.get(id);
      const year = storedAs(doc, validators.calendarYear)[0];
      return year === undefined || doc?._rev === undefined ? null : { year, rev: doc._rev };
    },
    async write(year, rev) {
      const [result] = await db.bulkWrite([rev === null ? asCouchDoc('calendars', year) : { ...asCouchDoc('calendars', year), _rev: rev }]);
      if (result?.error !== undefined) throw new OpsError(`The hub refused the calendar year: ${result.error}; run the command again.`, `数据中心拒绝写入该日历年份：${result.error}，请重新执行。`);
    },
  };
}

export interface SetCalendarInput {
  readonly calendarId: string;
  readonly year: number;
  /** What the dates come from: the State Council notice's title and date. */
  readonly notice: string;
  readonly provisional: boolean;
  /** `date,kind` lines: kind `holiday` (休) for a weekday off, `workday` (班) for a weekend working day. */
  readonly csv: string;
}

const KINDS: Readonly<Record<string, 'holiday' | 'workday'>> = { holiday: 'holiday', 休: 'holiday', workday: 'workday', 班: 'workday' };

/** Reads the day list of one year; every bad line is reported, nothing is written. */
export function parseCalendarCsv(csv: string, year: number): { holidays: string[]; makeupWorkdays: string[] } {
  let rows: string[][];
  try {
    rows = parse(csv, { skip_empty_lines: true, trim: true, bom: true, comment: '#', relax_column_count: true }) as string[][];
  } catch (err) {
    throw new OpsError(`The file is not valid CSV: ${err instanceof Error ? err.message : String(err)}`, `文件不是有效的 CSV：${err instanceof Error ? err.message : String(err)}`);
  }
  const holidays: string[] = [];
  const makeupWorkdays: string[] = [];
  const problems: string[] = [];
  rows.forEach(([date = '', kindText = ''], index) => {
    if (index === 0 && date === 'date') return;
    const kind = KINDS[kindText];
    try {
      dayNumberOfDate(date);
    } catch {
      problems.push(`line ${index + 1}: "${date}" is not a date (YYYY-MM-DD)`);
      return;
    }
    if (!date.startsWith(`${year}-`)) problems.push(`line ${index + 1}: ${date} is not in ${year}`);
    else if (kind === undefined) problems.push(`line ${index + 1}: the kind must be holiday (休) or workday (班), not "${kindText}"`);
    else (kind === 'holiday' ? holidays : makeupWorkdays).push(date);
  });
  const rules = calendarProblems({ id: 'check', timeZone: 'Asia/Shanghai', holidays, makeupWorkdays });
  problems.push(...rules);
  if (problems.length > 0) throw new OpsError(`Nothing was written; fix these lines:\n  ${problems.slice(0, 30).join('\n  ')}`, `未写入任何内容，请先修正以下各行：\n  ${problems.slice(0, 30).join('\n  ')}`);
  return { holidays: [...new Set(holidays)].sort(), makeupWorkdays: [...new Set(makeupWorkdays)].sort() };
}

/** Enters (or replaces) one year of a working-day calendar. */
export async function setCalendarYear(store: CalendarYearStore, log: ChangeLog, input: SetCalendarInput): Promise<{ year: CalendarYear; replaced: boolean }> {
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new OpsError('--year must be a year between 2000 and 2100.', '--year 须为 2000 至 2100 之间的年份。');
  const days = parseCalendarCsv(input.csv, input.year);
  const year: CalendarYear = {
    id: `${input.calendarId}:${input.year}`,
    calendarId: input.calendarId,
    year: input.year,
    status: input.provisional ? 'provisional' : 'published',
    notice: input.notice,
    holidays: days.holidays,
    makeupWorkdays: days.makeupWorkdays,
  };
  if (!validators.calendarYear(year)) throw new OpsError(`The calendar year is not valid: ${describeProblems(validators.calendarYear.errors)}.`, `日历年份无效：${describeProblems(validators.calendarYear.errors)}。`);
  const stored = await store.read(year.id);
  await store.write(year, stored?.rev ?? null);
  await log.record({ event: 'calendar_year_set', id: year.id, status: year.status, holidays: year.holidays.length, makeupWorkdays: year.makeupWorkdays.length, replaced: stored !== null });
  return { year, replaced: stored !== null };
}
