import { css, html, LitElement } from 'lit';
import type { IndicatorsAnswer } from '../../../schemas/api/indicators.schema.ts';
import { networkTotals } from '../domain/dashboard-charts.ts';
import type { RankedRow } from '../domain/unit-ranking.ts';
import { formatDate, formatTime, locale } from '../i18n/locale.ts';
import { formatCount, formatShare, periodLabel, td } from '../i18n/dashboard-messages.ts';
import './ranking-table.ts';

/** What the published report (绩效报告) shows: one period's indicators, ranked. */
export interface IndicatorReportContent {
  readonly answer: IndicatorsAnswer;
  readonly ranking: readonly RankedRow[];
  /** Unit names by id, in the reader's language. */
  readonly names: ReadonlyMap<string, string>;
  /** The city center's name, for the title. */
  readonly cityName: string;
  readonly generatedAtMs: number;
}

/**
 * The period's report with the ranking, as printed (the plan asks that indicators, rankings and
 * the report be published): the page's print sheet shows it alone, on A4 landscape (`page.css`).
 * In the console's language. Presentational.
 */
export class IndicatorReport extends LitElement {
  static override properties = { report: { attribute: false } };
  static override styles = css`
    :host { display: block; color: #000; background: #fff; font: 10.5pt/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; --line: #000; --group: #eee; --bad: #000; }
    article { margin: 0 auto; }
    h1 { font-size: 17pt; text-align: center; margin: 0 0 .2em; }
    h2 { font-size: 12pt; margin: 1em 0 .3em; }
    p { margin: .25em 0; }
    .meta { text-align: center; }
    .note { font-size: 9pt; }
    ranking-table { font-size: 9.5pt; }
  `;
  declare report: IndicatorReportContent | null;

  constructor() {
    super();
    this.report = null;
  }

  override render() {
    const r = this.report;
    if (r === null) return null;
    const { answer } = r;
    const totals = networkTotals(answer.rows);
    const period = periodLabel(answer.period);
    return html`<article lang=${locale()} data-document="report" data-period=${answer.period}>
      <h1>${td('report.title')}</h1>
      ${r.cityName === '' ? null : html`<p class="meta" data-publisher>${td('report.publisher', { city: r.cityName })}</p>`}
      <p class="meta">${td('report.period', { period, from: formatDate(Date.parse(answer.from)), to: formatDate(Date.parse(answer.to) - 1) })}</p>
      <p class="meta note">${td('report.asOf', { asOf: formatTime(Date.parse(answer.asOf)), generated: formatTime(r.generatedAtMs) })}</p>
      <h2>${td('report.summary')}</h2>
      <p data-summary>${td('report.summaryLine', {
        accepted: formatCount(totals.accepted), concluded: formatCount(totals.concluded), onTimeRate: formatShare(totals.onTimeRate),
        satisfactionRate: formatShare(totals.satisfactionRate), rated: formatCount(totals.rated), backlog: formatCount(totals.backlog), overdue: formatCount(totals.overdue),
      })}</p>
      <h2>${td('report.ranking')}</h2>
      <ranking-table .ranking=${r.ranking} .names=${r.names}></ranking-table>
      <p class="note">${td('dash.ranking.basis')}</p>
      <p class="note">${td('report.source')}</p>
    </article>`;
  }

  /** Complete once the ranking inside has rendered too, so that printing never catches it half drawn. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const table = this.renderRoot.querySelector<LitElement>('ranking-table');
    return table === null ? done : (await table.updateComplete) && done;
  }
}
customElements.define('indicator-report', IndicatorReport);

declare global {
  interface HTMLElementTagNameMap {
    'indicator-report': IndicatorReport;
  }
}
