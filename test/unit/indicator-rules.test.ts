import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { isWeekday, presenceMomentOf, withHourHeard, workingHoursAmong, workingHoursBegun } from '../../schemas/rules/availability.ts';
import { dayNumberOfDate, localDayStartMs, type WorkCalendar } from '../../schemas/rules/calendar.ts';
import { caseFiguresOf } from '../../schemas/rules/case-figures.ts';
import { classifySearchText } from '../../schemas/rules/case-search.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { concludedOnTime, holderAt, indicatorUnitsFor, workingDaysOnClock } from '../../schemas/rules/indicators.ts';
import { parsePeriod, periodEndsWithin, periodIdsOf } from '../../schemas/rules/periods.ts';
import { maskIdNumber, maskName, maskPhone } from '../../schemas/rules/personal-data.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { randomCaseHistories, seededRandom } from '../helpers/random-histories.ts';

const local = (iso: string): number => Date.parse(`${iso}+08:00`);
const DDOCS = new URL('../../ops/couchdb/ddocs/', import.meta.url);

/** A view's map function from its file, run as the hubs run it: rows it emits for a document. */
function mapOf(path: string): (doc: unknown) => [unknown, unknown][] {
  const source = readFileSync(new URL(path, DDOCS), 'utf8');
  let rows: [unknown, unknown][] = [];
  const map = runInNewContext(`(${source})`, { emit: (key: unknown, value: unknown) => rows.push([key, value]) }) as (doc: unknown) => void;
  return (doc) => {
    rows = [];
    map(JSON.parse(JSON.stringify(doc)));
    return rows;
  };
}

const WEEKDAYS_ONLY: WorkCalendar = { id: 'plain', timeZone: 'Asia/Shanghai', holidays: [], makeupWorkdays: [] };
const momentArb = fc.integer({ min: local('2000-01-01T00:00:00'), max: local('2099-12-31T23:59:59') });

describe('periods', () => {
  it('a month, a quarter and a year, in local time (UTC+8)', () => {
    expect(parsePeriod('2026-11')).toEqual({ id: '2026-11', kind: 'month', startMs: local('2026-11-01T00:00:00'), endMs: local('2026-12-01T00:00:00') });
    expect(parsePeriod('2026-Q4')).toEqual({ id: '2026-Q4', kind: 'quarter', startMs: local('2026-10-01T00:00:00'), endMs: local('2027-01-01T00:00:00') });
    expect(parsePeriod('2026')).toEqual({ id: '2026', kind: 'year', startMs: local('2026-01-01T00:00:00'), endMs: local('2027-01-01T00:00:00') });
    for (const bad of ['2026-13', '2026-00', '2026-Q0', '2026-Q5', '2026-q4', '1999', '2101', '26', '2026-1', ' 2026', '2026-11-01']) expect(parsePeriod(bad), bad).toBeNull();
  });

  it('a moment lies in the month, quarter and year periodIdsOf names, and in no neighbour', () => {
    fc.assert(fc.property(momentArb, (ms) => {
      for (const id of periodIdsOf(ms)) {
        const period = parsePeriod(id);
        expect(period !== null && period.startMs <= ms && ms < period.endMs).toBe(true);
      }
    }));
    expect(periodIdsOf(local('2026-12-31T23:59:59.999'))).toEqual(['2026-12', '2026-Q4', '2026']);
    expect(periodIdsOf(local('2027-01-01T00:00:00'))).toEqual(['2027-01', '2027-Q1', '2027']);
  });

  it('the periods a case was open at the end of: each ends within [accepted, concluded)', () => {
    fc.assert(fc.property(momentArb, fc.integer({ min: 0, max: 900 * 86_400_000 }), (from, span) => {
      const ends = periodEndsWithin(from, from + span);
      for (const p of ends) expect(p.endMs - 1 >= from && p.endMs - 1 < from + span).toBe(true);
      // Every month end in between is there, with its quarter and year.
      const months = ends.filter((p) => p.kind === 'month');
      expect(ends.filter((p) => p.kind === 'quarter').length).toBe(months.filter((p) => ['03', '06', '09', '12'].includes(p.id.slice(5))).length);
      expect(ends.filter((p) => p.kind === 'year').length).toBe(months.filter((p) => p.id.endsWith('-12')).length);
    }));
  });
});

