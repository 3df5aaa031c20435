import { Ajv } from 'ajv';
import type { IndicatorsAnswer } from '../../schemas/api/indicators.schema.ts';
import { conclusionRowSchema, followUpRowSchema, openCaseRowSchema, type ConclusionRow, type FollowUpRow, type OpenCaseRow } from '../../schemas/api/indicator-views.schema.ts';
import { calendarExceptions, workingHoursBegun } from '../../schemas/rules/availability.ts';
import { dateOfDayNumber, workCalendarOf, type WorkCalendar } from '../../schemas/rules/calendar.ts';
import { indicatorMoment, indicatorUnitsFor, IndicatorTally, isCountMeasure, type IndicatorUnit } from '../../schemas/rules/indicators.ts';
import { parsePeriod, type Period } from '../../schemas/rules/periods.ts';
import type { Actor, Tier } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubPort, HubRow } from '../hub/hub-port.ts';
import { viewRowPages, type ViewRange } from '../hub/view-pages.ts';

const CASES_DDOC = 'indicators';

/**
 * The cases' views the indicators and the city's search and network lists read, kept up to date when writes pause
 * (`gateway-services.ts`), as CouchDB's background indexer does: the embedded hub builds a view
 * only when it is queried, and the first dashboard of a busy day would wait for it.
 */
export const WARMED_CASE_VIEWS: readonly { readonly ddoc: string; readonly view: string }[] = [
  ...['counts', 'conclusions', 'follow_ups', 'open_at_period_end', 'under_way'].map((view) => ({ ddoc: CASES_DDOC, view })),
  { ddoc: 'search', view: 'by_criteria' },
  { ddoc: 'search', view: 'network_lists' },
];
const PRESENCE_DDOC = 'liandong';
/** Rows a hub read brings: compact rows, a few hundred bytes each. */
const DEFAULT_PAGE_ROWS = 5_000;

const ajv = new Ajv({ allErrors: false, strict: false });
const isConclusion = ajv.compile<ConclusionRow>(conclusionRowSchema);
const isFollowUp = ajv.compile<FollowUpRow>(followUpRowSchema);
const isOpenCase = ajv.compile<OpenCaseRow>(openCaseRowSchema);

const TIER_ORDER: Record<Tier, number> = { city: 0, street: 1, community: 2 };

export interface IndicatorResult {
  readonly answer: IndicatorsAnswer;
  /** View rows left out because they did not fit their schema (a damaged case): worth a log line. */
  readonly skippedRows: number;
}

/**
 * The indicators of every unit an actor may see, for one period, from the hub's views: sums where
 * no calendar is needed (`counts`), compact rows read page by page where one is (`conclusions`,
 * `follow_ups`, the open cases, the presence hours). No case document is read.
 */
export class IndicatorService {
  private readonly pageRows: number;

  /** `pageRows`: rows per hub read (tests make it small, so every range is read in many pages). */
  constructor(
    private readonly hub: HubPort,
    opts: { readonly pageRows?: number } = {},
  ) {
    this.pageRows = opts.pageRows ?? DEFAULT_PAGE_ROWS;
  }

  /** The period a query names, or a refusal saying which forms there are. */
  static period(text: string | undefined, nowMs: number): Period {
    const period = text === undefined ? null : parsePeriod(text.trim());
    if (period === null) throw new GatewayError('ERR_PERIOD_INVALID', `period=${(text ?? '').slice(0, 20)}`);
    if (period.startMs > nowMs) throw new GatewayError('ERR_PERIOD_NOT_BEGUN', `period ${period.id} begins ${new Date(period.startMs).toISOString()}`);
    return period;
  }

