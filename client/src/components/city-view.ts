import { html, LitElement } from 'lit';
import type { CaseDoc } from '../../../schemas/types.ts';
import { caseList$, EMPTY_LIST, type CaseListState } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { UNDER_WAY_STATUSES } from '../domain/case-view.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import { OverviewController } from '../controllers/overview-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { searchCasesByNumber, SupervisionCallError } from '../data/supervision-api.ts';
import { formatTime, pick, t } from '../i18n/locale.ts';
import { viewStyles } from './view-styles.ts';
import './case-detail.ts';
import './case-list.ts';
import './case-panel.ts';
import './case-search.ts';
import './unit-tree.ts';

type Tab = 'network' | 'held' | 'watch' | 'search';
const PAGE = 50;

/** Container: the city center — the network's health and figures, its own cases, case search. */
export class CityView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true }, caseId: { state: true }, limit: { state: true }, found: { state: true }, searchMessage: { state: true }, searching: { state: true } };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: Tab;
  declare caseId: string;
  declare limit: number;
  declare found: readonly CaseDoc[];
  declare searchMessage: string;
  declare searching: boolean;
  private readonly reference = new ReferenceDataController(this);
  private readonly held = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  /** Cases under way anywhere in the network: the ones the city may urge or supervise. */
  private readonly watch = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  private readonly overview = new OverviewController(this, () => this.runtime?.token() ?? null);

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'network';
    this.caseId = '';
    this.limit = PAGE;
    this.found = [];
    this.searchMessage = '';
    this.searching = false;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const runtime = this.runtime;
    if (changed.has('runtime')) {
      this.reference.setDatabase(runtime?.db ?? null);
      void this.overview.refresh();
    }
    if (changed.has('runtime') || changed.has('limit')) {
      const me = runtime?.actor.unitId ?? '';
      this.held.setSource(runtime === null ? null : () => caseList$(runtime.db, { statuses: UNDER_WAY_STATUSES, holderUnitId: me, limit: this.limit }));
      this.watch.setSource(runtime === null ? null : () => caseList$(runtime.db, { statuses: UNDER_WAY_STATUSES, limit: this.limit }));
    }
  }

  override render() {
    const tabs: readonly [Tab, string][] = [
      ['network', t('nav.network')],
      ['held', `${t('nav.held')} (${this.held.value.total})`],
      ['watch', `${t('nav.watch')} (${this.watch.value.total})`],
      ['search', t('nav.search')],
    ];
    return html`<nav role="tablist">${tabs.map(([tab, label]) => html`<button role="tab" data-tab=${tab} aria-selected=${this.tab === tab ? 'true' : 'false'} @click=${() => { this.tab = tab; this.caseId = ''; }}>${label}</button>`)}</nav>
      ${this.tab === 'network' ? this.renderNetwork() : this.tab === 'held' ? this.renderHeld(this.held.value, t('nav.held')) : this.tab === 'watch' ? this.renderHeld(this.watch.value, t('nav.watch')) : this.renderSearch()}`;
  }

  private renderNetwork() {
    const o = this.overview.overview;
    const f = this.overview.failure;
    return html`<section class="panel">
      ${o === null ? html`<p class="muted">${f === null ? t('app.loading') : t('city.noData')}</p>` : html`
        <p class="muted">${f === null ? t('city.asOf', { time: formatTime(o.generatedAt) }) : f.kind === 'offline' ? t('city.offline', { time: formatTime(o.generatedAt) }) : t('city.fetchFailed', { reason: f.message })}</p>
        <unit-tree .units=${o.units.length > 0 ? o.units : this.reference.units} .heartbeats=${o.heartbeats} .counts=${o.counts} nowMs=${o.generatedAt}></unit-tree>`}
    </section>`;
  }

  private renderHeld(list: CaseListState, heading: string) {
    const unitNames = new Map(this.reference.units.map((u) => [u.id, pick(u.name)]));
    const itemNames = new Map(this.reference.catalog.map((i) => [i.code, pick(i.name)]));
    return html`<div class="columns">
      <section class="panel"><case-list heading=${heading} .cases=${list.cases} total=${list.total} .unitNames=${unitNames} .itemNames=${itemNames} selectedId=${this.caseId}
        @case-selected=${(e: CustomEvent<{ id: string }>) => { this.caseId = e.detail.id; }} @more-requested=${() => { this.limit += PAGE * 4; }}></case-list></section>
      <section>${this.caseId === '' ? null : html`<case-panel .runtime=${this.runtime} caseId=${this.caseId} @case-closed=${() => { this.caseId = ''; }}></case-panel>`}</section>
    </div>`;
  }

  private renderSearch() {
    return html`<section class="panel"><case-search ?busy=${this.searching} message=${this.searchMessage} @case-search-submitted=${this.search}></case-search></section>
      ${this.found.map((doc) => html`<case-detail readonly .doc=${doc} .item=${this.reference.catalog.find((i) => i.code === doc.itemCode) ?? null} .units=${this.reference.units}
        unitId=${this.runtime?.actor.unitId ?? ''} tier="city" @case-closed=${() => { this.found = this.found.filter((d) => d !== doc); }}></case-detail>`)}`;
  }

  private readonly search = async (e: CustomEvent<{ number: string }>): Promise<void> => {
    const token = this.runtime?.token() ?? null;
    if (token === null) return;
    const number = e.detail.number.toUpperCase();
    this.searching = true;
    this.searchMessage = '';
    try {
      this.found = await searchCasesByNumber(token, number);
      if (this.found.length === 0) this.searchMessage = t('search.none', { number });
    } catch (err) {
      this.found = [];
      this.searchMessage = err instanceof SupervisionCallError && err.kind === 'offline' ? t('search.offline') : t('search.failed', { reason: err instanceof Error ? err.message : String(err) });
    } finally {
      this.searching = false;
    }
  };
}
customElements.define('city-view', CityView);

declare global {
  interface HTMLElementTagNameMap {
    'city-view': CityView;
  }
}
