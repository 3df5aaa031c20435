import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { IndicatorRow, IndicatorsAnswer } from '../../../schemas/api/indicators.schema.ts';

/**
 * The dashboard's charts as ECharts options, built from indicators answers. Pure data: no
 * function inside (labels use ECharts' templates), so an option can be compared whole in a test,
 * and nothing here loads ECharts (the imports are types only).
 */
export type DashboardChartOption = ComposeOption<BarSeriesOption | LineSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** The page's type, so Chinese in the charts looks like Chinese around them. */
const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const RED = '#b3261e';
const PALE_RED = '#e3a19b';
const GREEN = '#1b6e3a';
const INK = '#1d1b1a';
const LINE = '#e4dcd7';

/** Common to every chart: the page's font, no animation (nothing to wait for before a print or a screenshot), tooltips drawn in the chart. */
function base(): DashboardChartOption {
  return {
    animation: false,
    textStyle: { fontFamily: FONT, color: INK },
    // Drawn in the chart, not as HTML: ECharts' HTML tooltip carries inline styles the console's CSP refuses.
    tooltip: { trigger: 'axis', renderMode: 'richText', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { fontFamily: FONT } },
  };
}

/** Network totals of a period: the sums over every unit's row (each case counted once, for one unit). */
export interface NetworkTotals {
  readonly accepted: number;
  readonly concluded: number;
  readonly onTime: number;
  readonly onTimeRate: number | null;
  readonly backlog: number;
  readonly overdue: number;
  readonly rated: number;
  readonly ratedGood: number;
  readonly satisfactionRate: number | null;
  readonly urgesReceived: number;
  readonly urgesAnsweredOnTime: number;
}

export function networkTotals(rows: readonly IndicatorRow[]): NetworkTotals {
  const sum = (field: 'accepted' | 'concluded' | 'onTime' | 'backlog' | 'overdue' | 'rated' | 'ratedGood' | 'urgesReceived' | 'urgesAnsweredOnTime'): number => rows.reduce((n, r) => n + r[field], 0);
  const concluded = sum('concluded');
  const rated = sum('rated');
  return {
    accepted: sum('accepted'),
    concluded,
    onTime: sum('onTime'),
    onTimeRate: concluded === 0 ? null : sum('onTime') / concluded,
    backlog: sum('backlog'),
    overdue: sum('overdue'),
    rated,
    ratedGood: sum('ratedGood'),
    satisfactionRate: rated === 0 ? null : sum('ratedGood') / rated,
    urgesReceived: sum('urgesReceived'),
    urgesAnsweredOnTime: sum('urgesAnsweredOnTime'),
  };
}

/** One month of the trend: null figures when its answer could not be read. */
export interface TrendPoint {
  readonly periodId: string;
  readonly accepted: number | null;
  readonly concluded: number | null;
}

export function trendPoint(periodId: string, answer: IndicatorsAnswer | null): TrendPoint {
  if (answer === null) return { periodId, accepted: null, concluded: null };
  const totals = networkTotals(answer.rows);
  return { periodId, accepted: totals.accepted, concluded: totals.concluded };
}

export interface TrendText {
  readonly accepted: string;
  readonly concluded: string;
  month(periodId: string): string;
}

/** Accepted and concluded in the whole network, month by month. */
export function trendChartOption(points: readonly TrendPoint[], text: TrendText): DashboardChartOption {
  return {
    ...base(),
    grid: { left: 48, right: 24, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: points.map((p) => text.month(p.periodId)), axisLine: { lineStyle: { color: LINE } }, axisLabel: { color: INK } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: LINE } } },
    series: [
      { name: text.accepted, type: 'bar', data: points.map((p) => p.accepted), itemStyle: { color: PALE_RED }, barMaxWidth: 28 },
      { name: text.concluded, type: 'line', data: points.map((p) => p.concluded), itemStyle: { color: GREEN }, lineStyle: { color: GREEN, width: 2 }, symbolSize: 7, connectNulls: false },
    ],
  };
}

/** A street's overdue cases at the end of the period: those the hall holds, those its communities hold. */
export interface StreetOverdue {
  readonly streetId: string;
  readonly atHall: number;
  readonly atCommunities: number;
}

/** Every street of the answer, in the answer's order, with the overdue cases of its area. */
export function overdueByStreet(rows: readonly IndicatorRow[]): StreetOverdue[] {
  return rows.filter((r) => r.tier === 'street').map((street) => ({
    streetId: street.unitId,
    atHall: street.overdue,
    atCommunities: rows.filter((r) => r.parentId === street.unitId).reduce((n, r) => n + r.overdue, 0),
  }));
}

export interface OverdueText {
  readonly atHall: string;
  readonly atCommunities: string;
  unit(unitId: string): string;
}

/** Overdue by street, stacked: the hall's own, then its communities'; a zero gets no label. */
export function overdueChartOption(streets: readonly StreetOverdue[], text: OverdueText): DashboardChartOption {
  const bar = (name: string, values: readonly number[], color: string): BarSeriesOption => ({
    name,
    type: 'bar',
    stack: 'overdue',
    barMaxWidth: 48,
    itemStyle: { color },
    label: { show: true, position: 'inside', color: '#fff' },
    data: values.map((value) => (value === 0 ? { value, label: { show: false } } : value)),
  });
  return {
    ...base(),
    grid: { left: 40, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: streets.map((s) => text.unit(s.streetId)), axisLabel: { color: INK, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, splitLine: { lineStyle: { color: LINE } } },
    series: [bar(text.atHall, streets.map((s) => s.atHall), RED), bar(text.atCommunities, streets.map((s) => s.atCommunities), PALE_RED)],
  };
}

/** A rated unit's satisfaction, in percent with one decimal. */
export interface UnitSatisfaction {
  readonly unitId: string;
  readonly percent: number;
  readonly rated: number;
}

/** The units rated in the period, most satisfied first (more ratings first among equals, then by id). */
export function satisfactionByUnit(rows: readonly IndicatorRow[]): UnitSatisfaction[] {
  return rows
    .flatMap((r) => (r.satisfactionRate === null || r.rated === 0 ? [] : [{ unitId: r.unitId, percent: Math.round(r.satisfactionRate * 1000) / 10, rated: r.rated }]))
    .sort((a, b) => b.percent - a.percent || b.rated - a.rated || (a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0));
}

export interface SatisfactionText {
  readonly satisfaction: string;
  unit(unitId: string): string;
}

/** Satisfaction by unit as horizontal bars, the most satisfied on top, labelled in percent. */
export function satisfactionChartOption(units: readonly UnitSatisfaction[], text: SatisfactionText): DashboardChartOption {
  return {
    ...base(),
    legend: { show: false },
    // ECharts 6 keeps axis labels inside the chart by itself (grid.outerBounds), long unit names included.
    grid: { left: 8, right: 56, top: 8, bottom: 24 },
    xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { lineStyle: { color: LINE } } },
    yAxis: { type: 'category', inverse: true, data: units.map((u) => text.unit(u.unitId)), axisLabel: { color: INK } },
    series: [{ name: text.satisfaction, type: 'bar', data: units.map((u) => u.percent), itemStyle: { color: GREEN }, barMaxWidth: 18, label: { show: true, position: 'right', formatter: '{c}%' } }],
  };
}
