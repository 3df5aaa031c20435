import type { ReportColumn } from '../domain/report-csv.ts';
import { periodParts } from '../domain/report-periods.ts';
import { quietSpan } from '../domain/quiet-threshold.ts';
import { locale } from './locale.ts';

/**
 * The city dashboard's and the published report's messages, in zh-CN (the default) and English.
 * They live beside the dashboard, which loads on its first opening, so a station's start-up never
 * carries them. `{name}` marks a parameter.
 */
export const DASHBOARD_ZH = {
  'dash.heading': '绩效看板',
  'dash.kind': '统计周期',
  'dash.kind.month': '月度',
  'dash.kind.quarter': '季度',
  'dash.kind.year': '年度',
  'dash.period': '期间',
  'dash.period.quarter': '{year}年第{n}季度',
  'dash.period.year': '{year}年',
  'dash.asOf': '{period}：{from} 至 {to}。在办与超期统计至 {asOf}。',
  'dash.loading': '正在读取指标…',
  'dash.offline': '无法连接服务器：绩效指标须联网读取。联网后请重新选择期间。',
  'dash.failed': '读取指标失败：{reason}',
  'dash.exportCsv': '导出 CSV',
  'dash.print': '打印报告',
  'dash.total.accepted': '受理',
  'dash.total.concluded': '办结',
  'dash.total.onTimeRate': '按时办结率',
  'dash.total.satisfactionRate': '满意率',
  'dash.total.backlog': '在办',
  'dash.total.overdue': '超期',
  'dash.chart.trend': '受理与办结趋势（近 {n} 个月，全市）',
  'dash.chart.trendMissing': '{n} 个月的数据未能读取，图中空缺。',
  'dash.chart.overdue': '各街道超期件（期末）',
  'dash.chart.noStreets': '没有街道服务大厅的数据。',
  'dash.chart.satisfaction': '各单位满意率',
  'dash.chart.noRatings': '本期没有评价。',
  'dash.series.accepted': '受理',
  'dash.series.concluded': '办结',
  'dash.series.atHall': '街道服务大厅',
  'dash.series.atCommunities': '所辖社区服务站',
  'dash.series.satisfaction': '满意率',
  'dash.ranking': '考核排名',
  'dash.ranking.basis': '排名依据：按时办结率；相同时依次比较满意率、超期件数（少者在前）、办结件数。各项相同者名次并列。未办结或未获评价的，该项排在最后。',
  'dash.ranking.tier.street': '街道服务大厅',
  'dash.ranking.tier.community': '社区服务站',
  'dash.ranking.tier.city': '市行政服务中心（不参与排名）',
  'dash.quiet': '失联网点',
  'dash.quiet.threshold': '无心跳超过',
  'dash.quiet.thresholdHint': '阈值保存在本设备上。',
  'dash.quiet.none': '所有网点在 {span} 内均有心跳。',
  'dash.quiet.count': '{n} 个网点超过 {span} 无心跳：',
  'dash.quiet.never': '从未上报',
  'dash.quiet.lastSeen': '最近心跳 {time}',
  'dash.quiet.asOf': '心跳数据截至 {time}。',
  'dash.quiet.noData': '网络概况须联网获取，暂无心跳数据。',
  'dash.supervision': '未办结的催办督办',
  'dash.supervision.none': '没有未办结的催办督办。',
  'dash.supervision.case': '办件',
  'dash.supervision.item': '事项',
  'dash.supervision.kind': '类型',
  'dash.supervision.to': '承办单位',
  'dash.supervision.opened': '发起日期',
  'dash.supervision.due': '回复期限',
  'dash.supervision.state': '状态',
  'dash.supervision.kind.urge': '催办',
  'dash.supervision.kind.supervise': '督办',
  'dash.supervision.awaiting': '待回复',
  'dash.supervision.replied': '已回复，待办结',
  'dash.supervision.late': '逾期',
  'dash.supervision.more': '共 {n} 件，见“催督跟踪”',
  'col.rank': '名次',
  'col.unit': '单位',
  'col.tier': '层级',
  'col.parent': '上级单位',
  'col.accepted': '受理件数',
  'col.concluded': '办结件数',
  'col.withdrawn': '撤回件数',
  'col.onTime': '按时办结件数',
  'col.onTimeRate': '按时办结率',
  'col.averageWorkingDays': '平均办结工作日',
  'col.backlog': '在办件数',
  'col.overdue': '超期件数',
  'col.urgesReceived': '收到催办督办',
  'col.urgesAnsweredOnTime': '按时回复催办督办',
  'col.rated': '评价数',
  'col.ratedGood': '好评数',
  'col.satisfactionRate': '满意率',
  'col.rectifications': '整改件数',
  'col.rectificationsClosedOnTime': '按时整改件数',
  'col.availability': '在线率',
  'report.title': '政务服务绩效报告',
  'report.publisher': '发布单位：{city}',
  'report.period': '统计期间：{period}（{from} 至 {to}）',
  'report.asOf': '在办与超期统计至 {asOf}；生成于 {generated}。',
  'report.summary': '全市概况',
  'report.summaryLine': '受理 {accepted} 件，办结 {concluded} 件，按时办结率 {onTimeRate}；满意率 {satisfactionRate}（{rated} 条评价）；期末在办 {backlog} 件，其中超期 {overdue} 件。',
  'report.ranking': '考核排名',
  'report.source': '数据来源：联动三级联动政务服务网络，按办件全过程记录统计。',
} as const;

