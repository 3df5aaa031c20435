import { parsePeriod, periodIdsOf, type Period, type PeriodKind } from '../../../schemas/rules/periods.ts';

/**
 * Which reporting periods the dashboard offers and which months its trend shows. Pure: the time
 * is a parameter; periods are China's months, quarters and years (`schemas/rules/periods.ts`).
 */

/** How many periods of each kind the picker offers, the current one first. */
export const PERIOD_CHOICES: Readonly<Record<PeriodKind, number>> = { month: 24, quarter: 8, year: 5 };

/** How many months the trend shows. */
export const TREND_MONTHS = 12;

/** The period of a kind that `nowMs` falls in: `2026-11`, `2026-Q4` or `2026`. */
export function currentPeriodId(kind: PeriodKind, nowMs: number): string {
  const [month, quarter, year] = periodIdsOf(nowMs);
  return kind === 'month' ? month : kind === 'quarter' ? quarter : year;
}

/** The period of the same kind just before a period. */
export function previousPeriod(period: Period): Period | null {
  const [month, quarter, year] = periodIdsOf(period.startMs - 1);
  return parsePeriod(period.kind === 'month' ? month : period.kind === 'quarter' ? quarter : year);
}

/** The periods the picker offers for a kind: the current one, then earlier ones, newest first. */
export function recentPeriods(kind: PeriodKind, nowMs: number, count: number = PERIOD_CHOICES[kind]): string[] {
  const ids: string[] = [];
  let period = parsePeriod(currentPeriodId(kind, nowMs));
  while (period !== null && ids.length < count) {
    ids.push(period.id);
    period = previousPeriod(period);
  }
  return ids;
}

/**
 * The months of the trend: the `count` months up to the period's last month, or up to the
 * current month while the period is under way (a month not begun has no figures), oldest first.
 */
export function trendMonths(period: Period, nowMs: number, count: number = TREND_MONTHS): string[] {
  const lastMs = Math.min(period.endMs - 1, nowMs);
  let month = parsePeriod(periodIdsOf(lastMs)[0]);
  const ids: string[] = [];
  while (month !== null && ids.length < count) {
    ids.unshift(month.id);
    month = previousPeriod(month);
  }
  return ids;
}

/** A period's kind and its numbers, for labels: `{ kind: 'quarter', year: 2026, n: 4 }`. */
export interface PeriodParts {
  readonly kind: PeriodKind;
  readonly year: number;
  /** The month (1-12) or the quarter (1-4); 0 for a year. */
  readonly n: number;
}

export function periodParts(id: string): PeriodParts | null {
  const period = parsePeriod(id);
  if (period === null) return null;
  const year = Number(id.slice(0, 4));
  if (period.kind === 'year') return { kind: 'year', year, n: 0 };
  return { kind: period.kind, year, n: Number(period.kind === 'month' ? id.slice(5) : id.slice(6)) };
}
