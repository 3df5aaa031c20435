import { html, LitElement } from 'lit';
import type { CaseSummary } from '../../../schemas/api/case-search-page.schema.ts';
import type { ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { formatDate, pick, t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';

/** The cases a search found, newest first, the applicant masked. Emits `case-opened` and `more-requested`. */
export class CaseSearchResults extends LitElement {
  static override properties = { results: { attribute: false }, hasMore: { type: Boolean }, busy: { type: Boolean }, items: { attribute: false }, units: { attribute: false } };
  static override styles = viewStyles;
  declare results: readonly CaseSummary[];
  declare hasMore: boolean;
  declare busy: boolean;
  declare items: readonly ServiceItem[];
  declare units: readonly Unit[];

  constructor() {
    super();
    this.results = [];
    this.hasMore = false;
    this.busy = false;
    this.items = [];
    this.units = [];
    new LocaleController(this);
  }

  override render() {
    const unitName = (id: string): string => pick(this.units.find((u) => u.id === id)?.name) || id;
    const itemName = (code: string): string => pick(this.items.find((i) => i.code === code)?.name) || code;
    return html`<h3>${t('search.results')}</h3>
      <table data-search-results><thead><tr><th>${t('search.col.number')}</th><th>${t('search.col.item')}</th><th>${t('search.col.status')}</th><th>${t('search.col.accepted')}</th><th>${t('search.col.holder')}</th><th>${t('search.col.applicant')}</th><th></th></tr></thead>
      <tbody>${this.results.map((r) => html`<tr data-result=${r.caseNumber}>
        <td>${r.caseNumber}${r.greenChannel ? html` <span class="badge">${t('case.greenChannel')}</span>` : null}</td><td>${itemName(r.itemCode)}</td><td>${t(`status.${r.status}`)}</td>
        <td>${unitName(r.acceptedUnitId)}<br /><span class="muted">${formatDate(Date.parse(r.acceptedAt))}</span></td><td>${unitName(r.holderUnitId)}</td>
        <td>${r.applicant.name}<br /><span class="muted">${r.applicant.idNumber}</span></td>
        <td><button class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('case-opened', { detail: { caseNumber: r.caseNumber }, bubbles: true, composed: true }))}>${t('search.open')}</button></td>
      </tr>`)}</tbody></table>
      ${this.hasMore ? html`<p><button class="secondary" data-more ?disabled=${this.busy} @click=${() => this.dispatchEvent(new CustomEvent('more-requested', { bubbles: true, composed: true }))}>${t('search.more')}</button></p>` : null}`;
  }
}
customElements.define('case-search-results', CaseSearchResults);

declare global {
  interface HTMLElementTagNameMap {
    'case-search-results': CaseSearchResults;
  }
}