export type DashboardMessageKey = keyof typeof DASHBOARD_ZH;

export const DASHBOARD_EN: Record<DashboardMessageKey, string> = {
  'dash.heading': 'Performance',
  'dash.kind': 'Period type',
  'dash.kind.month': 'Month',
  'dash.kind.quarter': 'Quarter',
  'dash.kind.year': 'Year',
  'dash.period': 'Period',
  'dash.period.quarter': 'Q{n} {year}',
  'dash.period.year': '{year}',
  'dash.asOf': '{period}: {from} to {to}. Backlog and overdue as of {asOf}.',
  'dash.loading': 'Reading the indicators…',
  'dash.offline': 'The server cannot be reached: the indicators need a link. Pick the period again once online.',
  'dash.failed': 'Could not read the indicators: {reason}',
  'dash.exportCsv': 'Export CSV',
  'dash.print': 'Print the report',
  'dash.total.accepted': 'Accepted',
  'dash.total.concluded': 'Concluded',
  'dash.total.onTimeRate': 'On time',
  'dash.total.satisfactionRate': 'Satisfaction',
  'dash.total.backlog': 'Under way',
  'dash.total.overdue': 'Overdue',
  'dash.chart.trend': 'Accepted and concluded, last {n} months, whole network',
  'dash.chart.trendMissing': 'The figures of {n} month(s) could not be read: gaps in the chart.',
  'dash.chart.overdue': 'Overdue cases by street (end of period)',
  'dash.chart.noStreets': 'No street hall figures.',
  'dash.chart.satisfaction': 'Satisfaction by unit',
  'dash.chart.noRatings': 'No ratings in this period.',
  'dash.series.accepted': 'Accepted',
  'dash.series.concluded': 'Concluded',
  'dash.series.atHall': 'Street hall',
  'dash.series.atCommunities': 'Its community stations',
  'dash.series.satisfaction': 'Satisfaction',
  'dash.ranking': 'Ranking',
  'dash.ranking.basis': 'Ranked by on-time rate; ties go to satisfaction, then fewer overdue cases, then more cases concluded. Units equal on all of these share a rank. A rate that cannot be counted (nothing concluded or rated) ranks last.',
  'dash.ranking.tier.street': 'Street service halls',
  'dash.ranking.tier.community': 'Community stations',
  'dash.ranking.tier.city': 'City service center (not ranked)',
  'dash.quiet': 'Quiet stations',
  'dash.quiet.threshold': 'No heartbeat for',
  'dash.quiet.thresholdHint': 'The threshold is kept on this device.',
  'dash.quiet.none': 'Every unit has sent a heartbeat within {span}.',
  'dash.quiet.count': '{n} unit(s) without a heartbeat for {span} or more:',
  'dash.quiet.never': 'Never reported',
  'dash.quiet.lastSeen': 'Last heartbeat {time}',
  'dash.quiet.asOf': 'Heartbeats as of {time}.',
  'dash.quiet.noData': 'The network overview needs a link: no heartbeats yet.',
  'dash.supervision': 'Open urges and supervision',
  'dash.supervision.none': 'No urge or supervision is open.',
  'dash.supervision.case': 'Case',
  'dash.supervision.item': 'Item',
  'dash.supervision.kind': 'Kind',
  'dash.supervision.to': 'Addressed to',
  'dash.supervision.opened': 'Opened',
  'dash.supervision.due': 'Reply due',
  'dash.supervision.state': 'State',
  'dash.supervision.kind.urge': 'Urge',
  'dash.supervision.kind.supervise': 'Supervision',
  'dash.supervision.awaiting': 'Awaiting reply',
  'dash.supervision.replied': 'Replied, to close',
  'dash.supervision.late': 'Late',
  'dash.supervision.more': '{n} in all, under "Supervising"',
  'col.rank': 'Rank',
  'col.unit': 'Unit',
  'col.tier': 'Tier',
  'col.parent': 'Parent unit',
  'col.accepted': 'Accepted',
  'col.concluded': 'Concluded',
  'col.withdrawn': 'Withdrawn',
  'col.onTime': 'Concluded on time',
  'col.onTimeRate': 'On-time rate',
  'col.averageWorkingDays': 'Average working days',
  'col.backlog': 'Under way',
  'col.overdue': 'Overdue',
  'col.urgesReceived': 'Urges received',
  'col.urgesAnsweredOnTime': 'Urges answered on time',
  'col.rated': 'Ratings',
  'col.ratedGood': 'Good ratings',
  'col.satisfactionRate': 'Satisfaction',
  'col.rectifications': 'Rectifications',
  'col.rectificationsClosedOnTime': 'Rectified on time',
  'col.availability': 'Availability',
  'report.title': 'Service performance report',
  'report.publisher': 'Published by {city}',
  'report.period': 'Period: {period} ({from} to {to})',
  'report.asOf': 'Backlog and overdue as of {asOf}; generated {generated}.',
  'report.summary': 'The network',
  'report.summaryLine': '{accepted} accepted, {concluded} concluded, {onTimeRate} on time; satisfaction {satisfactionRate} ({rated} ratings); {backlog} under way at the end, {overdue} of them overdue.',
  'report.ranking': 'Ranking',
  'report.source': 'Source: the Liandong three-tier service network, counted from every case\'s recorded steps.',
};