describe('the hub\'s views say what the rules say', () => {
  const docs: CaseDoc[] = randomCaseHistories({ units: DEMO_UNITS, count: 300, fromMs: local('2025-06-01T00:00:00'), toMs: local('2026-06-01T00:00:00'), nowMs: local('2026-09-01T00:00:00'), random: seededRandom(2026) });

  it('every case carries the figures of its fold', () => {
    for (const doc of docs) {
      const state = foldCase(doc.events, doc.receipts);
      expect(state).not.toBeNull();
      if (state !== null) expect(doc.figures).toEqual(caseFiguresOf(state));
    }
    expect(docs.some((d) => d.figures.holds.length > 2 && d.figures.outcome === 'decided' && d.figures.pauses.length > 0)).toBe(true);
  });

  it('open_at_period_end emits exactly the periods the case was open at the end of', () => {
    const map = mapOf('cases/indicators/views/open_at_period_end/map.js');
    for (const doc of docs) {
      const emitted = map(doc).map(([key]) => key);
      const f = doc.figures;
      const expected = f.concludedAt === null ? [] : periodEndsWithin(f.acceptedAt, f.concludedAt).map((p) => p.id);
      expect(emitted.sort(), doc.id).toEqual(expected.sort());
    }
  });

  it('counts emits each measure once per period the moment falls in', () => {
    const map = mapOf('cases/indicators/views/counts/map.js');
    for (const doc of docs) {
      const rows = map(doc);
      const accepted = rows.filter(([key]) => Array.isArray(key) && key[2] === 'accepted').map(([key]) => (key as unknown[])[0]);
      expect(accepted).toEqual([...periodIdsOf(doc.figures.acceptedAt)]);
      expect(rows.every(([, value]) => value === 1)).toBe(true);
    }
  });

  it('presence counts the hours the rules call working hours, Monday to Friday', () => {
    const weekdayHours = mapOf('presence/liandong/views/weekday_hours/map.js');
    const byDay = mapOf('presence/liandong/views/by_day/map.js');
    const random = seededRandom(9);
    // Four weeks of days, each with random hours heard: 2026-03-02 is a Monday.
    for (let day = dayNumberOfDate('2026-03-02'); day < dayNumberOfDate('2026-03-30'); day += 1) {
      let record = null;
      for (let hour = 0; hour < 24; hour += 1) {
        if (random() < 0.4) record = withHourHeard(record, presenceMomentOf('community-x', localDayStartMs(day) + hour * 3_600_000 + 1234));
      }
      if (record === null) continue;
      const working = workingHoursAmong(record.hours);
      expect(byDay(record), record.id).toEqual(working === 0 ? [] : [[[record.day, 'community-x'], working]]);
      expect(weekdayHours(record), record.id).toEqual(working > 0 && isWeekday(day) ? [[['2026-03', 'community-x'], working], [['2026-Q1', 'community-x'], working], [['2026', 'community-x'], working]] : []);
    }
  });

  it('a day\'s record gathers its hours, each once, in order', () => {
    const at = (iso: string) => presenceMomentOf('community-x', local(iso));
    let record = withHourHeard(null, at('2026-03-02T10:15:00'));
    record = withHourHeard(record, at('2026-03-02T09:59:59'));
    record = withHourHeard(record, at('2026-03-02T10:45:00'));
    expect(record).toEqual({ id: 'community-x:2026-03-02', unitId: 'community-x', day: '2026-03-02', hours: [9, 10] });
    expect(at('2026-03-02T23:59:59').hour).toBe(23);
    expect(at('2026-03-03T00:00:00')).toMatchObject({ day: '2026-03-03', hour: 0 });
  });
});

