import { css, html, LitElement } from 'lit';
import type { ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import type { CaseSearchCriteria } from '../data/supervision-api.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * The city's case search form: a case number or a full ID number, an item, a unit, acceptance
 * dates. Emits `case-search-submitted` with the criteria.
 */
export class CaseSearch extends LitElement {
  static override properties = { busy: { type: Boolean }, message: { type: String }, items: { attribute: false }, units: { attribute: false } };
  static override styles = [sharedStyles, css`
    form { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: .3rem .8rem; align-items: end; }
    form .wide { grid-column: 1 / -1; }
    input, select { width: 100%; }
    .hint { margin: .4rem 0 0; }
  `];
  declare busy: boolean;
  declare message: string;
  declare items: readonly ServiceItem[];
  declare units: readonly Unit[];

  constructor() {
    super();
    this.busy = false;
    this.message = '';
    this.items = [];
    this.units = [];
    new LocaleController(this);
  }

  override render() {
    return html`<form @submit=${this.submit}>
        <div class="wide"><label for="number">${t('search.text')}</label><input id="number" name="q" autocomplete="off" spellcheck="false" placeholder=${t('search.textPlaceholder')} maxlength="60" /></div>
        <div><label for="item">${t('search.item')}</label><select id="item" name="item"><option value="">${t('search.anyItem')}</option>
          ${this.items.map((i) => html`<option value=${i.code}>${i.code} ${pick(i.name)}</option>`)}</select></div>
        <div><label for="unit">${t('search.unit')}</label><select id="unit" name="unit"><option value="">${t('search.anyUnit')}</option>
          ${this.units.map((u) => html`<option value=${u.id}>${pick(u.name)}</option>`)}</select></div>
        <div><label for="from">${t('search.from')}</label><input id="from" name="from" type="date" /></div>
        <div><label for="to">${t('search.to')}</label><input id="to" name="to" type="date" /></div>
        <div><button type="submit" ?disabled=${this.busy}>${t('search.submit')}</button></div>
      </form>
      <p class="muted hint">${t('search.hint')}</p>
      ${this.message ? html`<p class="muted" role="status" data-search-message>${this.message}</p>` : null}`;
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const field = (name: string): string => String(data.get(name) ?? '').trim();
    const criteria: CaseSearchCriteria = { q: field('q'), item: field('item'), unit: field('unit'), from: field('from'), to: field('to') };
    this.dispatchEvent(new CustomEvent<CaseSearchCriteria>('case-search-submitted', { detail: criteria, bubbles: true, composed: true }));
  }
}
customElements.define('case-search', CaseSearch);

declare global {
  interface HTMLElementTagNameMap {
    'case-search': CaseSearch;
  }
}