/** A dashboard message in the current language, with `{name}` parameters filled in. */
export function td(key: DashboardMessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template = locale() === 'en' ? DASHBOARD_EN[key] : DASHBOARD_ZH[key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A report column's heading. */
export function columnLabel(column: ReportColumn): string {
  return td(`col.${column}`);
}

/** A count, grouped as the reader's language groups digits. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A share as a percentage with one decimal (`95.5%`); a dash when it cannot be counted. */
export function formatShare(share: number | null): string {
  if (share === null) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

/** Working days with at most one decimal; a dash when nothing was concluded. */
export function formatDays(days: number | null): string {
  return days === null ? '—' : new Intl.NumberFormat(locale(), { maximumFractionDigits: 1 }).format(days);
}

/** A period as a reader names it: 2026年11月 / November 2026, 2026年第四季度 / Q4 2026, 2026年 / 2026. */
export function periodLabel(id: string): string {
  const parts = periodParts(id);
  if (parts === null) return id;
  if (parts.kind === 'month') return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(parts.year, parts.n - 1, 15));
  if (parts.kind === 'quarter') return td('dash.period.quarter', { year: parts.year, n: locale() === 'en' ? parts.n : (['一', '二', '三', '四'][parts.n - 1] ?? String(parts.n)) });
  return td('dash.period.year', { year: parts.year });
}

/** A month on a chart's axis, short: 25年12月 / Dec 25. */
export function monthShort(id: string): string {
  const parts = periodParts(id);
  if (parts === null || parts.kind !== 'month') return id;
  return new Intl.DateTimeFormat(locale(), { year: '2-digit', month: 'short', timeZone: 'UTC' }).format(Date.UTC(parts.year, parts.n - 1, 15));
}

/** A quiet threshold as words: 15 分钟 / 15 minutes, 1 小时 / 1 hour, 3 天 / 3 days. */
export function spanLabel(minutes: number): string {
  const { unit, n } = quietSpan(minutes);
  return new Intl.NumberFormat(locale(), { style: 'unit', unit: unit === 'days' ? 'day' : unit === 'hours' ? 'hour' : 'minute', unitDisplay: 'long' }).format(n);
}
