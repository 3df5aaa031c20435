import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isWorkingDay, localDateOf, localDayNumber, workCalendarOf } from '../../schemas/rules/calendar.ts';
import { CN_MAINLAND, CN_MAINLAND_YEARS } from '../../ops/seed/cn-mainland-calendar.ts';
import { addWorkingDays, caseDeadline, caseWarning, dueDayOf, isOnTime, NO_RUNNING_CLOCK, PAUSED_CLOCK_OFFSET, URGENCY_HORIZON_DAYS, urgencyDay, workingDaysBetween } from '../../schemas/rules/deadline.ts';
import type { ClockPause } from '../../schemas/rules/case-state.ts';
import type { CaseStatus } from '../../schemas/types.ts';

const CN_CALENDAR = workCalendarOf(CN_MAINLAND, CN_MAINLAND_YEARS);
const cal = CN_CALENDAR;
/** A local (UTC+8) wall-clock time, e.g. at('2026-03-02 10:00'). */
const at = (local: string): number => Date.parse(`${local.replace(' ', 'T')}:00+08:00`);
/** The end of a local day: where deadlines fall. */
const endOf = (date: string): number => Date.parse(`${date}T23:59:59.999+08:00`);
const pause = (start: string, end: string | null, reason: ClockPause['reason'] = 'supplement'): ClockPause => ({
  startMs: at(start),
  endMs: end === null ? null : at(end),
  reason,
});

interface TestCase {
  status: CaseStatus;
  acceptedAtMs: number;
  promisedDays: number;
  legalDays: number;
  pauses: ClockPause[];
  concludedAtMs: number | null;
}

/** Accepted Monday 2 March 2026, promised 5 working days (due Monday 9 March), legal 20. */
const base = (over: Partial<TestCase> = {}): TestCase => ({
  status: 'handling',
  acceptedAtMs: at('2026-03-02 10:00'),
  promisedDays: 5,
  legalDays: 20,
  pauses: [],
  concludedAtMs: null,
  ...over,
});

const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('addWorkingDays', () => {
  it('does not count the acceptance day; 0 days ends with the acceptance day', () => {
    const monday = at('2026-03-02 10:00');
    expect(addWorkingDays(monday, 0, cal)).toBe(endOf('2026-03-02'));
    expect(addWorkingDays(monday, 1, cal)).toBe(endOf('2026-03-03'));
    expect(addWorkingDays(at('2026-03-02 00:00'), 1, cal)).toBe(endOf('2026-03-03'));
    expect(addWorkingDays(at('2026-03-02 23:59'), 1, cal)).toBe(endOf('2026-03-03'));
  });

  it('skips weekends', () => {
    expect(addWorkingDays(at('2026-03-02 10:00'), 5, cal)).toBe(endOf('2026-03-09'));
    expect(addWorkingDays(at('2026-03-06 16:00'), 1, cal)).toBe(endOf('2026-03-09'));
    expect(addWorkingDays(at('2026-03-07 11:00'), 1, cal)).toBe(endOf('2026-03-09'));
    expect(addWorkingDays(at('2026-03-07 11:00'), 0, cal)).toBe(endOf('2026-03-07'));
  });

  it('crosses the 2026 Spring Festival, counting the make-up Saturdays', () => {
    const thursday = at('2026-02-12 09:30');
    expect(addWorkingDays(thursday, 1, cal)).toBe(endOf('2026-02-13'));
    expect(addWorkingDays(thursday, 2, cal)).toBe(endOf('2026-02-14'));
    expect(addWorkingDays(thursday, 3, cal)).toBe(endOf('2026-02-24'));
    expect(addWorkingDays(at('2026-02-24 09:00'), 4, cal)).toBe(endOf('2026-02-28'));
    expect(addWorkingDays(at('2026-02-24 09:00'), 5, cal)).toBe(endOf('2026-03-02'));
  });

  it('rejects negative and fractional day counts', () => {
    expect(() => addWorkingDays(at('2026-03-02 10:00'), -1, cal)).toThrow(RangeError);
    expect(() => addWorkingDays(at('2026-03-02 10:00'), 1.5, cal)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first day up to and including the last', () => {
    expect(workingDaysBetween(at('2026-03-02 10:00'), at('2026-03-02 18:00'), cal)).toBe(0);
    expect(workingDaysBetween(at('2026-03-02 10:00'), at('2026-03-09 08:00'), cal)).toBe(5);
    expect(workingDaysBetween(at('2026-02-12 10:00'), at('2026-02-24 10:00'), cal)).toBe(3);
    expect(workingDaysBetween(at('2026-03-09 08:00'), at('2026-03-02 10:00'), cal)).toBe(-5);
  });

  it('inverts addWorkingDays (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2025-06-01T00:00:00Z'), max: Date.parse('2028-06-01T00:00:00Z') }),
        fc.integer({ min: 0, max: 120 }),
        (startMs, days) => {
          const due = addWorkingDays(startMs, days, cal);
          expect(workingDaysBetween(startMs, due, cal)).toBe(days);
          expect(due).toBeGreaterThan(startMs);
          if (days > 0) expect(isWorkingDay(localDateOf(due), cal)).toBe(true);
        },
      ),
    );
  });
});

