import { css, html, LitElement } from 'lit';
import type { IndicatorsAnswer } from '../../../schemas/api/indicators.schema.ts';
import { parsePeriod, type PeriodKind } from '../../../schemas/rules/periods.ts';
import { newestHeartbeats, quietUnits } from '../../../schemas/rules/quiet-units.ts';
import type { Heartbeat, ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import {
  networkTotals, overdueByStreet, overdueChartOption, satisfactionByUnit, satisfactionChartOption, trendChartOption,
  type DashboardChartOption, type TrendPoint,
} from '../domain/dashboard-charts.ts';
import type { OpenSupervisionItem } from '../domain/open-supervision.ts';
import { QUIET_CHOICES_MINUTES } from '../domain/quiet-threshold.ts';
import { currentPeriodId, recentPeriods, TREND_MONTHS } from '../domain/report-periods.ts';
import { byUnitName, rankUnits, type RankedRow } from '../domain/unit-ranking.ts';
import { formatCount, formatShare, monthShort, periodLabel, spanLabel, td } from '../i18n/dashboard-messages.ts';
import { formatDate, formatTime, locale, pick } from '../i18n/locale.ts';
import './echart-view.ts';
import './ranking-table.ts';
import { viewStyles } from './view-styles.ts';

export interface PeriodPicked {
  readonly periodId: string;
}

export interface ReportRequested {
  readonly as: 'csv' | 'print';
}

export interface QuietThresholdPicked {
  readonly minutes: number;
}

export interface TabRequested {
  readonly tab: string;
}

const KINDS: readonly PeriodKind[] = ['month', 'quarter', 'year'];

/**
 * The city's dashboard (绩效看板): the period picker, network totals, the trend of accepted and
 * concluded, overdue by street, satisfaction by unit, the ranking, quiet stations and the open
 * urges and supervision. Presentational: the figures come in as properties; it emits
 * `period-picked`, `report-requested` (CSV or print), `quiet-threshold-picked` and `tab-requested`.
 */
export class DashboardPanel extends LitElement {
  static override properties = {
    answer: { attribute: false },
    periodId: { type: String },
    nowMs: { type: Number },
    trend: { attribute: false },
    units: { attribute: false },
    catalog: { attribute: false },
    loading: { type: Boolean },
    failure: { type: String },
    heartbeats: { attribute: false },
    heartbeatsAsOf: { attribute: false },
    quietMinutes: { type: Number },
    supervision: { attribute: false },
    supervisionTotal: { type: Number },
  };
  static override styles = [viewStyles, css`
    .head { display: flex; flex-wrap: wrap; gap: .6rem 1rem; align-items: end; justify-content: space-between; }
    .head h2 { margin: 0; }
    .controls { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
    .controls label { margin: 0; font-weight: 600; font-size: .9rem; }
    .controls select { display: block; margin-top: .15rem; }
    .totals { display: grid; grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr)); gap: .5rem; margin: .6rem 0 0; }
    .tile { border: 1px solid var(--line); border-radius: 8px; padding: .4rem .6rem; background: var(--paper); }
    .tile .n { display: block; font-size: 1.4rem; font-weight: 700; font-variant-numeric: tabular-nums; }
    .tile.bad .n { color: var(--bad); }
    .grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; margin-top: 1rem; }
    .grid .wide { grid-column: 1 / -1; }
    @media (max-width: 900px) { .grid { grid-template-columns: 1fr; } }
    section.panel + section.panel { margin-top: 1rem; }
    .ranking { margin-top: 1rem; }
    ul.quiet { list-style: none; padding: 0; margin: .3rem 0 0; }
    ul.quiet li { padding: .2rem 0; border-bottom: 1px solid var(--line); }
    .late { color: var(--bad); font-weight: 600; }
    .link { background: none; border: none; color: var(--red); padding: 0; text-decoration: underline; }
    echart-view { --chart-height: 300px; }
  `];
  declare answer: IndicatorsAnswer | null;
  declare periodId: string;
  declare nowMs: number;
  declare trend: readonly TrendPoint[];
  declare units: readonly Unit[];
  declare catalog: readonly ServiceItem[];
  declare loading: boolean;
  /** Why the figures could not be read; empty when they could. */
  declare failure: string;
  declare heartbeats: readonly Heartbeat[];
  /** When the server read the heartbeats (ms, hub time): ages count from then. Null: no overview yet. */
  declare heartbeatsAsOf: number | null;
  declare quietMinutes: number;
  declare supervision: readonly OpenSupervisionItem[];
  /** Cases the city's supervision list holds in all (the items above may be the first of them). */
  declare supervisionTotal: number;

  /** Derived once per change of what they come from, so the charts are not redrawn at every render. */
  private names = new Map<string, string>();
  private ranking: readonly RankedRow[] = [];
  private charts: { trend: DashboardChartOption | null; overdue: DashboardChartOption | null; satisfaction: DashboardChartOption | null } = { trend: null, overdue: null, satisfaction: null };
  private derivedFor: { answer: IndicatorsAnswer | null; trend: readonly TrendPoint[]; units: readonly Unit[]; locale: string } | null = null;

  constructor() {
    super();
    this.answer = null;
    this.periodId = '';
    this.nowMs = Date.now();
    this.trend = [];
    this.units = [];
    this.catalog = [];
    this.loading = false;
    this.failure = '';
    this.heartbeats = [];
    this.heartbeatsAsOf = null;
    this.quietMinutes = 60;
    this.supervision = [];
    this.supervisionTotal = 0;
    new LocaleController(this);
  }

  override willUpdate(): void {
    const now = { answer: this.answer, trend: this.trend, units: this.units, locale: locale() };
    const was = this.derivedFor;
    if (was !== null && was.answer === now.answer && was.trend === now.trend && was.units === now.units && was.locale === now.locale) return;
    this.derivedFor = now;
    this.names = new Map(this.units.map((u) => [u.id, pick(u.name)]));
    const name = (id: string): string => this.names.get(id) ?? id;
    const rows = this.answer?.rows ?? [];
    this.ranking = rankUnits(rows, byUnitName(this.names, locale()));
    const streets = overdueByStreet(rows);
    const rated = satisfactionByUnit(rows);
    this.charts = {
      trend: this.trend.length === 0 ? null : trendChartOption(this.trend, { accepted: td('dash.series.accepted'), concluded: td('dash.series.concluded'), month: monthShort }),
      overdue: streets.length === 0 ? null : overdueChartOption(streets, { atHall: td('dash.series.atHall'), atCommunities: td('dash.series.atCommunities'), unit: name }),
      satisfaction: rated.length === 0 ? null : satisfactionChartOption(rated, { satisfaction: td('dash.series.satisfaction'), unit: name }),
    };
  }

  override render() {
    return html`
      <section class="panel">
        <div class="head">
          <h2>${td('dash.heading')}</h2>
          ${this.renderControls()}
        </div>
        ${this.renderStatus()}
        ${this.answer === null ? null : this.renderTotals(this.answer)}
      </section>
      <div class="grid">
        <section class="panel wide" data-section="trend">
          <h3>${td('dash.chart.trend', { n: TREND_MONTHS })}</h3>
          ${this.charts.trend === null ? html`<p class="muted">${td('dash.loading')}</p>` : html`<echart-view data-chart="trend" label=${td('dash.chart.trend', { n: TREND_MONTHS })} .option=${this.charts.trend}></echart-view>`}
          ${this.renderMissingMonths()}
        </section>
        <section class="panel" data-section="overdue">
          <h3>${td('dash.chart.overdue')}</h3>
          ${this.charts.overdue === null ? html`<p class="muted">${this.answer === null ? '' : td('dash.chart.noStreets')}</p>` : html`<echart-view data-chart="overdue" label=${td('dash.chart.overdue')} .option=${this.charts.overdue}></echart-view>`}
        </section>
        <section class="panel" data-section="satisfaction">
          <h3>${td('dash.chart.satisfaction')}</h3>
          ${this.charts.satisfaction === null ? html`<p class="muted">${this.answer === null ? '' : td('dash.chart.noRatings')}</p>` : html`<echart-view data-chart="satisfaction" label=${td('dash.chart.satisfaction')} .option=${this.charts.satisfaction}></echart-view>`}
        </section>
      </div>
      ${this.answer === null ? null : html`<section class="panel ranking" data-section="ranking">
        <h3>${td('dash.ranking')} · ${periodLabel(this.answer.period)}</h3>
        <ranking-table .ranking=${this.ranking} .names=${this.names}></ranking-table>
        <p class="muted">${td('dash.ranking.basis')}</p>
      </section>`}
      <div class="grid">
        ${this.renderQuiet()}
        ${this.renderSupervision()}
      </div>`;
  }

  private renderControls() {
    const kind = parsePeriod(this.periodId)?.kind ?? 'month';
    const choices = recentPeriods(kind, this.nowMs);
    if (this.periodId !== '' && !choices.includes(this.periodId)) choices.push(this.periodId);
    return html`<div class="controls">
      <label>${td('dash.kind')}<select data-period-kind @change=${(e: Event) => this.pickPeriod(currentPeriodId(kindOf((e.target as HTMLSelectElement).value), this.nowMs))}>
        ${KINDS.map((k) => html`<option value=${k} ?selected=${k === kind}>${td(`dash.kind.${k}`)}</option>`)}
      </select></label>
      <label>${td('dash.period')}<select data-period @change=${(e: Event) => this.pickPeriod((e.target as HTMLSelectElement).value)}>
        ${choices.map((id) => html`<option value=${id} ?selected=${id === this.periodId}>${periodLabel(id)}</option>`)}
      </select></label>
      <button type="button" data-export="csv" ?disabled=${this.answer === null} @click=${() => this.request('csv')}>${td('dash.exportCsv')}</button>
      <button type="button" class="secondary" data-print ?disabled=${this.answer === null} @click=${() => this.request('print')}>${td('dash.print')}</button>
    </div>`;
  }

  private renderStatus() {
    if (this.failure !== '') return html`<p class="error" role="alert" data-failure>${this.failure}</p>`;
    if (this.loading || this.answer === null) return html`<p class="muted" data-loading>${td('dash.loading')}</p>`;
    const a = this.answer;
    return html`<p class="muted" data-as-of>${td('dash.asOf', { period: periodLabel(a.period), from: formatDate(Date.parse(a.from)), to: formatDate(Date.parse(a.to) - 1), asOf: formatTime(Date.parse(a.asOf)) })}</p>`;
  }

  private renderTotals(answer: IndicatorsAnswer) {
    const totals = networkTotals(answer.rows);
    const tile = (key: 'accepted' | 'concluded' | 'onTimeRate' | 'satisfactionRate' | 'backlog' | 'overdue', value: string, bad = false) =>
      html`<div class="tile ${bad ? 'bad' : ''}" data-total=${key}><span class="n">${value}</span>${td(`dash.total.${key}`)}</div>`;
    return html`<div class="totals">
      ${tile('accepted', formatCount(totals.accepted))}
      ${tile('concluded', formatCount(totals.concluded))}
      ${tile('onTimeRate', formatShare(totals.onTimeRate))}
      ${tile('satisfactionRate', formatShare(totals.satisfactionRate))}
      ${tile('backlog', formatCount(totals.backlog))}
      ${tile('overdue', formatCount(totals.overdue), totals.overdue > 0)}
    </div>`;
  }

  private renderMissingMonths() {
    const missing = this.trend.filter((p) => p.accepted === null).length;
    return missing === 0 ? null : html`<p class="muted">${td('dash.chart.trendMissing', { n: missing })}</p>`;
  }

  private renderQuiet() {
    const span = spanLabel(this.quietMinutes);
    const asOf = this.heartbeatsAsOf;
    const quiet = asOf === null ? [] : quietUnits(this.units, newestHeartbeats(this.heartbeats), this.quietMinutes * 60_000, asOf);
    return html`<section class="panel" data-section="quiet">
      <h3>${td('dash.quiet')}</h3>
      <label>${td('dash.quiet.threshold')} <select data-quiet-minutes @change=${(e: Event) => this.emit<QuietThresholdPicked>('quiet-threshold-picked', { minutes: Number((e.target as HTMLSelectElement).value) })}>
        ${QUIET_CHOICES_MINUTES.map((m) => html`<option value=${m} ?selected=${m === this.quietMinutes}>${spanLabel(m)}</option>`)}
      </select></label>
      <p class="muted">${td('dash.quiet.thresholdHint')}</p>
      ${asOf === null ? html`<p class="muted">${td('dash.quiet.noData')}</p>` : html`
        <p data-quiet-count=${quiet.length}>${quiet.length === 0 ? td('dash.quiet.none', { span }) : td('dash.quiet.count', { n: quiet.length, span })}</p>
        <ul class="quiet">${quiet.map((q) => html`<li data-quiet-unit=${q.unit.id}><strong>${pick(q.unit.name)}</strong> ·
          <span class="muted">${q.lastHeartbeatAt === null ? td('dash.quiet.never') : td('dash.quiet.lastSeen', { time: formatTime(q.lastHeartbeatAt) })}</span></li>`)}</ul>
        <p class="muted">${td('dash.quiet.asOf', { time: formatTime(asOf) })}</p>`}
    </section>`;
  }

  private renderSupervision() {
    const items = this.supervision;
    const itemName = (code: string): string => pick(this.catalog.find((i) => i.code === code)?.name) || code;
    return html`<section class="panel" data-section="supervision">
      <h3>${td('dash.supervision')}</h3>
      ${items.length === 0 ? html`<p class="muted">${td('dash.supervision.none')}</p>` : html`<table>
        <thead><tr><th>${td('dash.supervision.case')}</th><th>${td('dash.supervision.kind')}</th><th>${td('dash.supervision.to')}</th><th>${td('dash.supervision.due')}</th><th>${td('dash.supervision.state')}</th></tr></thead>
        <tbody>${items.map((i) => html`<tr data-supervision-case=${i.caseNumber} data-kind=${i.kind}>
          <td>${i.caseNumber}<br /><span class="muted">${itemName(i.itemCode)}</span></td>
          <td>${td(`dash.supervision.kind.${i.kind}`)}<br /><span class="muted">${formatDate(i.openedAtMs)}</span></td>
          <td>${this.names.get(i.addressedTo) ?? i.addressedTo}</td>
          <td class=${i.late && !i.replied ? 'late' : ''}>${formatDate(i.replyDueMs)}</td>
          <td>${i.replied ? td('dash.supervision.replied') : td('dash.supervision.awaiting')}${i.late ? html` <span class="badge red">${td('dash.supervision.late')}</span>` : null}</td>
        </tr>`)}</tbody></table>`}
      ${this.supervisionTotal === 0 ? null : html`<p><button type="button" class="link" data-open-tab="supervising" @click=${() => this.emit<TabRequested>('tab-requested', { tab: 'supervising' })}>${td('dash.supervision.more', { n: this.supervisionTotal })}</button></p>`}
    </section>`;
  }

  private pickPeriod(periodId: string): void {
    if (periodId === this.periodId) return;
    this.emit<PeriodPicked>('period-picked', { periodId });
  }

  private request(as: ReportRequested['as']): void {
    this.emit<ReportRequested>('report-requested', { as });
  }

  private emit<D>(type: string, detail: D): void {
    this.dispatchEvent(new CustomEvent<D>(type, { detail, bubbles: true, composed: true }));
  }
}
customElements.define('dashboard-panel', DashboardPanel);

function kindOf(value: string): PeriodKind {
  return value === 'quarter' ? 'quarter' : value === 'year' ? 'year' : 'month';
}

declare global {
  interface HTMLElementTagNameMap {
    'dashboard-panel': DashboardPanel;
  }
}
