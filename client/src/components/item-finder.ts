import { css, html, LitElement } from 'lit';
import type { ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { searchCatalog, type MatchReason } from '../domain/catalog-search.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * Searches the local catalog (offline) by name, keyword, pinyin initials, material or code, best
 * matches first, and says why an item matched when it was not by its name. Emits `item-selected`.
 */
export class ItemFinder extends LitElement {
  static override properties = { items: { attribute: false }, selectedCode: { type: String }, query: { state: true } };
  static override styles = [sharedStyles, css`
    input { width: 100%; }
    ul { list-style: none; margin: .5rem 0 0; padding: 0; max-height: 60vh; overflow: auto; }
    li button { width: 100%; text-align: left; background: #fff; color: var(--ink); border-color: var(--line); margin-bottom: .3rem; }
    li button[aria-pressed='true'] { border-color: var(--red); background: #fdf0ee; }
    .code { font-family: ui-monospace, monospace; font-size: .8rem; color: var(--muted); }
    .why { font-size: .8rem; color: var(--muted); }
  `];
  declare items: readonly ServiceItem[];
  declare selectedCode: string;
  declare query: string;

  constructor() {
    super();
    this.items = [];
    this.selectedCode = '';
    this.query = '';
    new LocaleController(this);
  }

  override render() {
    const found = searchCatalog(this.items, this.query);
    return html`<label for="q">${t('finder.label')}</label>
      <input id="q" type="search" placeholder=${t('finder.placeholder')} .value=${this.query} @input=${(e: InputEvent) => { this.query = (e.target as HTMLInputElement).value; }} />
      <div class="muted">${t('finder.count', { n: found.length })}</div>
      ${found.length === 0 ? html`<p>${t('finder.none')}</p>` : null}
      <ul>${found.map(({ item, reason }) => {
        const why = this.why(item, reason);
        return html`<li><button type="button" data-item=${item.code} aria-pressed=${item.code === this.selectedCode ? 'true' : 'false'} @click=${() => this.select(item.code)}>
          ${pick(item.name)} <span class="badge">${t(item.kind === 'instant' ? 'item.kind.instant' : 'item.kind.commitment')}</span><br /><span class="code">${item.code} · ${item.pinyinInitials ?? ''}</span>
          ${why === null ? null : html`<br /><span class="why" data-why=${reason.kind}>${why}</span>`}
        </button></li>`;
      })}</ul>`;
  }

  /** Why an item matched, when it was not by its name. */
  private why(item: ServiceItem, reason: MatchReason): string | null {
    switch (reason.kind) {
      case 'name':
        return null;
      case 'code':
        return t('finder.why.code');
      case 'keyword':
        return t('finder.why.keyword', { text: reason.keyword });
      case 'initials':
        return t('finder.why.initials', { initials: reason.initials, text: reason.of });
      case 'material':
        return t('finder.why.material', { text: pick(reason.material) });
      case 'category':
        return t('finder.why.category', { text: pick(item.category) });
    }
  }

  private select(code: string): void {
    this.dispatchEvent(new CustomEvent('item-selected', { detail: { code }, bubbles: true, composed: true }));
  }
}
customElements.define('item-finder', ItemFinder);

declare global {
  interface HTMLElementTagNameMap {
    'item-finder': ItemFinder;
  }
}
