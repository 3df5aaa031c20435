import { html, LitElement } from 'lit';
import type { NetworkOverview } from '../../../schemas/api/network-overview.ts';
import type { CalendarYear, ServiceItem, Unit } from '../../../schemas/types.ts';
import type { CaseListState, CaseLists } from '../controllers/case-queries.ts';
import { IndicatorsController } from '../controllers/indicators-controller.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { loadQuietMinutes, saveQuietMinutes } from '../data/dashboard-preferences.ts';
import { openSupervisionItems } from '../domain/open-supervision.ts';
import { reportCsv, reportFileName } from '../domain/report-csv.ts';
import { currentPeriodId } from '../domain/report-periods.ts';
import { byUnitName, rankUnits } from '../domain/unit-ranking.ts';
import { calendarOfUnit } from '../domain/work-calendar.ts';
import { DEFAULT_LIST_VIEW } from '../domain/workspace-tab.ts';
import { columnLabel, td } from '../i18n/dashboard-messages.ts';
import { locale, pick, t } from '../i18n/locale.ts';
import type { PeriodPicked, QuietThresholdPicked, ReportRequested } from './dashboard-panel.ts';
import './dashboard-panel.ts';
import type { IndicatorReportContent } from './indicator-report.ts';
import './indicator-report.ts';
import { printElement } from './print-sheet.ts';

/** Open supervision items listed on the dashboard: the oldest of the city's list. */
const SUPERVISION_SHOWN = 10;
const EMPTY: CaseListState = { cases: [], total: 0 };

/**
 * The city dashboard's container, loaded on the first opening of its tab (it brings ECharts): the
 * indicators from the server, the heartbeats of the network overview the city view already
 * reads, the open supervision items from the city's own cases; the CSV export and the printed
 * report. The panel inside shows them.
 */
export class CityDashboard extends LitElement {
  static override properties = {
    runtime: { attribute: false },
    overview: { attribute: false },
    units: { attribute: false },
    calendars: { attribute: false },
    catalog: { attribute: false },
    lists: { attribute: false },
    periodId: { state: true },
    quietMinutes: { state: true },
  };
  declare runtime: ConsoleRuntime | null;
  declare overview: NetworkOverview | null;
  declare units: readonly Unit[];
  declare calendars: readonly CalendarYear[];
  declare catalog: readonly ServiceItem[];
  declare lists: CaseLists | null;
  declare periodId: string;
  declare quietMinutes: number;
  private readonly indicators = new IndicatorsController(this, () => this.runtime?.token() ?? null, () => this.runtime?.actor.workerId ?? '');
  private readonly supervising = new ObservableController<CaseListState>(this, null, EMPTY);

  constructor() {
    super();
    this.runtime = null;
    this.overview = null;
    this.units = [];
    this.calendars = [];
    this.catalog = [];
    this.lists = null;
    this.periodId = currentPeriodId('month', Date.now());
    this.quietMinutes = loadQuietMinutes();
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lists')) {
      const lists = this.lists;
      this.supervising.setSource(lists === null ? null : () => lists.list$({ followUp: 'supervising' }, SUPERVISION_SHOWN, DEFAULT_LIST_VIEW));
    }
    if ((changed.has('runtime') || changed.has('periodId')) && this.runtime !== null) void this.indicators.show(this.periodId);
  }

  override render() {
    const ind = this.indicators;
    const failure = ind.failure === null ? '' : ind.failure.kind === 'offline' ? td('dash.offline') : td('dash.failed', { reason: ind.failure.message });
    const units = this.knownUnits();
    const cityId = this.runtime?.actor.unitId ?? '';
    const now = Date.now();
    const supervision = openSupervisionItems(this.supervising.value.cases, cityId, (id) => calendarOfUnit(id, units, this.calendars), now);
    return html`<dashboard-panel .answer=${ind.answer} periodId=${this.periodId} nowMs=${now} .trend=${ind.trend} .units=${units} .catalog=${this.catalog}
      ?loading=${ind.loading} failure=${failure} .heartbeats=${this.overview?.heartbeats ?? []} .heartbeatsAsOf=${this.overview?.generatedAt ?? null}
      quietMinutes=${this.quietMinutes} .supervision=${supervision} supervisionTotal=${this.supervising.value.total}
      @period-picked=${(e: CustomEvent<PeriodPicked>) => { this.periodId = e.detail.periodId; }}
      @quiet-threshold-picked=${(e: CustomEvent<QuietThresholdPicked>) => { saveQuietMinutes(e.detail.minutes); this.quietMinutes = loadQuietMinutes(); }}
      @report-requested=${(e: CustomEvent<ReportRequested>) => void this.publish(e.detail.as)}></dashboard-panel>`;
  }

  /** The units of the overview (the server's, newest) or else of the device. */
  private knownUnits(): readonly Unit[] {
    const fromServer = this.overview?.units ?? [];
    return fromServer.length > 0 ? fromServer : this.units;
  }

  /** The shown period's report, as a CSV download or on the print sheet; nothing before its figures are read. */
  private async publish(as: ReportRequested['as']): Promise<void> {
    const answer = this.indicators.answer;
    if (answer === null) return;
    const units = this.knownUnits();
    const names = new Map(units.map((u) => [u.id, pick(u.name)]));
    const ranking = rankUnits(answer.rows, byUnitName(names, locale()));
    if (as === 'csv') {
      const text = reportCsv(ranking, { column: columnLabel, unit: (id) => names.get(id) ?? id, tier: (tier) => t(`tier.${tier}`) });
      download(reportFileName(answer.period), new Blob([text], { type: 'text/csv;charset=utf-8' }));
      return;
    }
    const city = units.find((u) => u.parentId === null);
    const content: IndicatorReportContent = { answer, ranking, names, cityName: city === undefined ? '' : pick(city.name), generatedAtMs: Date.now() };
    const report = document.createElement('indicator-report');
    report.report = content;
    await printElement(report);
  }
}
customElements.define('city-dashboard', CityDashboard);

/** Saves a file the way a link with `download` does: no server round trip, no pop-up. */
function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

declare global {
  interface HTMLElementTagNameMap {
    'city-dashboard': CityDashboard;
  }
}
