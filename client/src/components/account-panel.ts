import { css, html, LitElement } from 'lit';
import type { AccountIssued, AccountSummary } from '../../../schemas/api/admin-answers.schema.ts';
import { accountSwitchProblems, newAccountProblems, rolesAt, type NewAccount } from '../../../schemas/rules/account-edit.ts';
import { isClosed } from '../../../schemas/rules/unit-edit.ts';
import type { Role, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { showProblem, ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { pick } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';
import './edit-problems.ts';
import { fieldText } from './field-values.ts';

/** An action on one account that waits for the administrator's confirmation. */
interface Confirming {
  readonly username: string;
  readonly action: 'reset' | 'disable';
}

export interface AccountSwitched {
  readonly username: string;
  readonly disabled: boolean;
}

/**
 * Workers' accounts (never their passwords): the list, the form to create one at an open unit, and
 * per account a password reset (a lost device or a forgotten password: every session ends) and
 * disabling or enabling. A generated password is shown once, as the server answered it. Emits
 * `account-create-submitted` (`NewAccount`), `account-reset-requested` ({username}) and
 * `account-switch-requested` (`AccountSwitched`).
 */
export class AccountPanel extends LitElement {
  static override properties = {
    accounts: { attribute: false },
    units: { attribute: false },
    self: { type: String },
    issued: { attribute: false },
    revision: { type: Number },
    busy: { type: Boolean },
    problems: { attribute: false },
    form: { state: true },
    filter: { state: true },
    confirming: { state: true },
    localProblems: { state: true },
  };
  static override styles = [viewStyles, css`
    form { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .2rem 1rem; align-items: end; }
    input, select { width: 100%; }
    .issued { border: 2px solid var(--ok); border-radius: 8px; padding: .6rem .8rem; margin: .6rem 0; background: #eef8f1; }
    .issued code { font-size: 1.2rem; user-select: all; }
    td.actions { white-space: nowrap; }
    tr.disabled td { color: var(--muted); }
    button.small { padding: .1rem .5rem; font-size: .85rem; }
  `];
  declare accounts: readonly AccountSummary[] | null;
  declare units: readonly Unit[];
  /** The signed-in administrator's username. */
  declare self: string;
  declare issued: AccountIssued | null;
  declare revision: number;
  declare busy: boolean;
  declare problems: readonly ShownProblem[];
  declare form: NewAccount;
  declare filter: string;
  declare confirming: Confirming | null;
  declare localProblems: readonly ShownProblem[];
  private startedAt = -1;

  constructor() {
    super();
    this.accounts = null;
    this.units = [];
    this.self = '';
    this.issued = null;
    this.revision = 0;
    this.busy = false;
    this.problems = [];
    this.form = { username: '', unitId: '', role: 'community_worker', workerName: '' };
    this.filter = '';
    this.confirming = null;
    this.localProblems = [];
    new LocaleController(this);
  }

  override willUpdate(): void {
    if (this.revision === this.startedAt) return;
    this.startedAt = this.revision;
    this.form = { username: '', unitId: '', role: 'community_worker', workerName: '' };
    this.confirming = null;
    this.localProblems = [];
  }

  override render() {
    return html`${this.issued === null ? null : html`<div class="issued" role="status" data-issued=${this.issued.account.username}>
        ${ta('accounts.password', { username: this.issued.account.username })} <code data-password>${this.issued.password}</code></div>`}
      <section class="panel">${this.renderCreate()}</section>
      <section class="panel">${this.renderList()}</section>`;
  }

  private renderCreate() {
    const f = this.form;
    const open = this.units.filter((u) => !isClosed(u)).sort((a, b) => a.id.localeCompare(b.id));
    const unit = open.find((u) => u.id === f.unitId);
    const roles: Role[] = unit === undefined ? [] : rolesAt(unit.tier);
    return html`<h2>${ta('accounts.create')}</h2><p class="muted">${ta('accounts.passwordHint')}</p>
      <form @submit=${this.submitCreate} novalidate data-account-form>
        <div><label for="accountUnit">${ta('admin.field.unitId')}</label><select id="accountUnit" @change=${(e: Event) => this.changeUnit(fieldText(e))}>
          <option value="" ?selected=${f.unitId === ''}>—</option>${open.map((u) => html`<option value=${u.id} ?selected=${u.id === f.unitId}>${pick(u.name)}</option>`)}</select></div>
        <div><label for="accountRole">${ta('admin.field.role')}</label><select id="accountRole" @change=${(e: Event) => this.set({ role: roles.find((r) => r === fieldText(e)) ?? f.role })}>
          ${roles.map((r) => html`<option value=${r} ?selected=${r === f.role}>${ta(`role.${r}`)}</option>`)}</select></div>
        <div><label for="accountUsername">${ta('admin.field.username')}</label><input id="accountUsername" .value=${f.username} autocomplete="off" @input=${(e: InputEvent) => this.set({ username: fieldText(e) })} /></div>
        <div><label for="accountWorker">${ta('admin.field.workerName')}</label><input id="accountWorker" .value=${f.workerName} autocomplete="off" @input=${(e: InputEvent) => this.set({ workerName: fieldText(e) })} /></div>
        <div><button type="submit" ?disabled=${this.busy} data-save>${ta('accounts.createSubmit')}</button></div>
      </form>
      <edit-problems .problems=${this.localProblems.length > 0 ? this.localProblems : this.problems}></edit-problems>`;
  }

  private renderList() {
    if (this.accounts === null) return html`<p class="muted">${ta('accounts.needsLink')}</p>`;
    const q = this.filter.trim().toLowerCase();
    const names = new Map(this.units.map((u) => [u.id, pick(u.name)]));
    const shown = this.accounts.filter((a) => q === '' || a.username.includes(q) || a.workerName.toLowerCase().includes(q) || a.unitId.includes(q) || (names.get(a.unitId) ?? '').toLowerCase().includes(q));
    return html`<label for="accountFilter">${ta('accounts.filter')}</label><input id="accountFilter" type="search" .value=${this.filter} @input=${(e: InputEvent) => { this.filter = fieldText(e); }} />
      <table data-accounts><thead><tr><th>${ta('admin.field.username')}</th><th>${ta('admin.field.workerName')}</th><th>${ta('admin.field.unitId')}</th><th>${ta('admin.field.role')}</th><th>${ta('admin.field.status')}</th><th></th></tr></thead>
        <tbody>${shown.map((a) => html`<tr data-account=${a.username} class=${a.disabled ? 'disabled' : ''}>
          <td>${a.username}</td><td>${a.workerName}</td><td>${names.get(a.unitId) ?? a.unitId}</td><td>${ta(`role.${a.role}`)}</td>
          <td>${a.disabled ? html`<span class="badge red">${ta('accounts.disabled')}</span>` : ta('accounts.enabled')}</td>
          <td class="actions">${this.renderActions(a)}</td></tr>`)}</tbody></table>`;
  }

  private renderActions(account: AccountSummary) {
    const c = this.confirming;
    if (c !== null && c.username === account.username) {
      return html`<span>${c.action === 'reset' ? ta('accounts.resetConfirm', { username: account.username }) : ta('accounts.disableConfirm', { username: account.username })}</span>
        <button class="small" data-confirm ?disabled=${this.busy} @click=${() => this.confirm(c)}>${c.action === 'reset' ? ta('accounts.reset') : ta('accounts.disable')}</button>
        <button class="small secondary" @click=${() => { this.confirming = null; }}>${ta('admin.cancel')}</button>`;
    }
    return html`<button class="small secondary" data-reset ?disabled=${this.busy} @click=${() => { this.confirming = { username: account.username, action: 'reset' }; }}>${ta('accounts.reset')}</button>
      ${account.disabled
        ? html`<button class="small secondary" data-enable ?disabled=${this.busy} @click=${() => this.switchAccount(account, false)}>${ta('accounts.enable')}</button>`
        : html`<button class="small secondary" data-disable ?disabled=${this.busy || account.username === this.self} @click=${() => { this.confirming = { username: account.username, action: 'disable' }; }}>${ta('accounts.disable')}</button>`}`;
  }

  private set(change: Partial<NewAccount>): void {
    this.form = { ...this.form, ...change };
  }

  private changeUnit(unitId: string): void {
    const unit = this.units.find((u) => u.id === unitId);
    const roles = unit === undefined ? [] : rolesAt(unit.tier);
    this.set({ unitId, role: roles.includes(this.form.role) ? this.form.role : (roles[0] ?? 'community_worker') });
  }

  private confirm(c: Confirming): void {
    this.confirming = null;
    const account = this.accounts?.find((a) => a.username === c.username);
    if (account === undefined) return;
    if (c.action === 'reset') this.emit('account-reset-requested', { username: c.username });
    else this.switchAccount(account, true);
  }

  private switchAccount(account: AccountSummary, disabled: boolean): void {
    this.localProblems = accountSwitchProblems(account, disabled, this.self, this.units).map(showProblem);
    if (this.localProblems.length === 0) this.emit('account-switch-requested', { username: account.username, disabled } satisfies AccountSwitched);
  }

  private emit(name: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  private readonly submitCreate = (e: SubmitEvent): void => {
    e.preventDefault();
    const account: NewAccount = { ...this.form, username: this.form.username.trim(), workerName: this.form.workerName.trim() };
    const taken = (this.accounts ?? []).some((a) => a.username === account.username);
    this.localProblems = newAccountProblems(account, this.units, taken).map(showProblem);
    if (this.localProblems.length === 0) this.emit('account-create-submitted', account);
  };
}
customElements.define('account-panel', AccountPanel);

declare global {
  interface HTMLElementTagNameMap {
    'account-panel': AccountPanel;
  }
}
