import { html, LitElement } from 'lit';
import type { CaseSummary } from '../../../schemas/api/case-search-page.schema.ts';
import { classifySearchText } from '../../../schemas/rules/case-search.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { unitCaseLists, type CaseLists } from '../controllers/case-queries.ts';
import { cityCaseLists } from '../controllers/network-case-lists.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { OverviewController } from '../controllers/overview-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { fetchNetworkCasePage, searchCases, searchCasesByNumber, SupervisionCallError, type CaseSearchCriteria } from '../data/supervision-api.ts';
import type { WorkspaceTab } from '../domain/workspace-tab.ts';
import { formatTime, t } from '../i18n/locale.ts';
import type { TabShown } from './case-workspace.ts';
import { viewStyles } from './view-styles.ts';
import './case-panel.ts';
import './case-search.ts';
import './case-search-results.ts';
import './case-workspace.ts';
import './unit-tree.ts';

const TABS: readonly WorkspaceTab[] = [
  { id: 'network', label: 'nav.network', filter: null },
  /** 绩效看板: indicators, charts, ranking and the report; loaded on its first opening. */
  { id: 'dashboard', label: 'nav.dashboard', filter: null },
  { id: 'held', label: 'nav.held', filter: { group: 'underWay', heldHere: true } },
  /** Cases under way anywhere in the network: the ones the city may urge or supervise. Read from the server. */
  { id: 'watch', label: 'nav.watch', filter: { group: 'underWay', heldHere: false } },
  { id: 'supervising', label: 'nav.supervising', filter: { followUp: 'supervising' } },
  { id: 'rectifying', label: 'nav.rectifying', filter: { followUp: 'rectifying' } },
  { id: 'search', label: 'nav.search', filter: null },
];

/**
 * Container: the city center — the network's health and figures, its own cases, case search. The
 * device copies only the cases the city works on; the network's lists and search are read from the
 * server, and a case acted on from them is copied with the step.
 */
