import { html, LitElement } from 'lit';
import type { CaseDoc } from '../../../schemas/types.ts';
import { unitCaseLists, type CaseLists } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { OverviewController } from '../controllers/overview-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { searchCasesByNumber, SupervisionCallError } from '../data/supervision-api.ts';
import type { WorkspaceTab } from '../domain/workspace-tab.ts';
import { formatTime, t } from '../i18n/locale.ts';
import type { TabShown } from './case-workspace.ts';
import { viewStyles } from './view-styles.ts';
import './case-detail.ts';
import './case-search.ts';
import './case-workspace.ts';
import './unit-tree.ts';

const TABS: readonly WorkspaceTab[] = [
  { id: 'network', label: 'nav.network', filter: null },
  { id: 'held', label: 'nav.held', filter: { group: 'underWay', heldHere: true } },
  /** Cases under way anywhere in the network: the ones the city may urge or supervise. */
  { id: 'watch', label: 'nav.watch', filter: { group: 'underWay', heldHere: false } },
  { id: 'search', label: 'nav.search', filter: null },
];

/** Container: the city center — the network's health and figures, its own cases, case search. */
export class CityView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true }, found: { state: true }, searchMessage: { state: true }, searching: { state: true } };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: string;
  declare found: readonly CaseDoc[];
  declare searchMessage: string;
  declare searching: boolean;
  private readonly reference = new ReferenceDataController(this);
  private readonly overview = new OverviewController(this, () => this.runtime?.token() ?? null);
  private lists: CaseLists | null = null;

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'network';
    this.found = [];
    this.searchMessage = '';
    this.searching = false;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('runtime')) {
      const runtime = this.runtime;
      this.reference.setDatabase(runtime?.db ?? null);
      this.lists = runtime === null ? null : unitCaseLists(runtime.db, runtime.actor.unitId);
      void this.overview.refresh();
    }
  }

  override render() {
    return html`<case-workspace .runtime=${this.runtime} .lists=${this.lists} .units=${this.reference.units} .catalog=${this.reference.catalog} .tabs=${TABS} tab=${this.tab}
      @tab-shown=${(e: CustomEvent<TabShown>) => { this.tab = e.detail.tab; }}>
      ${this.tab === 'network' ? this.renderNetwork() : this.tab === 'search' ? this.renderSearch() : null}
    </case-workspace>`;
  }

  private renderNetwork() {
    const o = this.overview.overview;
    const f = this.overview.failure;
    return html`<section slot="network" class="panel">
      ${o === null ? html`<p class="muted">${f === null ? t('app.loading') : t('city.noData')}</p>` : html`
        <p class="muted">${f === null ? t('city.asOf', { time: formatTime(o.generatedAt) }) : f.kind === 'offline' ? t('city.offline', { time: formatTime(o.generatedAt) }) : t('city.fetchFailed', { reason: f.message })}</p>
        <unit-tree .units=${o.units.length > 0 ? o.units : this.reference.units} .heartbeats=${o.heartbeats} .counts=${o.counts} nowMs=${o.generatedAt}></unit-tree>`}
    </section>`;
  }

  private renderSearch() {
    return html`<div slot="search"><section class="panel"><case-search ?busy=${this.searching} message=${this.searchMessage} @case-search-submitted=${this.search}></case-search></section>
      ${this.found.map((doc) => html`<case-detail readonly .doc=${doc} .item=${this.reference.catalog.find((i) => i.code === doc.itemCode) ?? null} .units=${this.reference.units}
 .actor=${this.runtime?.actor ?? null} @case-closed=${() => { this.found = this.found.filter((d) => d !== doc); }}></case-detail>`)}</div>`;
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