describe('per-case rules', () => {
  const row = (accepted: string, concluded: string, promisedDays: number, pauses: { from: number; to: number | null; reason: 'supplement' | 'suspension' }[] = []) =>
    ({ unitId: 'u', acceptor: 'u', acceptedAt: local(accepted), concludedAt: local(concluded), promisedDays, pauses });

  it('working days on the clock: from the day after acceptance, pauses out, weekends out', () => {
    // Accepted Monday, decided Friday the same week: 4 working days.
    expect(workingDaysOnClock(row('2026-03-02T10:00:00', '2026-03-06T16:00:00', 5), WEEKDAYS_ONLY)).toBe(4);
    // Paused Tuesday to Wednesday: those two days do not count.
    const paused = row('2026-03-02T10:00:00', '2026-03-06T16:00:00', 2, [{ from: local('2026-03-03T09:00:00'), to: local('2026-03-04T15:00:00'), reason: 'supplement' }]);
    expect(workingDaysOnClock(paused, WEEKDAYS_ONLY)).toBe(2);
    expect(concludedOnTime(paused, WEEKDAYS_ONLY)).toBe(true);
    expect(concludedOnTime({ ...paused, pauses: [] }, WEEKDAYS_ONLY)).toBe(false);
  });

  it('a case decided on a working day is on time exactly when its working days are within its limit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 20 }), (startDay, length, promised) => {
      const accepted = localDayStartMs(dayNumberOfDate('2025-01-01') + startDay) + 10 * 3_600_000;
      const concludedDay = dayNumberOfDate('2025-01-01') + startDay + length;
      fc.pre(isWeekday(concludedDay));
      const r = { unitId: 'u', acceptor: 'u', acceptedAt: accepted, concludedAt: localDayStartMs(concludedDay) + 15 * 3_600_000, promisedDays: promised, pauses: [] };
      expect(concludedOnTime(r, WEEKDAYS_ONLY)).toBe(workingDaysOnClock(r, WEEKDAYS_ONLY) <= promised);
    }));
  });

  it('the holder at a moment is the last unit to have it by then', () => {
    const holds = [{ unitId: 'a', from: 10 }, { unitId: 'b', from: 20 }, { unitId: 'c', from: 30 }];
    expect([5, 10, 25, 30, 99].map((at) => holderAt({ acceptor: 'a', holds }, at))).toEqual(['a', 'a', 'b', 'c', 'c']);
  });

  it('working hours: 09:00 to 17:00 of working days, those begun by the moment', () => {
    const monday = local('2026-03-02T00:00:00');
    expect(workingHoursBegun(monday, local('2026-03-02T08:59:59'), WEEKDAYS_ONLY)).toBe(0);
    expect(workingHoursBegun(monday, local('2026-03-02T09:00:00'), WEEKDAYS_ONLY)).toBe(1);
    expect(workingHoursBegun(monday, local('2026-03-08T23:59:59'), WEEKDAYS_ONLY)).toBe(40);
    expect(workingHoursBegun(monday, local('2026-03-08T23:59:59'), { ...WEEKDAYS_ONLY, holidays: ['2026-03-03'], makeupWorkdays: ['2026-03-07'] })).toBe(40);
  });

  it('who sees whose indicators', () => {
    const ids = (tier: 'city' | 'street' | 'community', unitId: string) => indicatorUnitsFor({ tier, unitId }, DEMO_UNITS).map((u) => u.id).sort();
    expect(ids('city', 'hefei-center')).toHaveLength(DEMO_UNITS.length);
    expect(ids('street', 'street-wuhulu')).toEqual(['community-huizhoudadao', 'community-ningguolu', 'community-susonglu', 'street-wuhulu']);
    expect(ids('community', 'community-longhe')).toEqual(['community-longhe']);
  });
});

describe('personal data shown where a case is looked up', () => {
  it('is masked: the first character of a name, the ends of an ID and a phone number', () => {
    expect(maskName('张建华')).toBe('张**');
    expect(maskName('李明')).toBe('李*');
    expect(maskIdNumber('34010219800101001X')).toBe('3401**********001X');
    expect(maskPhone('13905510000')).toBe('139****0000');
    expect(maskPhone('139 0551 0000')).toBe('139****0000');
  });
});

describe('what the city\'s search box takes', () => {
  it('a case number or a full ID number; a name, a phone number or part of an ID number gets its reason', () => {
    expect(classifySearchText('  ')).toEqual({ kind: 'none' });
    expect(classifySearchText('ld20260315abcdef')).toEqual({ kind: 'caseNumber', value: 'LD20260315ABCDEF' });
    expect(classifySearchText('LD20261128D0300')).toEqual({ kind: 'caseNumber', value: 'LD20261128D0300' });
    expect(classifySearchText('34010219800101001x')).toEqual({ kind: 'idNumber', value: '34010219800101001X' });
    expect(classifySearchText('340102800101001')).toEqual({ kind: 'idNumber', value: '340102800101001' });
    expect(classifySearchText('张建华')).toEqual({ kind: 'unsupported', reason: 'name' });
    expect(classifySearchText('Zhang Jianhua')).toEqual({ kind: 'unsupported', reason: 'name' });
    expect(classifySearchText('Wang')).toEqual({ kind: 'unsupported', reason: 'name' });
    expect(classifySearchText('13905510000')).toEqual({ kind: 'unsupported', reason: 'phone' });
    expect(classifySearchText('0551-63500000')).toEqual({ kind: 'unsupported', reason: 'phone' });
    expect(classifySearchText('3401021980')).toEqual({ kind: 'unsupported', reason: 'partialId' });
    expect(classifySearchText('001X')).toEqual({ kind: 'unsupported', reason: 'partialId' });
    expect(classifySearchText('%%%')).toEqual({ kind: 'unsupported', reason: 'text' });
  });
});
