import { html, LitElement } from 'lit';
import type { CaseStatus } from '../../../schemas/types.ts';
import { caseList$, EMPTY_LIST, loadByAcceptingUnit$, type CaseListState } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { UNDER_WAY_STATUSES } from '../domain/case-view.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { pick, t } from '../i18n/locale.ts';
import type { CommunityLoadRow } from './community-load.ts';
import { viewStyles } from './view-styles.ts';
import './case-list.ts';
import './case-panel.ts';
import './community-load.ts';

type Tab = 'inbox' | 'supplement' | 'watch' | 'load';
const PAGE = 50;
const UNFINISHED: readonly CaseStatus[] = ['accepted', 'handling', 'suspended', 'supplement_requested', 'approved', 'refused'];

/** Container: the street hall — cases forwarded from its communities, and their load. */
export class StreetView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true }, caseId: { state: true }, limit: { state: true } };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: Tab;
  declare caseId: string;
  declare limit: number;
  private readonly reference = new ReferenceDataController(this);
  private readonly inbox = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  private readonly supplement = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  private readonly watch = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  private readonly load = new ObservableController<Map<string, Map<CaseStatus, number>>>(this, null, new Map());

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'inbox';
    this.caseId = '';
    this.limit = PAGE;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const runtime = this.runtime;
    if (changed.has('runtime')) {
      this.reference.setDatabase(runtime?.db ?? null);
      this.load.setSource(runtime === null ? null : () => loadByAcceptingUnit$(runtime.db, UNFINISHED));
    }
    if (changed.has('runtime') || changed.has('limit')) {
      const me = runtime?.actor.unitId ?? '';
      this.inbox.setSource(runtime === null ? null : () => caseList$(runtime.db, { statuses: ['accepted', 'handling', 'suspended'], holderUnitId: me, limit: this.limit }));
      this.supplement.setSource(runtime === null ? null : () => caseList$(runtime.db, { statuses: ['supplement_requested'], holderUnitId: me, limit: this.limit }));
      this.watch.setSource(runtime === null ? null : () => caseList$(runtime.db, { statuses: UNDER_WAY_STATUSES, limit: this.limit }));
    }
  }

  override render() {
    const tabs: readonly [Tab, string][] = [
      ['inbox', `${t('nav.inbox')} (${this.inbox.value.total})`],
      ['supplement', `${t('nav.supplement')} (${this.supplement.value.total})`],
      ['watch', `${t('nav.watch')} (${this.watch.value.total})`],
      ['load', t('nav.load')],
    ];
    return html`<nav role="tablist">${tabs.map(([tab, label]) => html`<button role="tab" data-tab=${tab} aria-selected=${this.tab === tab ? 'true' : 'false'} @click=${() => { this.tab = tab; this.caseId = ''; }}>${label}</button>`)}</nav>
      ${this.tab === 'load' ? html`<section class="panel"><community-load .rows=${this.loadRows()}></community-load></section>` : this.renderTab(this.tab)}`;
  }

  private renderTab(tab: Exclude<Tab, 'load'>) {
    if (tab === 'inbox') return this.renderList(this.inbox.value, t('nav.inbox'));
    if (tab === 'supplement') return this.renderList(this.supplement.value, t('nav.supplement'));
    return this.renderList(this.watch.value, t('nav.watch'));
  }

  private renderList(list: CaseListState, heading: string) {
    const unitNames = new Map(this.reference.units.map((u) => [u.id, pick(u.name)]));
    const itemNames = new Map(this.reference.catalog.map((i) => [i.code, pick(i.name)]));
    return html`<div class="columns">
      <section class="panel"><case-list heading=${heading} .cases=${list.cases} total=${list.total} .unitNames=${unitNames} .itemNames=${itemNames} selectedId=${this.caseId}
        @case-selected=${(e: CustomEvent<{ id: string }>) => { this.caseId = e.detail.id; }} @more-requested=${() => { this.limit += PAGE * 4; }}></case-list></section>
      <section>${this.caseId === '' ? null : html`<case-panel .runtime=${this.runtime} caseId=${this.caseId} @case-closed=${() => { this.caseId = ''; }}></case-panel>`}</section>
    </div>`;
  }

  private loadRows(): CommunityLoadRow[] {
    const me = this.runtime?.actor.unitId;
    return this.reference.units.filter((u) => u.parentId === me).sort((a, b) => a.id.localeCompare(b.id)).map((u) => {
      const perStatus = this.load.value.get(u.id) ?? new Map<CaseStatus, number>();
      const n = (...statuses: CaseStatus[]): number => statuses.reduce((sum, s) => sum + (perStatus.get(s) ?? 0), 0);
      return { unitId: u.id, name: pick(u.name), open: n('accepted', 'handling', 'suspended'), waiting: n('supplement_requested'), ready: n('approved', 'refused') };
    });
  }
}
customElements.define('street-view', StreetView);

declare global {
  interface HTMLElementTagNameMap {
    'street-view': StreetView;
  }
}
