import { CHINA_OFFSET_MS } from './calendar.ts';

/**
 * Reporting periods (统计周期) of the indicators: a month `2026-11`, a quarter `2026-Q4`, a year
 * `2026`, in China's local time (UTC+8, as every day the network counts). Pure: no clock.
 */
export type PeriodKind = 'month' | 'quarter' | 'year';

export interface Period {
  /** As written: `2026-11`, `2026-Q4`, `2026`. */
  readonly id: string;
  readonly kind: PeriodKind;
  /** First millisecond (00:00 UTC+8 of its first day). */
  readonly startMs: number;
  /** First millisecond after it: the period is [startMs, endMs). */
  readonly endMs: number;
}

/** The years a period may name. */
export const FIRST_PERIOD_YEAR = 2000;
export const LAST_PERIOD_YEAR = 2100;

const PATTERNS: readonly [RegExp, PeriodKind][] = [
  [/^(\d{4})-(\d{2})$/, 'month'],
  [/^(\d{4})-Q([1-4])$/, 'quarter'],
  [/^(\d{4})$/, 'year'],
];

/** The first millisecond of a local month (1-12; 13 is January of the next year). */
function monthStartMs(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) - CHINA_OFFSET_MS;
}

/** The period a text names, or null when it names none (wrong form, month 13, year 1999). */
export function parsePeriod(text: string): Period | null {
  for (const [pattern, kind] of PATTERNS) {
    const match = pattern.exec(text);
    if (match === null) continue;
    const year = Number(match[1]);
    if (year < FIRST_PERIOD_YEAR || year > LAST_PERIOD_YEAR) return null;
    const n = Number(match[2] ?? 1);
    if (kind === 'month') return n >= 1 && n <= 12 ? { id: text, kind, startMs: monthStartMs(year, n), endMs: monthStartMs(year, n + 1) } : null;
    if (kind === 'quarter') return { id: text, kind, startMs: monthStartMs(year, 3 * n - 2), endMs: monthStartMs(year, 3 * n + 1) };
    return { id: text, kind, startMs: monthStartMs(year, 1), endMs: monthStartMs(year + 1, 1) };
  }
  return null;
}

/** The month, quarter and year a moment falls in, as period ids (`2026-11`, `2026-Q4`, `2026`). */
export function periodIdsOf(ms: number): readonly [string, string, string] {
  const local = new Date(ms + CHINA_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + 1;
  return [`${year}-${String(month).padStart(2, '0')}`, `${year}-Q${Math.ceil(month / 3)}`, String(year)];
}

/**
 * The periods whose last millisecond falls in [fromMs, toMs): those a case accepted at `fromMs` and
 * concluded at `toMs` was still open at the end of. Month by month, with the quarter and the year
 * that end with the month.
 */
export function periodEndsWithin(fromMs: number, toMs: number): Period[] {
  const ends: Period[] = [];
  if (!(toMs > fromMs)) return ends;
  const [monthId] = periodIdsOf(fromMs);
  let period = parsePeriod(monthId);
  while (period !== null && period.endMs - 1 < toMs) {
    const last = period.endMs - 1;
    const [month, quarter, year] = periodIdsOf(last);
    const monthNumber = Number(month.slice(5));
    if (last >= fromMs) {
      ends.push(period);
      const quarterPeriod = monthNumber % 3 === 0 ? parsePeriod(quarter) : null;
      const yearPeriod = monthNumber === 12 ? parsePeriod(year) : null;
      if (quarterPeriod !== null) ends.push(quarterPeriod);
      if (yearPeriod !== null) ends.push(yearPeriod);
    }
    period = parsePeriod(periodIdsOf(period.endMs)[0]);
  }
  return ends;
}
