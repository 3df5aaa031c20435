import { css, html, LitElement } from 'lit';
import type { CaseDoc } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { summarizeCase } from '../domain/case-view.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** A list of cases with status, warnings and unsynced marks. Emits `case-selected`, `more-requested`. */
export class CaseList extends LitElement {
  static override properties = {
    cases: { attribute: false },
    total: { type: Number },
    unitNames: { attribute: false },
    itemNames: { attribute: false },
    selectedId: { type: String },
    heading: { type: String },
  };
  static override styles = [sharedStyles, css`
    ul { list-style: none; padding: 0; margin: 0; }
    li button { width: 100%; text-align: left; background: #fff; color: var(--ink); border-color: var(--line); margin-bottom: .3rem; display: grid; grid-template-columns: 1fr auto; gap: .1rem .6rem; }
    li button[aria-current='true'] { border-color: var(--red); background: #fdf0ee; }
    .num { font-family: ui-monospace, monospace; }
    .badges { text-align: right; }
    .more { margin-top: .4rem; }
  `];
  declare cases: readonly CaseDoc[];
  declare total: number;
  declare unitNames: ReadonlyMap<string, string>;
  declare itemNames: ReadonlyMap<string, string>;
  declare selectedId: string;
  declare heading: string;

  constructor() {
    super();
    this.cases = [];
    this.total = 0;
    this.unitNames = new Map();
    this.itemNames = new Map();
    this.selectedId = '';
    this.heading = '';
    new LocaleController(this);
  }

  override render() {
    const now = Date.now();
    return html`${this.heading ? html`<h2>${this.heading} <span class="muted">${t('list.count', { n: this.total })}</span></h2>` : null}
      ${this.cases.length === 0 ? html`<p class="muted" data-empty>${t('list.empty')}</p>` : null}
      <ul data-case-list>${this.cases.map((doc) => {
        const s = summarizeCase(doc, now);
        return html`<li><button type="button" data-case=${s.caseNumber} aria-current=${s.id === this.selectedId ? 'true' : 'false'} @click=${() => this.select(s.id)}>
          <span><span class="num">${s.caseNumber}</span> · ${this.itemNames.get(s.itemCode) ?? s.itemCode}</span>
          <span class="badges"><span class="badge">${t(`status.${s.status}`)}</span>
            ${s.warning === 'none' ? null : html`<span class="badge ${s.warning}">${t(s.warning === 'red' ? 'warning.red' : 'warning.yellow')}</span>`}
            ${s.unsyncedEvents > 0 ? html`<span class="badge unsynced" data-unsynced>${t('case.unsynced')}</span>` : null}</span>
          <span class="muted">${s.applicant === null ? '' : `${s.applicant.name} · ${maskIdNumber(s.applicant.idNumber)}`}</span>
          <span class="muted">${this.unitNames.get(s.holderUnitId) ?? s.holderUnitId}</span>
        </button></li>`;
      })}</ul>
      ${this.total > this.cases.length ? html`<button class="secondary more" @click=${this.more}>${t('list.more', { shown: this.cases.length, total: this.total })}</button>` : null}`;
  }

  private select(id: string): void {
    this.dispatchEvent(new CustomEvent('case-selected', { detail: { id }, bubbles: true, composed: true }));
  }

  private more(): void {
    this.dispatchEvent(new CustomEvent('more-requested', { bubbles: true, composed: true }));
  }
}
customElements.define('case-list', CaseList);

declare global {
  interface HTMLElementTagNameMap {
    'case-list': CaseList;
  }
}
