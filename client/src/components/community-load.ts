import { html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';

export interface CommunityLoadRow {
  readonly unitId: string;
  readonly name: string;
  readonly open: number;
  readonly waiting: number;
  readonly ready: number;
}

/** Each community's open load, as a table. */
export class CommunityLoad extends LitElement {
  static override properties = { rows: { attribute: false } };
  static override styles = viewStyles;
  declare rows: readonly CommunityLoadRow[];

  constructor() {
    super();
    this.rows = [];
    new LocaleController(this);
  }

  override render() {
    return html`<h2>${t('nav.load')}</h2><table data-community-load>
      <thead><tr><th>${t('load.community')}</th><th class="n">${t('load.open')}</th><th class="n">${t('load.waiting')}</th><th class="n">${t('load.ready')}</th></tr></thead>
      <tbody>${this.rows.map((r) => html`<tr data-unit=${r.unitId}><td>${r.name}</td><td class="n">${r.open}</td><td class="n">${r.waiting}</td><td class="n">${r.ready}</td></tr>`)}</tbody>
    </table>`;
  }
}
customElements.define('community-load', CommunityLoad);

declare global {
  interface HTMLElementTagNameMap {
    'community-load': CommunityLoad;
  }
}
