import { css, html, LitElement } from 'lit';
import type { AuditRecord } from '../../../schemas/types.ts';
import { canonicalJson } from '../../../schemas/rules/merge.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ta } from '../i18n/admin-messages.ts';
import { formatTime } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';

/** The fields a change wrote differently, by name: what the record's before and after disagree on. */
export function changedFields(record: Pick<AuditRecord, 'before' | 'after'>): string[] {
  if (record.before === null || record.after === null) return [];
  const before = record.before;
  const after = record.after;
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => canonicalJson(before[key]) !== canonicalJson(after[key])).sort();
}

/**
 * The record of the administration's changes, newest first: when, who (name, account, unit),
 * what (and, for a change of a document, which fields), and whether it took effect. Emits
 * `changes-more-requested` for the next, older page.
 */
export class ChangeList extends LitElement {
  static override properties = { records: { attribute: false }, hasMore: { type: Boolean }, busy: { type: Boolean }, message: { type: String } };
  static override styles = [viewStyles, css`td { vertical-align: top; } .outcome-failed, .outcome-pending { color: var(--bad); }`];
  declare records: readonly AuditRecord[];
  declare hasMore: boolean;
  declare busy: boolean;
  declare message: string;

  constructor() {
    super();
    this.records = [];
    this.hasMore = false;
    this.busy = false;
    this.message = '';
    new LocaleController(this);
  }

  override render() {
    return html`<section class="panel">
      ${this.message === '' ? null : html`<p class="muted" role="status">${this.message}</p>`}
      ${this.records.length === 0 && this.message === '' ? html`<p class="muted">${this.busy ? ta('admin.loading') : ta('changes.none')}</p>` : null}
      ${this.records.length === 0 ? null : html`<table data-changes><thead><tr><th>${ta('changes.when')}</th><th>${ta('changes.who')}</th><th>${ta('changes.what')}</th><th>${ta('changes.outcome')}</th></tr></thead>
        <tbody>${this.records.map((r) => {
          const fields = changedFields(r);
          return html`<tr data-change=${r.id} data-action=${r.action}>
            <td>${formatTime(r.at)}</td>
            <td>${r.by.workerName === '' ? r.by.username : `${r.by.workerName} · ${r.by.username}`}<br /><span class="muted">${ta(`role.${r.by.role}`)}</span></td>
            <td>${ta(`action.${r.action}`, { id: r.target.id })}${r.note === undefined ? null : html`<br /><span class="muted">${r.note}</span>`}
              ${r.effects?.accountsDisabled === undefined || r.effects.accountsDisabled.length === 0 ? null : html`<br /><span class="muted">${ta('changes.accountsDisabled', { accounts: r.effects.accountsDisabled.join(', ') })}</span>`}
              ${r.effects?.unsyncedChangesGivenUp === undefined || r.effects.unsyncedChangesGivenUp === 0 ? null : html`<br /><span class="muted">${ta('changes.unsyncedGivenUp', { n: r.effects.unsyncedChangesGivenUp })}</span>`}
              ${fields.length === 0 ? null : html`<br /><span class="muted">${ta('changes.fields', { fields: fields.join(', ') })}</span>`}</td>
            <td class="outcome-${r.outcome}">${ta(`changes.outcome.${r.outcome}`)}${r.failure === undefined ? null : html`<br /><span class="muted">${r.failure}</span>`}</td></tr>`;
        })}</tbody></table>`}
      ${this.hasMore ? html`<button class="secondary" ?disabled=${this.busy} @click=${() => this.dispatchEvent(new CustomEvent('changes-more-requested', { bubbles: true, composed: true }))}>${ta('changes.more')}</button>` : null}
    </section>`;
  }
}
customElements.define('change-list', ChangeList);

declare global {
  interface HTMLElementTagNameMap {
    'change-list': ChangeList;
  }
}
