import { html, LitElement } from 'lit';
import type { CalendarYear, ServiceItem, Unit } from '../../../schemas/types.ts';
import type { CaseListState, CaseLists } from '../controllers/case-queries.ts';
import { CaseWorkspaceController } from '../controllers/case-workspace-controller.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { isStatusFilter, type ListOrder, type WarningFilter, type WorkspaceTab } from '../domain/workspace-tab.ts';
import { formatTime, pick, t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';
import './case-list.ts';
import './case-panel.ts';

export interface TabShown {
  readonly tab: string;
}

/**
 * A tier's cases in tabs: the tab bar with counts, the shown tab's list with "more", and the
 * selected case's panel. A tab without a filter shows the view's own content, slotted by the tab's
 * id. Emits `tab-shown` when the worker picks another tab.
 */
export class CaseWorkspace extends LitElement {
  static override properties = {
    runtime: { attribute: false },
    lists: { attribute: false },
    units: { attribute: false },
    calendars: { attribute: false },
    catalog: { attribute: false },
    tabs: { attribute: false },
    tab: { type: String },
    caseId: { state: true },
  };
  static override styles = viewStyles;
  /** Where the selected case's steps are recorded. */
  declare runtime: ConsoleRuntime | null;
  declare lists: CaseLists | null;
  declare units: readonly Unit[];
  declare calendars: readonly CalendarYear[];
  declare catalog: readonly ServiceItem[];
  declare tabs: readonly WorkspaceTab[];
  /** The shown tab's id. */
  declare tab: string;
  declare caseId: string;
  private readonly cases = new CaseWorkspaceController(this);

  constructor() {
    super();
    this.runtime = null;
    this.lists = null;
    this.units = [];
    this.calendars = [];
    this.catalog = [];
    this.tabs = [];
    this.tab = '';
    this.caseId = '';
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('lists') || changed.has('tabs')) this.cases.follow(this.lists, this.tabs);
    if (changed.has('lists') || changed.has('tabs') || changed.has('tab')) {
      this.cases.show(this.tab);
      this.caseId = '';
    }
  }

  override render() {
    const shown = this.tabs.find((tab) => tab.id === this.tab);
    return html`<nav role="tablist">${this.tabs.map((tab) => html`<button role="tab" data-tab=${tab.id} aria-selected=${tab.id === this.tab ? 'true' : 'false'}
        @click=${() => this.pick(tab.id)}>${tab.filter === null ? t(tab.label) : html`${t(tab.label)} (${this.cases.count(tab.id)})${this.renderWarningCounts(tab.id)}`}</button>`)}</nav>
      ${shown === undefined ? null : shown.filter === null ? html`<slot name=${shown.id}></slot>` : this.renderList(shown)}`;
  }

  /** 红牌 and 黄牌 of a tab, beside its count; nothing when it has none. */
  private renderWarningCounts(tabId: string) {
    const { red, yellow, capped } = this.cases.warnings(tabId);
    const more = capped ? '+' : '';
    return html`${red > 0 ? html` <span class="badge red" data-red=${red} title=${t('warning.red')}>${red}${more}</span>` : null}${yellow > 0
      ? html` <span class="badge yellow" data-yellow=${yellow} title=${t('warning.yellow')}>${yellow}${more}</span>` : null}`;
  }

  /** Order and colour of a status list: most urgent first, or only red, yellow or on-time cases (a list read from the server is not coloured). */
  private renderViewControls(tabId: string, coloured: boolean) {
    const view = this.cases.currentView;
    const { red, yellow } = this.cases.warnings(tabId);
    const filters: readonly { warning: WarningFilter; label: string }[] = [
      { warning: 'all', label: t('list.filter.all') },
      { warning: 'red', label: t('list.filter.red', { n: red }) },
      { warning: 'yellow', label: t('list.filter.yellow', { n: yellow }) },
      { warning: 'onTime', label: t('list.filter.onTime') },
    ];
    return html`<div class="view-controls">
      <label>${t('list.order')} <select data-order @change=${(e: Event) => this.cases.view({ ...view, order: listOrderOf((e.target as HTMLSelectElement).value) })}>
        <option value="recent" ?selected=${view.order === 'recent'}>${t('list.order.recent')}</option>
        <option value="urgency" ?selected=${view.order === 'urgency'}>${t('list.order.urgency')}</option>
      </select></label>
      ${coloured ? html`<span role="group" aria-label=${t('list.filter')}>${filters.map((f) => html`<button type="button" class="chip" data-warning-filter=${f.warning} aria-pressed=${view.warning === f.warning ? 'true' : 'false'}
        @click=${() => this.cases.view({ ...view, warning: f.warning })}>${f.label}</button>`)}</span>` : null}
    </div>`;
  }

  private renderList(tab: WorkspaceTab) {
    const list = this.cases.list;
    const unitNames = new Map(this.units.map((u) => [u.id, pick(u.name)]));
    const itemNames = new Map(this.catalog.map((i) => [i.code, pick(i.name)]));
    return html`<div class="columns">
      <section class="panel">${tab.filter !== null && isStatusFilter(tab.filter) ? this.renderViewControls(tab.id, this.lists?.coloured(tab.filter) ?? false) : null}${this.renderReadNote(list)}<case-list heading=${t(tab.label)} .cases=${list.cases} total=${list.total} .unitNames=${unitNames} .itemNames=${itemNames} .units=${this.units} .calendars=${this.calendars} selectedId=${this.caseId}
        @case-selected=${(e: CustomEvent<{ id: string }>) => { this.caseId = e.detail.id; }} @more-requested=${() => this.cases.more()}></case-list></section>
      <section>${this.caseId === '' ? null : html`<case-panel .runtime=${this.runtime} caseId=${this.caseId} .readCase=${list.cases.find((c) => c.id === this.caseId) ?? null} @case-closed=${() => { this.caseId = ''; }}></case-panel>`}</section>
    </div>`;
  }

  /** A list read from the server says when, and says so when the last read failed. */
  private renderReadNote(list: CaseListState) {
    if (list.failure !== undefined) return html`<p class="error" role="alert" data-read-failed>${t('list.readFailed', { reason: list.failure })}</p>`;
    return list.readAt === undefined ? null : html`<p class="muted" data-read-at>${t('list.readAt', { time: formatTime(list.readAt) })}</p>`;
  }

  private pick(id: string): void {
    this.caseId = '';
    if (id === this.tab) return;
    this.tab = id;
    this.dispatchEvent(new CustomEvent<TabShown>('tab-shown', { detail: { tab: id }, bubbles: true, composed: true }));
  }
}
customElements.define('case-workspace', CaseWorkspace);

function listOrderOf(value: string): ListOrder {
  return value === 'urgency' ? 'urgency' : 'recent';
}

declare global {
  interface HTMLElementTagNameMap {
    'case-workspace': CaseWorkspace;
  }
}
