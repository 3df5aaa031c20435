import { describe, expect, it } from 'vitest';
import { currentPeriodId, periodParts, previousPeriod, recentPeriods, trendMonths } from '../../../client/src/domain/report-periods.ts';
import { parsePeriod } from '../../../schemas/rules/periods.ts';

/** 2026-11-30 20:00 in Hefei (12:00 UTC). */
const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);
/** 2027-01-01 00:30 in Hefei: still 2026-12-31 in UTC. */
const NEW_YEAR = Date.UTC(2026, 11, 31, 16, 30, 0);

function period(id: string) {
  const p = parsePeriod(id);
  if (p === null) throw new Error(`no period ${id}`);
  return p;
}

describe('reporting periods on the dashboard', () => {
  it('the current period of each kind, in China\'s time', () => {
    expect([currentPeriodId('month', NOW), currentPeriodId('quarter', NOW), currentPeriodId('year', NOW)]).toEqual(['2026-11', '2026-Q4', '2026']);
    expect([currentPeriodId('month', NEW_YEAR), currentPeriodId('quarter', NEW_YEAR), currentPeriodId('year', NEW_YEAR)]).toEqual(['2027-01', '2027-Q1', '2027']);
  });

  it('offers the current period and the ones before it, newest first, across years', () => {
    expect(recentPeriods('month', NEW_YEAR, 3)).toEqual(['2027-01', '2026-12', '2026-11']);
    expect(recentPeriods('quarter', NOW, 6)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4', '2025-Q3']);
    expect(recentPeriods('year', NOW)).toEqual(['2026', '2025', '2024', '2023', '2022']);
    expect(recentPeriods('month', NOW)).toHaveLength(24);
    expect(previousPeriod(period('2000'))).toBeNull();
  });

  it('the trend: 12 months up to the period\'s end, or up to now while it runs', () => {
    expect(trendMonths(period('2026-11'), NOW)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    // A year under way: its months up to now, after the months before it.
    expect(trendMonths(period('2026'), NOW).at(-1)).toBe('2026-11');
    // A past year: exactly its own months.
    expect(trendMonths(period('2025'), NOW)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`));
    expect(trendMonths(period('2026-Q2'), NOW, 4)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06']);
  });

  it('names a period\'s parts for its label', () => {
    expect(periodParts('2026-11')).toEqual({ kind: 'month', year: 2026, n: 11 });
    expect(periodParts('2026-Q4')).toEqual({ kind: 'quarter', year: 2026, n: 4 });
    expect(periodParts('2026')).toEqual({ kind: 'year', year: 2026, n: 0 });
    expect(periodParts('2026-13')).toBeNull();
  });
});