describe('caseDeadline', () => {
  const now = at('2026-03-20 12:00');

  it('gives promised and legal deadlines without pauses', () => {
    expect(caseDeadline(base(), cal, now)).toEqual({ promisedDueMs: endOf('2026-03-09'), legalDueMs: endOf('2026-03-30') });
  });

  it('extends by the working days a pause over a weekend touches, not the weekend days', () => {
    // Friday 15:00 to Monday 09:00 touches Fri, Sat, Sun, Mon: two working days.
    const paused = base({ pauses: [pause('2026-03-06 15:00', '2026-03-09 09:00')] });
    expect(caseDeadline(paused, cal, now).promisedDueMs).toBe(endOf('2026-03-11'));
    expect(caseDeadline(paused, cal, now).legalDueMs).toBe(endOf('2026-04-01'));
  });

  it('counts a short pause as the whole working day it touches', () => {
    const paused = base({ pauses: [pause('2026-03-03 09:00', '2026-03-03 11:00', 'suspension')] });
    expect(caseDeadline(paused, cal, now).promisedDueMs).toBe(endOf('2026-03-10'));
  });

  it('counts days touched by overlapping pauses once', () => {
    const paused = base({ pauses: [pause('2026-03-03 09:00', '2026-03-04 11:00'), pause('2026-03-04 10:00', '2026-03-04 17:00', 'suspension')] });
    expect(caseDeadline(paused, cal, now).promisedDueMs).toBe(endOf('2026-03-11'));
  });

  it('ignores a pause on the acceptance day itself, which does not count anyway', () => {
    const paused = base({ pauses: [pause('2026-03-02 11:00', '2026-03-02 16:00')] });
    expect(caseDeadline(paused, cal, now).promisedDueMs).toBe(endOf('2026-03-09'));
  });

  it('does not revive a case with a pause that starts after the deadline', () => {
    const late = base({ pauses: [pause('2026-03-11 09:00', '2026-03-12 09:00')] });
    expect(caseDeadline(late, cal, now).promisedDueMs).toBe(endOf('2026-03-09'));
    // The legal limit had not run out yet, so that one is extended.
    expect(caseDeadline(late, cal, now).legalDueMs).toBe(endOf('2026-04-01'));
  });

  it('takes an open pause to end now, so the deadline moves while the clock stands', () => {
    const open = base({ status: 'supplement_requested', pauses: [pause('2026-03-04 10:00', null)] });
    expect(caseDeadline(open, cal, at('2026-03-06 12:00')).promisedDueMs).toBe(endOf('2026-03-12'));
    expect(caseDeadline(open, cal, at('2026-03-09 12:00')).promisedDueMs).toBe(endOf('2026-03-13'));
    expect(caseDeadline(open, cal, at('2026-03-04 10:00')).promisedDueMs).toBe(endOf('2026-03-10'));
  });

  it('moves an instant item with a pause that runs past the acceptance day to the day it ends', () => {
    const instant = base({ promisedDays: 0, legalDays: 0, pauses: [pause('2026-03-02 11:00', '2026-03-04 09:00')] });
    expect(caseDeadline(instant, cal, now)).toEqual({ promisedDueMs: endOf('2026-03-04'), legalDueMs: endOf('2026-03-04') });
    const sameDay = base({ promisedDays: 0, legalDays: 0, pauses: [pause('2026-03-02 11:00', '2026-03-02 15:00')] });
    expect(caseDeadline(sameDay, cal, now).promisedDueMs).toBe(endOf('2026-03-02'));
  });

  it('never comes earlier because of a pause (property)', () => {
    const dayMs = 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.array(fc.tuple(fc.integer({ min: -2 * dayMs, max: 40 * dayMs }), fc.integer({ min: 0, max: 10 * dayMs })), { maxLength: 4 }),
        (days, spans) => {
          const accepted = at('2026-01-20 10:00');
          const pauses = spans.map(([offset, length]) => ({ startMs: accepted + offset, endMs: accepted + offset + length, reason: 'supplement' as const }));
          const plain = caseDeadline({ acceptedAtMs: accepted, promisedDays: days, legalDays: days, pauses: [] }, cal, accepted);
          const paused = caseDeadline({ acceptedAtMs: accepted, promisedDays: days, legalDays: days, pauses }, cal, accepted);
          expect(paused.promisedDueMs).toBeGreaterThanOrEqual(plain.promisedDueMs);
        },
      ),
    );
  });
});

