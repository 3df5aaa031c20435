import { css, html, LitElement } from 'lit';
import type { Tier } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import type { RankedRow } from '../domain/unit-ranking.ts';
import { columnLabel, formatCount, formatDays, formatShare, td } from '../i18n/dashboard-messages.ts';

/**
 * The ranking (考核排名) of a period as a table: street halls, then community stations, each ranked
 * among its own; the city center last, unranked. Units by name. Presentational: the ranking and
 * the names come in; shown on the dashboard and in the printed report alike.
 */
export class RankingTable extends LitElement {
  static override properties = { ranking: { attribute: false }, names: { attribute: false } };
  static override styles = css`
    :host { display: block; overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
    th, td { padding: .25rem .45rem; border-bottom: 1px solid var(--line, #e4dcd7); text-align: right; white-space: nowrap; }
    th.name, td.name { text-align: left; white-space: normal; }
    thead th { font-weight: 600; vertical-align: bottom; }
    tbody th { text-align: left; background: var(--group, #f6f1ee); font-weight: 600; }
    td.rank { font-weight: 700; text-align: center; }
    td.bad { color: var(--bad, #b3261e); font-weight: 600; }
  `;
  declare ranking: readonly RankedRow[];
  /** Unit names by id, in the reader's language. */
  declare names: ReadonlyMap<string, string>;

  constructor() {
    super();
    this.ranking = [];
    this.names = new Map();
    new LocaleController(this);
  }

  override render() {
    const groups: { tier: Tier; rows: RankedRow[] }[] = [];
    for (const ranked of this.ranking) {
      const last = groups.at(-1);
      if (last !== undefined && last.tier === ranked.row.tier) last.rows.push(ranked);
      else groups.push({ tier: ranked.row.tier, rows: [ranked] });
    }
    return html`<table data-ranking>
      <thead><tr>
        <th>${columnLabel('rank')}</th><th class="name">${columnLabel('unit')}</th><th>${columnLabel('accepted')}</th><th>${columnLabel('concluded')}</th>
        <th>${columnLabel('onTimeRate')}</th><th>${columnLabel('averageWorkingDays')}</th><th>${columnLabel('backlog')}</th><th>${columnLabel('overdue')}</th>
        <th>${columnLabel('urgesAnsweredOnTime')}</th><th>${columnLabel('satisfactionRate')}</th><th>${columnLabel('rectificationsClosedOnTime')}</th><th>${columnLabel('availability')}</th>
      </tr></thead>
      ${groups.map((group) => html`<tbody data-tier=${group.tier}>
        <tr><th colspan="12">${td(`dash.ranking.tier.${group.tier}`)}</th></tr>
        ${group.rows.map(({ row, rank }) => html`<tr data-unit=${row.unitId} data-rank=${rank ?? ''}>
          <td class="rank">${rank ?? '—'}</td>
          <td class="name">${this.names.get(row.unitId) ?? row.unitId}</td>
          <td>${formatCount(row.accepted)}</td>
          <td>${formatCount(row.concluded)}</td>
          <td data-on-time-rate>${formatShare(row.onTimeRate)}</td>
          <td>${formatDays(row.averageWorkingDays)}</td>
          <td>${formatCount(row.backlog)}</td>
          <td class=${row.overdue > 0 ? 'bad' : ''}>${formatCount(row.overdue)}</td>
          <td>${formatCount(row.urgesAnsweredOnTime)} / ${formatCount(row.urgesReceived)}</td>
          <td data-satisfaction>${formatShare(row.satisfactionRate)}${row.rated > 0 ? ` (${formatCount(row.rated)})` : ''}</td>
          <td>${formatCount(row.rectificationsClosedOnTime)} / ${formatCount(row.rectifications)}</td>
          <td>${formatShare(row.availability)}</td>
        </tr>`)}
      </tbody>`)}
    </table>`;
  }
}
customElements.define('ranking-table', RankingTable);

declare global {
  interface HTMLElementTagNameMap {
    'ranking-table': RankingTable;
  }
}
