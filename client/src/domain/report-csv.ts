import type { IndicatorRow } from '../../../schemas/api/indicators.schema.ts';
import type { Tier } from '../../../schemas/types.ts';
import type { RankedRow } from './unit-ranking.ts';

/**
 * The period's report as CSV that Excel opens with Chinese intact: UTF-8 with a byte order mark
 * (without it Excel reads the file in the system's ANSI code page), CRLF line ends, every field
 * quoted. Built in the browser from the indicators answer the dashboard shows, so the file says
 * exactly what the screen says. Pure.
 */

/** U+FEFF: encoded as UTF-8 it is the bytes EF BB BF that tell Excel the file is UTF-8. */
export const BOM = '\uFEFF';
export const CRLF = '\r\n';

export type CsvCell = string | number | null;

/**
 * One field, quoted, its quotes doubled. A text that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@`, a tab or a carriage return first) gets a leading apostrophe, so a unit
 * named by hand can never become a formula (CSV injection); numbers are written as they are.
 */
export function csvField(cell: CsvCell): string {
  if (cell === null) return '""';
  const text = typeof cell === 'number' ? String(cell) : /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return `"${text.replaceAll('"', '""')}"`;
}

/** Rows into CSV text: the BOM, then each row's fields joined by commas, each line ended by CRLF. */
export function csvText(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',') + CRLF).join('');
}

/** The report's columns, in order. */
export const REPORT_COLUMNS = [
  'rank', 'unit', 'tier', 'parent', 'accepted', 'concluded', 'withdrawn', 'onTime', 'onTimeRate', 'averageWorkingDays', 'backlog', 'overdue',
  'urgesReceived', 'urgesAnsweredOnTime', 'rated', 'ratedGood', 'satisfactionRate', 'rectifications', 'rectificationsClosedOnTime', 'availability',
] as const;
export type ReportColumn = (typeof REPORT_COLUMNS)[number];

/** How the report names things, in the reader's language. */
export interface ReportNaming {
  column(column: ReportColumn): string;
  unit(unitId: string): string;
  tier(tier: Tier): string;
}

/**
 * A share as a percentage with one decimal (`95.5%`), which Excel reads as a number in any
 * locale; empty when it cannot be counted.
 */
export function percentCell(share: number | null): CsvCell {
  return share === null ? null : `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

function cellOf(column: ReportColumn, ranked: RankedRow, naming: ReportNaming): CsvCell {
  const row: IndicatorRow = ranked.row;
  switch (column) {
    case 'rank':
      return ranked.rank;
    case 'unit':
      return naming.unit(row.unitId);
    case 'tier':
      return naming.tier(row.tier);
    case 'parent':
      return row.parentId === null ? null : naming.unit(row.parentId);
    case 'onTimeRate':
    case 'satisfactionRate':
    case 'availability':
      return percentCell(row[column]);
    case 'averageWorkingDays':
      return row.averageWorkingDays === null ? null : Number(row.averageWorkingDays.toFixed(1));
    default:
      return row[column];
  }
}

/** The header, then one row per unit in the ranking's order. */
export function reportCsv(ranking: readonly RankedRow[], naming: ReportNaming): string {
  return csvText([REPORT_COLUMNS.map((c) => naming.column(c)), ...ranking.map((r) => REPORT_COLUMNS.map((c) => cellOf(c, r, naming)))]);
}

/** The file's name: `liandong-report-2026-11.csv`. */
export function reportFileName(periodId: string): string {
  return `liandong-report-${periodId}.csv`;
}
