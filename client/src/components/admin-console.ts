import { html, LitElement } from 'lit';
import type { AccountIssued, AccountSummary } from '../../../schemas/api/admin-answers.schema.ts';
import { adminAreasOf, type AdminArea } from '../../../schemas/rules/admin-areas.ts';
import type { NewAccount } from '../../../schemas/rules/account-edit.ts';
import type { NewUnit } from '../../../schemas/rules/unit-edit.ts';
import type { AuditRecord, CalendarYear, ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import * as api from '../data/admin-api.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { ta, type ShownProblem } from '../i18n/admin-messages.ts';
import { pick } from '../i18n/locale.ts';
import type { AccountSwitched } from './account-panel.ts';
import type { CalendarYearSubmitted } from './calendar-panel.ts';
import type { CatalogSelection } from './catalog-panel.ts';
import type { ItemSubmitted } from './item-form.ts';
import type { UnitClosing, UnitClosureSubmitted } from './unit-panel.ts';
import { viewStyles } from './view-styles.ts';
import './account-panel.ts';
import './calendar-panel.ts';
import './catalog-panel.ts';
import './change-list.ts';
import './unit-panel.ts';

type AdminTab = AdminArea | 'changes';

/**
 * Container: the city's administration, for the catalog editor (catalog, calendar) and the
 * administrator (units, accounts), with the record of changes for both. The catalog, the calendars
 * and the units come from the device's own replica, so they show offline; every change goes to the
 * gateway, which runs the same rules, records it and stores it, and it comes back to this device
 * (and to every unit) through sync. Loaded only for these two roles.
 */
export class AdminConsole extends LitElement {
  static override properties = {
    runtime: { attribute: false },
    tab: { state: true },
    busy: { state: true },
    problems: { state: true },
    message: { state: true },
    selection: { state: true },
    savedItem: { state: true },
    selectedYearId: { state: true },
    savedYear: { state: true },
    closing: { state: true },
    accounts: { state: true },
    issued: { state: true },
    changes: { state: true },
    nextChanges: { state: true },
    changesMessage: { state: true },
    revision: { state: true },
  };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: AdminTab;
  declare busy: boolean;
  declare problems: readonly ShownProblem[];
  declare message: string;
  declare selection: CatalogSelection;
  declare savedItem: ServiceItem | null;
  declare selectedYearId: string;
  declare savedYear: CalendarYear | null;
  declare closing: UnitClosing | null;
  declare accounts: readonly AccountSummary[] | null;
  declare issued: AccountIssued | null;
  declare changes: readonly AuditRecord[];
  declare nextChanges: string | null;
  declare changesMessage: string;
  /** Bumped whenever a form should start over (another selection, a save). */
  declare revision: number;
  private readonly reference = new ReferenceDataController(this);

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'catalog';
    this.busy = false;
    this.problems = [];
    this.message = '';
    this.selection = { kind: 'none' };
    this.savedItem = null;
    this.selectedYearId = '';
    this.savedYear = null;
    this.closing = null;
    this.accounts = null;
    this.issued = null;
    this.changes = [];
    this.nextChanges = null;
    this.changesMessage = '';
    this.revision = 0;
    new LocaleController(this);
  }

  private get tabs(): AdminTab[] {
    return this.runtime === null ? [] : [...adminAreasOf(this.runtime.actor.role), 'changes'];
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('runtime')) {
      this.reference.setDatabase(this.runtime?.db ?? null);
      this.show(this.tabs[0] ?? 'changes');
    }
  }

  override render() {
    const runtime = this.runtime;
    if (runtime === null) return null;
    return html`<p class="muted">${ta(runtime.actor.role === 'admin' ? 'admin.intro.admin' : 'admin.intro.catalog_editor')}</p>
      <nav role="tablist">${this.tabs.map((tab) => html`<button role="tab" data-tab=${tab} aria-selected=${tab === this.tab ? 'true' : 'false'} @click=${() => this.show(tab)}>${ta(`admin.tab.${tab}`)}</button>`)}</nav>
      ${this.message === '' ? null : html`<p class="panel" role="status" data-admin-message>${this.message}</p>`}
      ${this.renderTab()}`;
  }

  private renderTab() {
    const ref = this.reference;
    switch (this.tab) {
      case 'catalog': {
        const code = this.selection.kind === 'item' ? this.selection.code : null;
        const selected = code === null ? null : this.savedItem?.code === code ? this.savedItem : (ref.catalog.find((i) => i.code === code) ?? null);
        return html`<catalog-panel .catalog=${ref.catalog} .selection=${this.selection} .selected=${selected} revision=${this.revision} ?busy=${this.busy} .problems=${this.problems}
          @catalog-selected=${(e: CustomEvent<CatalogSelection>) => this.selectItem(e.detail)} @item-submitted=${(e: CustomEvent<ItemSubmitted>) => void this.saveItem(e.detail)}></catalog-panel>`;
      }
      case 'calendars':
        return html`<calendar-panel .years=${ref.calendars} selectedId=${this.selectedYearId} .saved=${this.savedYear} revision=${this.revision} ?busy=${this.busy} .problems=${this.problems}
          @calendar-selected=${(e: CustomEvent<{ id: string }>) => this.selectYear(e.detail.id)} @calendar-year-submitted=${(e: CustomEvent<CalendarYearSubmitted>) => void this.saveYear(e.detail)}></calendar-panel>`;
      case 'units':
        return html`<unit-panel .units=${ref.units} .calendarIds=${[...new Set(ref.calendars.map((y) => y.calendarId))].sort()} .closing=${this.closing} revision=${this.revision} ?busy=${this.busy} .problems=${this.problems}
          @unit-add-submitted=${(e: CustomEvent<NewUnit>) => void this.addUnit(e.detail)} @unit-closure-opened=${(e: CustomEvent<{ unitId: string }>) => void this.openClosing(e.detail.unitId)}
          @unit-closure-cancelled=${() => this.cancelClosing()} @unit-closure-submitted=${(e: CustomEvent<UnitClosureSubmitted>) => void this.closeUnit(e.detail)}></unit-panel>`;
      case 'accounts':
        return html`<account-panel .accounts=${this.accounts} .units=${ref.units} self=${this.runtime?.actor.workerId ?? ''} .issued=${this.issued} revision=${this.revision} ?busy=${this.busy} .problems=${this.problems}
          @account-create-submitted=${(e: CustomEvent<NewAccount>) => void this.createAccount(e.detail)} @account-reset-requested=${(e: CustomEvent<{ username: string }>) => void this.resetPassword(e.detail.username)}
          @account-switch-requested=${(e: CustomEvent<AccountSwitched>) => void this.switchAccount(e.detail)}></account-panel>`;
      case 'changes':
        return html`<change-list .records=${this.changes} ?hasMore=${this.nextChanges !== null} ?busy=${this.busy} message=${this.changesMessage} @changes-more-requested=${() => void this.loadChanges(false)}></change-list>`;
    }
  }

  private show(tab: AdminTab): void {
    this.tab = tab;
    this.clearFeedback();
    this.closing = null;
    this.issued = null;
    this.revision += 1;
    if (tab === 'accounts') void this.loadAccounts();
    if (tab === 'changes') void this.loadChanges(true);
  }

  private clearFeedback(): void {
    this.problems = [];
    this.message = '';
  }

  private selectItem(selection: CatalogSelection): void {
    this.selection = selection;
    this.savedItem = null;
    this.clearFeedback();
    this.revision += 1;
  }

  private selectYear(id: string): void {
    this.selectedYearId = id;
    this.savedYear = null;
    this.clearFeedback();
    this.revision += 1;
  }

  /**
   * Runs one call of the administration API with the current token: busy meanwhile, and its failure
   * said in the current language (problems at their fields, offline, refused). Resolves null on failure.
   */
  private async attempt<T>(work: (token: string) => Promise<T>): Promise<T | null> {
    const token = this.runtime?.token() ?? null;
    this.clearFeedback();
    if (token === null) {
      this.message = ta('admin.offline');
      return null;
    }
    this.busy = true;
    try {
      return await work(token);
    } catch (err) {
      if (err instanceof api.AdminCallError && err.kind === 'problems') this.problems = err.problems;
      else if (err instanceof api.AdminCallError && err.kind === 'offline') this.message = ta('admin.offline');
      else this.message = ta('admin.notSaved', { reason: err instanceof Error ? err.message : String(err) });
      return null;
    } finally {
      this.busy = false;
    }
  }

  private async saveItem(submitted: ItemSubmitted): Promise<void> {
    const { draft, basedOn } = submitted;
    const item = await this.attempt((token) => (basedOn === null ? api.addItem(token, draft) : api.changeItem(token, draft, basedOn)));
    if (item === null) return;
    this.selection = { kind: 'item', code: item.code };
    this.savedItem = item;
    this.revision += 1;
    this.message = ta('catalog.saved', { code: item.code, initials: item.pinyinInitials ?? '' });
  }

  private async saveYear(submitted: CalendarYearSubmitted): Promise<void> {
    const year = await this.attempt((token) => api.setCalendarYear(token, submitted.year, submitted.basedOn));
    if (year === null) return;
    this.selectedYearId = year.id;
    this.savedYear = year;
    this.revision += 1;
    this.message = ta('calendar.saved', { id: year.id });
  }

  private async addUnit(unit: NewUnit): Promise<void> {
    const added = await this.attempt((token) => api.addUnit(token, unit));
    if (added === null) return;
    this.revision += 1;
    this.message = ta('units.added', { unit: pick(added.name) });
  }

  private async openClosing(unitId: string): Promise<void> {
    this.closing = { unitId, standing: null };
    const standing = await this.attempt((token) => api.unitOpenWork(token, unitId));
    if (this.closing?.unitId !== unitId) return;
    this.closing = standing === null ? null : { unitId, standing };
  }

  private cancelClosing(): void {
    this.closing = null;
    this.clearFeedback();
  }

  private async closeUnit(closure: UnitClosureSubmitted): Promise<void> {
    const closed = await this.attempt((token) => api.closeUnit(token, closure.unitId, closure.note, closure.abandonUnsynced));
    if (closed === null) return;
    this.closing = null;
    this.revision += 1;
    this.message = ta('units.closedDone', { unit: pick(closed.unit.name), accounts: closed.disabledAccounts.length === 0 ? ta('units.none') : closed.disabledAccounts.join(', ') });
  }

  private async loadAccounts(): Promise<void> {
    const token = this.runtime?.token() ?? null;
    if (token === null) return;
    try {
      this.accounts = await api.listAccounts(token);
    } catch {
      // Offline or refused: the panel says the list needs a link; nothing else changes.
      this.accounts = null;
    }
  }

  private async createAccount(account: NewAccount): Promise<void> {
    const issued = await this.attempt((token) => api.createAccount(token, account));
    if (issued === null) return;
    this.issued = issued;
    this.revision += 1;
    await this.loadAccounts();
  }

  private async resetPassword(username: string): Promise<void> {
    const issued = await this.attempt((token) => api.resetPassword(token, username));
    if (issued === null) return;
    this.issued = issued;
    await this.loadAccounts();
  }

  private async switchAccount(change: AccountSwitched): Promise<void> {
    const done = await this.attempt(async (token) => {
      await api.setAccountDisabled(token, change.username, change.disabled);
      return true;
    });
    if (done === null) return;
    this.issued = null;
    await this.loadAccounts();
  }

  private async loadChanges(fromStart: boolean): Promise<void> {
    const token = this.runtime?.token() ?? null;
    if (token === null) {
      this.changesMessage = ta('changes.needsLink');
      return;
    }
    this.busy = true;
    try {
      const page = await api.listChanges(token, fromStart ? null : this.nextChanges);
      this.changes = fromStart ? page.records : [...this.changes, ...page.records];
      this.nextChanges = page.next;
      this.changesMessage = '';
    } catch (err) {
      this.changesMessage = err instanceof api.AdminCallError && err.kind === 'offline' ? ta('changes.needsLink') : ta('admin.loadFailed', { reason: err instanceof Error ? err.message : String(err) });
    } finally {
      this.busy = false;
    }
  }
}
customElements.define('admin-console', AdminConsole);

declare global {
  interface HTMLElementTagNameMap {
    'admin-console': AdminConsole;
  }
}
