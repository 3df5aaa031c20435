import { css, html, LitElement } from 'lit';
import type { ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { searchCatalog } from '../domain/catalog-search.ts';
import { ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { pick } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';
import './item-form.ts';

/** Which item the panel shows: a stored one by code, the form for a new one, or none yet. */
export type CatalogSelection = { readonly kind: 'item'; readonly code: string } | { readonly kind: 'new' } | { readonly kind: 'none' };

/**
 * The catalog editor's catalog: every item (found by name, initials or code, as a station finds
 * them) and the form of the one chosen, or of a new one. Emits `catalog-selected`
 * (`CatalogSelection`) and, from its form, `item-submitted`.
 */
export class CatalogPanel extends LitElement {
  static override properties = {
    catalog: { attribute: false },
    selection: { attribute: false },
    selected: { attribute: false },
    revision: { type: Number },
    busy: { type: Boolean },
    problems: { attribute: false },
    query: { state: true },
  };
  static override styles = [viewStyles, css`
    ul { list-style: none; margin: .4rem 0; padding: 0; max-height: 70vh; overflow: auto; }
    li button { width: 100%; text-align: left; background: #fff; color: var(--ink); border-color: var(--line); margin: .1rem 0; }
    li button[aria-pressed='true'] { border-color: var(--red); background: #fdf0ee; }
    .code { font-family: monospace; font-size: .85rem; color: var(--muted); }
    input[type=search] { width: 100%; }
  `];
  declare catalog: readonly ServiceItem[];
  declare selection: CatalogSelection;
  /** The chosen stored item (the server's answer right after a save, else the local replica's). */
  declare selected: ServiceItem | null;
  declare revision: number;
  declare busy: boolean;
  declare problems: readonly ShownProblem[];
  declare query: string;

  constructor() {
    super();
    this.catalog = [];
    this.selection = { kind: 'none' };
    this.selected = null;
    this.revision = 0;
    this.busy = false;
    this.problems = [];
    this.query = '';
    new LocaleController(this);
  }

  override render() {
    const shown = this.query.trim() === '' ? [...this.catalog].sort((a, b) => a.code.localeCompare(b.code)) : searchCatalog(this.catalog, this.query).map((m) => m.item);
    const selectedCode = this.selection.kind === 'item' ? this.selection.code : null;
    return html`<div class="columns">
      <section class="panel">
        <button data-new-item @click=${() => this.select({ kind: 'new' })}>${ta('catalog.new')}</button>
        <label for="find">${ta('catalog.find')}</label>
        <input id="find" type="search" .value=${this.query} @input=${(e: InputEvent) => { this.query = e.target instanceof HTMLInputElement ? e.target.value : ''; }} />
        <p class="muted">${ta('catalog.count', { n: shown.length })}</p>
        <ul data-catalog>${shown.map((item) => html`<li><button data-item=${item.code} aria-pressed=${item.code === selectedCode ? 'true' : 'false'} @click=${() => this.select({ kind: 'item', code: item.code })}>
          <strong>${pick(item.name)}</strong><br /><span class="code">${item.code} · ${ta('catalog.initials', { initials: item.pinyinInitials ?? '' })}</span></button></li>`)}</ul>
      </section>
      <section class="panel">${this.selection.kind === 'none' || (this.selection.kind === 'item' && this.selected === null) ? null : html`<item-form
        .item=${this.selection.kind === 'new' ? null : this.selected} .codes=${new Set([...this.catalog.map((i) => i.code), ...(this.selected === null ? [] : [this.selected.code])])} revision=${this.revision} ?busy=${this.busy} .serverProblems=${this.problems}></item-form>`}</section>
    </div>`;
  }

  private select(selection: CatalogSelection): void {
    this.dispatchEvent(new CustomEvent('catalog-selected', { detail: selection, bubbles: true, composed: true }));
  }
}
customElements.define('catalog-panel', CatalogPanel);

declare global {
  interface HTMLElementTagNameMap {
    'catalog-panel': CatalogPanel;
  }
}