describe('caseWarning', () => {
  it('turns yellow within two working days of the promised deadline and red past it', () => {
    const c = base();
    expect(caseWarning(c, cal, at('2026-03-03 12:00'))).toBe('none');
    expect(caseWarning(c, cal, at('2026-03-04 23:59'))).toBe('none');
    expect(caseWarning(c, cal, at('2026-03-05 00:00'))).toBe('yellow');
    expect(caseWarning(c, cal, at('2026-03-07 12:00'))).toBe('yellow');
    expect(caseWarning(c, cal, endOf('2026-03-09'))).toBe('yellow');
    expect(caseWarning(c, cal, endOf('2026-03-09') + 1)).toBe('red');
    expect(caseWarning(c, cal, at('2026-06-01 12:00'))).toBe('red');
  });

  it('takes the yellow window as a parameter', () => {
    const c = base();
    expect(caseWarning(c, cal, at('2026-03-05 12:00'), 0)).toBe('none');
    expect(caseWarning(c, cal, at('2026-03-09 12:00'), 0)).toBe('yellow');
    expect(caseWarning(c, cal, at('2026-03-03 12:00'), 4)).toBe('yellow');
  });

  it('never warns on finished cases', () => {
    const late = at('2026-06-01 12:00');
    for (const status of ['approved', 'refused', 'withdrawn', 'delivered'] as const) {
      expect(caseWarning(base({ status, concludedAtMs: at('2026-03-20 10:00') }), cal, late), status).toBe('none');
    }
  });

  it('keeps the colour a paused case had when its clock stopped', () => {
    // Paused Thursday, yellow then; weeks later it is still yellow, neither cleared nor red.
    const yellow = base({ status: 'supplement_requested', pauses: [pause('2026-03-05 10:00', null)] });
    expect(caseWarning(yellow, cal, at('2026-03-16 12:00'))).toBe('yellow');
    expect(caseWarning(yellow, cal, at('2026-05-16 12:00'))).toBe('yellow');
    const calm = base({ status: 'suspended', pauses: [pause('2026-03-03 10:00', null, 'suspension')] });
    expect(caseWarning(calm, cal, at('2026-04-30 12:00'))).toBe('none');
    const overdue = base({ status: 'suspended', pauses: [pause('2026-03-11 10:00', null, 'suspension')] });
    expect(caseWarning(overdue, cal, at('2026-03-12 12:00'))).toBe('red');
  });

  it('runs the clock again after the pause ends, with the paused days added', () => {
    const resumed = base({ pauses: [pause('2026-03-05 10:00', '2026-03-10 09:00')] });
    // Thu, Fri, Mon, Tue paused: due moves from Mon 9 to Fri 13 March.
    expect(caseDeadline(resumed, cal, at('2026-03-10 09:00')).promisedDueMs).toBe(endOf('2026-03-13'));
    expect(caseWarning(resumed, cal, at('2026-03-10 09:00'))).toBe('none');
    expect(caseWarning(resumed, cal, at('2026-03-11 09:00'))).toBe('yellow');
    expect(caseWarning(resumed, cal, at('2026-03-14 09:00'))).toBe('red');
  });

  it('gives the same answers whatever the machine time zone', () => {
    const c = base({ pauses: [pause('2026-03-06 15:00', '2026-03-09 09:00')] });
    const answer = (): unknown[] => [
      addWorkingDays(at('2026-02-12 23:30'), 3, cal),
      workingDaysBetween(at('2026-02-12 00:10'), at('2026-02-28 23:50'), cal),
      caseDeadline(c, cal, at('2026-03-20 12:00')),
      caseWarning(c, cal, at('2026-03-10 07:00')),
      localDateOf(at('2026-03-10 07:00')),
    ];
    process.env.TZ = 'Asia/Shanghai';
    const inShanghai = answer();
    process.env.TZ = 'America/New_York';
    expect(new Date(Date.UTC(2026, 0, 15)).getTimezoneOffset()).toBe(300);
    expect(answer()).toEqual(inShanghai);
    expect(inShanghai).toEqual([endOf('2026-02-24'), 7, { promisedDueMs: endOf('2026-03-11'), legalDueMs: endOf('2026-04-01') }, 'yellow', '2026-03-10']);
  });
});

describe('isOnTime', () => {
  it('compares the conclusion with the promised deadline, pauses taken out', () => {
    expect(isOnTime(base({ status: 'approved', concludedAtMs: at('2026-03-09 20:00') }), cal)).toBe(true);
    expect(isOnTime(base({ status: 'approved', concludedAtMs: endOf('2026-03-09') + 1 }), cal)).toBe(false);
    const paused = base({ status: 'refused', pauses: [pause('2026-03-04 10:00', '2026-03-05 10:00')], concludedAtMs: at('2026-03-11 10:00') });
    expect(isOnTime(paused, cal)).toBe(true);
  });

  it('is null while the case has not concluded', () => {
    expect(isOnTime(base(), cal)).toBeNull();
  });
});