export class CityView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true }, found: { state: true }, searchMessage: { state: true }, searching: { state: true }, results: { state: true }, next: { state: true } };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: string;
  declare found: readonly CaseDoc[];
  declare searchMessage: string;
  declare searching: boolean;
  /** The search's cases so far (masked summaries), and where its next page starts. */
  declare results: readonly CaseSummary[];
  declare next: string | null;
  private criteria: CaseSearchCriteria | null = null;
  private readonly reference = new ReferenceDataController(this);
  private readonly overview = new OverviewController(this, () => this.runtime?.token() ?? null);
  private lists: CaseLists | null = null;
  /** The dashboard's chunk (ECharts included): fetched the first time its tab is shown. */
  private dashboard: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'network';
    this.found = [];
    this.searchMessage = '';
    this.searching = false;
    this.results = [];
    this.next = null;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('runtime')) {
      const runtime = this.runtime;
      this.reference.setDatabase(runtime?.db ?? null);
      this.lists = runtime === null ? null : cityCaseLists(unitCaseLists(runtime.db, runtime.actor.unitId), (list, order, cursor, limit) => {
        const token = runtime.token();
        if (token === null) return Promise.reject(new Error(t('search.offline')));
        return fetchNetworkCasePage(token, list, order, cursor, limit);
      });
      void this.overview.refresh();
    }
  }

  override render() {
    return html`<case-workspace .runtime=${this.runtime} .lists=${this.lists} .units=${this.reference.units} .calendars=${this.reference.calendars} .catalog=${this.reference.catalog} .tabs=${TABS} tab=${this.tab}
      @tab-shown=${(e: CustomEvent<TabShown>) => { this.tab = e.detail.tab; }} @tab-requested=${(e: CustomEvent<TabShown>) => { this.tab = e.detail.tab; }}>
      ${this.tab === 'network' ? this.renderNetwork() : this.tab === 'search' ? this.renderSearch() : this.tab === 'dashboard' ? this.renderDashboard() : null}
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

  private renderDashboard() {
    if (this.dashboard === 'idle') {
      this.dashboard = 'loading';
      import('./city-dashboard.ts').then(() => { this.dashboard = 'ready'; }, () => { this.dashboard = 'failed'; }).finally(() => this.requestUpdate());
    }
    if (this.dashboard === 'failed') return html`<p slot="dashboard" class="error" role="alert">${t('error.unknown', { reason: 'city-dashboard' })}</p>`;
    return html`<city-dashboard slot="dashboard" .runtime=${this.runtime} .overview=${this.overview.overview} .units=${this.reference.units} .calendars=${this.reference.calendars} .catalog=${this.reference.catalog} .lists=${this.lists}></city-dashboard>`;
  }

  private renderSearch() {
    return html`<div slot="search"><section class="panel"><case-search ?busy=${this.searching} message=${this.searchMessage} .items=${this.reference.catalog} .units=${this.reference.units} @case-search-submitted=${this.search}></case-search>
      ${this.results.length === 0 ? null : html`<case-search-results .results=${this.results} ?hasMore=${this.next !== null} ?busy=${this.searching} .items=${this.reference.catalog} .units=${this.reference.units}
        @more-requested=${this.more} @case-opened=${(e: CustomEvent<{ caseNumber: string }>) => void this.open(e.detail.caseNumber)}></case-search-results>`}</section>
      ${this.found.map((doc) => html`<case-panel .runtime=${this.runtime} caseId=${doc.id} .readCase=${doc} @case-closed=${() => { this.found = this.found.filter((d) => d !== doc); }}></case-panel>`)}</div>`;
  }

  private readonly search = async (e: CustomEvent<CaseSearchCriteria>): Promise<void> => {
    const token = this.runtime?.token() ?? null;
    if (token === null) return;
    this.criteria = e.detail;
    this.searching = true;
    this.searchMessage = '';
    this.found = [];
    try {
      const page = await searchCases(token, e.detail, null);
      this.results = page.results;
      this.next = page.next;
      const only = page.results.length === 1 && page.next === null ? page.results[0] : undefined;
      if (page.results.length === 0) this.searchMessage = t('search.noneFound');
      // A case number names one case: it opens at once.
      else if (only !== undefined && classifySearchText(e.detail.q).kind === 'caseNumber') await this.open(only.caseNumber);
    } catch (err) {
      this.results = [];
      this.next = null;
      this.searchMessage = this.failure(err);
    } finally {
      this.searching = false;
    }
  };

  private readonly more = async (): Promise<void> => {
    const token = this.runtime?.token() ?? null;
    if (token === null || this.criteria === null || this.next === null) return;
    this.searching = true;
    try {
      const page = await searchCases(token, this.criteria, this.next);
      this.results = [...this.results, ...page.results];
      this.next = page.next;
    } catch (err) {
      this.searchMessage = this.failure(err);
    } finally {
      this.searching = false;
    }
  };

  /** The whole case behind a result, from the server, above the others opened: the city may act on it, which copies it. */
  private async open(caseNumber: string): Promise<void> {
    const token = this.runtime?.token() ?? null;
    if (token === null) return;
    try {
      const docs = await searchCasesByNumber(token, caseNumber);
      if (docs.length === 0) this.searchMessage = t('search.none', { number: caseNumber });
      this.found = [...docs, ...this.found.filter((d) => !docs.some((doc) => doc.id === d.id))];
    } catch (err) {
      this.searchMessage = this.failure(err);
    }
  }

  private failure(err: unknown): string {
    return err instanceof SupervisionCallError && err.kind === 'offline' ? t('search.offline') : t('search.failed', { reason: err instanceof Error ? err.message : String(err) });
  }
}
customElements.define('city-view', CityView);

declare global {
  interface HTMLElementTagNameMap {
    'city-view': CityView;
  }
}
