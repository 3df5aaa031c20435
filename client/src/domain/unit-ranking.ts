import type { IndicatorRow } from '../../../schemas/api/indicators.schema.ts';
import type { Tier } from '../../../schemas/types.ts';

/**
 * The ranking (考核排名) of a period's indicators: street halls among street halls, community
 * stations among community stations; the city center, which ranks them, is listed without a rank.
 * Pure: names and their order come in as a function.
 *
 * Order, each step breaking the ties of the one before: on-time rate (higher first), satisfaction
 * rate (higher first), overdue cases (fewer first), cases concluded (more first). A rate that
 * cannot be counted (nothing concluded, nothing rated) comes after every counted one. Units equal
 * on all four share a rank, and the next rank skips as many places (1, 2, 2, 4); among equals the
 * names decide the order shown, not the rank.
 */
export interface RankedRow {
  readonly row: IndicatorRow;
  /** 1 for the best of its tier; null for the city center. */
  readonly rank: number | null;
  /** How many units of its tier are ranked. */
  readonly of: number;
}

/** Ranked tiers, in the order a report lists them; the city comes last, unranked. */
export const RANKED_TIERS: readonly Tier[] = ['street', 'community'];
const TIER_ORDER: readonly Tier[] = [...RANKED_TIERS, 'city'];

/** Descending, with a missing rate after every present one. */
function byRateDesc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

/** Negative when `a` ranks before `b`, 0 when they tie. */
export function compareForRanking(a: IndicatorRow, b: IndicatorRow): number {
  return byRateDesc(a.onTimeRate, b.onTimeRate) || byRateDesc(a.satisfactionRate, b.satisfactionRate) || a.overdue - b.overdue || b.concluded - a.concluded;
}

/** Every row once, by tier (streets, communities, the city), each ranked within its tier. */
export function rankUnits(rows: readonly IndicatorRow[], compareNames: (a: string, b: string) => number): RankedRow[] {
  const ranked: RankedRow[] = [];
  for (const tier of TIER_ORDER) {
    const sorted = rows.filter((r) => r.tier === tier).sort((a, b) => compareForRanking(a, b) || compareNames(a.unitId, b.unitId));
    let rank = 0;
    sorted.forEach((row, i) => {
      const before = sorted[i - 1];
      if (before === undefined || compareForRanking(before, row) !== 0) rank = i + 1;
      ranked.push({ row, rank: RANKED_TIERS.includes(tier) ? rank : null, of: sorted.length });
    });
  }
  return ranked;
}

/** Orders unit ids by their names in a language's collation (then by id), for the ranking's ties. */
export function byUnitName(names: ReadonlyMap<string, string>, localeTag: string): (a: string, b: string) => number {
  const collator = new Intl.Collator(localeTag);
  return (a, b) => collator.compare(names.get(a) ?? a, names.get(b) ?? b) || (a < b ? -1 : a > b ? 1 : 0);
}
