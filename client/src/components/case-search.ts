import { css, html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** A case-number search box. Emits `case-search-submitted`. */
export class CaseSearch extends LitElement {
  static override properties = { busy: { type: Boolean }, message: { type: String } };
  static override styles = [sharedStyles, css`form { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; } input { min-width: 16rem; }`];
  declare busy: boolean;
  declare message: string;

  constructor() {
    super();
    this.busy = false;
    this.message = '';
    new LocaleController(this);
  }

  override render() {
    return html`<form @submit=${this.submit}>
        <div><label for="number">${t('search.label')}</label><input id="number" name="number" placeholder=${t('search.placeholder')} required /></div>
        <button type="submit" ?disabled=${this.busy}>${t('search.submit')}</button>
      </form>
      ${this.message ? html`<p class="muted" role="status">${this.message}</p>` : null}`;
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const number = String(new FormData(e.target as HTMLFormElement).get('number') ?? '').trim();
    if (number !== '') this.dispatchEvent(new CustomEvent('case-search-submitted', { detail: { number }, bubbles: true, composed: true }));
  }
}
customElements.define('case-search', CaseSearch);

declare global {
  interface HTMLElementTagNameMap {
    'case-search': CaseSearch;
  }
}