/** Deadlines as the console shows them, across holidays, 调休 and year ends (table). */
describe('caseDeadline across holidays, make-up days and year ends', () => {
  const table: { name: string; accepted: string; days: number; pauses?: ClockPause[]; due: string }[] = [
    { name: 'over New Year 2026, counting the make-up Sunday Jan 4', accepted: '2025-12-30 09:00', days: 5, due: '2026-01-07' },
    { name: 'into the 2025 Spring Festival, the make-up Sunday Jan 26 counts', accepted: '2025-01-24 09:00', days: 3, due: '2025-02-05' },
    { name: 'across 2025 National Day and Mid-Autumn, with make-up days Sep 28 and Oct 11', accepted: '2025-09-26 09:00', days: 4, due: '2025-10-09' },
    { name: 'a pause over the 2026 Spring Festival; the make-up Saturday Feb 28 counts', accepted: '2026-02-10 09:00', days: 5, pauses: [pause('2026-02-12 10:00', '2026-02-24 10:00')], due: '2026-02-28' },
    { name: 'a suspension across the year end', accepted: '2025-12-29 09:00', days: 3, pauses: [pause('2025-12-30 09:00', '2026-01-05 09:00', 'suspension')], due: '2026-01-08' },
    { name: 'into provisional 2027: only the fixed-date Jan 1 is off', accepted: '2026-12-30 09:00', days: 3, due: '2027-01-05' },
  ];
  for (const row of table) {
    it(row.name, () => {
      const { promisedDueMs } = caseDeadline({ acceptedAtMs: at(row.accepted), promisedDays: row.days, legalDays: row.days, pauses: row.pauses ?? [] }, cal, at('2027-06-01 00:00'));
      expect(localDateOf(promisedDueMs)).toBe(row.due);
    });
  }
});

describe('urgencyDay: the stored order of "most urgent first"', () => {
  it('counts Monday-Friday weeks from the acceptance, pauses taken out; a paused case keeps the day it was due when it stopped, after every running one', () => {
    const running = { status: 'handling' as const, acceptedAtMs: at('2026-03-02 10:00'), promisedDays: 5, pauses: [] };
    expect(urgencyDay(running)).toBe(localDayNumber(at('2026-03-09 12:00')));
    expect(urgencyDay({ ...running, pauses: [pause('2026-03-04 10:00', '2026-03-05 10:00')] })).toBe(localDayNumber(at('2026-03-11 12:00')));
    const paused = urgencyDay({ ...running, status: 'supplement_requested', pauses: [pause('2026-03-04 10:00', null)] });
    expect(paused).toBe(PAUSED_CLOCK_OFFSET + localDayNumber(at('2026-03-10 12:00')));
    expect(dueDayOf(paused)).toBe(localDayNumber(at('2026-03-10 12:00')));
    expect(urgencyDay({ ...running, status: 'approved' })).toBe(NO_RUNNING_CLOCK);
  });

  it('every case that warns today is due, in Monday-Friday weeks, within the horizon the lists read', () => {
    const day = 86_400_000;
    const start = at('2025-01-01 09:00');
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 2 * 365 }),
      fc.integer({ min: 0, max: 9 * 3_600_000 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 90 }),
      fc.option(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.option(fc.integer({ min: 0, max: 20 }), { nil: null })), { nil: null }),
      (acceptDay, acceptTime, promisedDays, todayAfter, pauseAt) => {
        const acceptedAtMs = start + acceptDay * day + acceptTime;
        const nowMs = acceptedAtMs + todayAfter * day;
        const pauses: ClockPause[] = pauseAt === null ? [] : [{
          startMs: Math.min(nowMs, acceptedAtMs + pauseAt[0] * day),
          endMs: pauseAt[1] === null ? null : Math.min(nowMs, acceptedAtMs + (pauseAt[0] + pauseAt[1]) * day),
          reason: 'supplement',
        }];
        const status: CaseStatus = pauses.some((p) => p.endMs === null) ? 'supplement_requested' : 'handling';
        const state = { status, acceptedAtMs, promisedDays, legalDays: promisedDays, pauses, concludedAtMs: null };
        if (caseWarning(state, cal, nowMs) === 'none') return;
        expect(dueDayOf(urgencyDay(state))).toBeLessThanOrEqual(localDayNumber(nowMs) + URGENCY_HORIZON_DAYS);
      },
    ), { numRuns: 3000 });
  });
});