  async indicators(actor: Pick<Actor, 'tier' | 'unitId'>, period: Period, nowMs: number): Promise<IndicatorResult> {
    const [units, years] = await Promise.all([
      this.hub.database('units').allDocs().then((docs) => docs.flatMap((doc) => storedAs(doc, validators.unit))),
      this.hub.database('calendars').allDocs().then((docs) => docs.flatMap((doc) => storedAs(doc, validators.calendarYear))),
    ]);
    const calendarIds = new Map(units.map((u) => [u.id, u.calendarId]));
    const calendars = new Map<string, WorkCalendar>();
    const calendarOfUnit = (unitId: string): WorkCalendar => {
      const calendarId = calendarIds.get(unitId) ?? '';
      let cal = calendars.get(calendarId);
      if (cal === undefined) {
        cal = workCalendarOf(calendarId, years);
        calendars.set(calendarId, cal);
      }
      return cal;
    };
    const visible: IndicatorUnit[] = indicatorUnitsFor(actor, units).sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const asOfMs = indicatorMoment(period, nowMs);
    const tally = new IndicatorTally(period, asOfMs, visible, calendarOfUnit);
    let skippedRows = 0;
    const each = async (db: 'cases' | 'presence', ddoc: string, view: string, range: ViewRange, take: (row: HubRow) => boolean): Promise<void> => {
      for await (const page of viewRowPages(this.hub.database(db), ddoc, view, range, this.pageRows)) {
        for (const row of page) if (!take(row)) skippedRows += 1;
      }
    };
    const cases = CASES_DDOC;
    await Promise.all([
      each('cases', cases, 'counts', { startkey: [period.id], endkey: [period.id, {}], group: true }, (row) => {
        const [, unitId, measure] = Array.isArray(row.key) ? row.key : [];
        if (typeof unitId !== 'string' || !isCountMeasure(measure) || typeof row.value !== 'number') return false;
        tally.count(unitId, measure, row.value);
        return true;
      }),
      each('cases', cases, 'conclusions', { startkey: period.startMs, endkey: period.endMs, inclusiveEnd: false }, (row) => {
        if (!isConclusion(row.value)) return false;
        tally.conclusion(row.value);
        return true;
      }),
      each('cases', cases, 'follow_ups', { startkey: period.startMs, endkey: period.endMs, inclusiveEnd: false }, (row) => {
        if (!isFollowUp(row.value)) return false;
        tally.followUp(row.value);
        return true;
      }),
      // Open at the moment counted at: concluded since (a past period's end), or not concluded yet.
      each('cases', cases, 'open_at_period_end', { key: period.id }, (row) => {
        if (!isOpenCase(row.value)) return false;
        tally.openCase(row.value);
        return true;
      }),
      each('cases', cases, 'under_way', { endkey: asOfMs }, (row) => {
        if (!isOpenCase(row.value)) return false;
        tally.openCase(row.value);
        return true;
      }),
      each('presence', PRESENCE_DDOC, 'weekday_hours', { startkey: [period.id], endkey: [period.id, {}], group: true }, (row) => {
        const [, unitId] = Array.isArray(row.key) ? row.key : [];
        if (typeof unitId !== 'string' || typeof row.value !== 'number') return false;
        tally.weekdayPresence(unitId, row.value);
        return true;
      }),
      this.presenceOnExceptionDays(visible, period, asOfMs, calendarOfUnit, tally, each),
    ]);
    const rows = tally.rows((unit) => workingHoursBegun(period.startMs, asOfMs, calendarOfUnit(unit.id)));
    return {
      answer: { period: period.id, kind: period.kind, from: new Date(period.startMs).toISOString(), to: new Date(period.endMs).toISOString(), asOf: new Date(asOfMs).toISOString(), rows },
      skippedRows,
    };
  }

  /** Hours heard on the holidays and make-up working days of the units' calendars: a read for each such day only. */
  private async presenceOnExceptionDays(
    units: readonly IndicatorUnit[],
    period: Period,
    asOfMs: number,
    calendarOfUnit: (unitId: string) => WorkCalendar,
    tally: IndicatorTally,
    each: (db: 'presence', ddoc: string, view: string, range: ViewRange, take: (row: HubRow) => boolean) => Promise<void>,
  ): Promise<void> {
    const days = new Set<number>();
    const seen = new Set<WorkCalendar>();
    for (const unit of units) {
      const cal = calendarOfUnit(unit.id);
      if (seen.has(cal)) continue;
      seen.add(cal);
      for (const exception of calendarExceptions(period.startMs, asOfMs, cal)) days.add(exception.day);
    }
    for (const day of [...days].sort((a, b) => a - b)) {
      const date = dateOfDayNumber(day);
      await each('presence', PRESENCE_DDOC, 'by_day', { startkey: [date], endkey: [date, {}], group: true }, (row) => {
        const [, unitId] = Array.isArray(row.key) ? row.key : [];
        if (typeof unitId !== 'string' || typeof row.value !== 'number') return false;
        tally.presenceOnDay(unitId, day, row.value);
        return true;
      });
    }
  }
}
