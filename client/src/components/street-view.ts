import { html, LitElement } from 'lit';
import { CASE_STATUS_GROUPS, inStatusGroup } from '../../../schemas/rules/case-status.ts';
import type { CaseStatus } from '../../../schemas/types.ts';
import { loadByAcceptingUnit$, unitCaseLists, type CaseLists } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import type { WorkspaceTab } from '../domain/workspace-tab.ts';
import { pick } from '../i18n/locale.ts';
import type { CommunityLoadRow } from './community-load.ts';
import type { TabShown } from './case-workspace.ts';
import { viewStyles } from './view-styles.ts';
import './case-workspace.ts';
import './community-load.ts';

const TABS: readonly WorkspaceTab[] = [
  { id: 'inbox', label: 'nav.inbox', filter: { group: 'onDesk', heldHere: true } },
  { id: 'supplement', label: 'nav.supplement', filter: { group: 'awaitingMaterials', heldHere: true } },
  { id: 'watch', label: 'nav.watch', filter: { group: 'underWay', heldHere: false } },
  { id: 'replies', label: 'nav.replies', filter: { followUp: 'replyOwed' } },
  { id: 'supervising', label: 'nav.supervising', filter: { followUp: 'supervising' } },
  { id: 'rectifying', label: 'nav.rectifying', filter: { followUp: 'rectifying' } },
  { id: 'load', label: 'nav.load', filter: null },
];

/** Container: the street hall — cases forwarded from its communities, and their load. */
export class StreetView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true } };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: string;
  private readonly reference = new ReferenceDataController(this);
  /** Queried only while the load tab is shown. */
  private readonly load = new ObservableController<Map<string, Map<CaseStatus, number>>>(this, null, new Map());
  private lists: CaseLists | null = null;

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'inbox';
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const runtime = this.runtime;
    if (changed.has('runtime')) {
      this.reference.setDatabase(runtime?.db ?? null);
      this.lists = runtime === null ? null : unitCaseLists(runtime.db, runtime.actor.unitId);
    }
    if (changed.has('runtime') || changed.has('tab')) {
      this.load.setSource(runtime === null || this.tab !== 'load' ? null : () => loadByAcceptingUnit$(runtime.db, runtime.actor.unitId, CASE_STATUS_GROUPS.unclosed));
    }
  }

  override render() {
    return html`<case-workspace .runtime=${this.runtime} .lists=${this.lists} .units=${this.reference.units} .calendars=${this.reference.calendars} .catalog=${this.reference.catalog} .tabs=${TABS} tab=${this.tab}
      @tab-shown=${(e: CustomEvent<TabShown>) => { this.tab = e.detail.tab; }}>
      ${this.tab === 'load' ? html`<section slot="load" class="panel"><community-load .rows=${this.loadRows()}></community-load></section>` : null}
    </case-workspace>`;
  }

  private loadRows(): CommunityLoadRow[] {
    const me = this.runtime?.actor.unitId;
    return this.reference.units.filter((u) => u.parentId === me).sort((a, b) => a.id.localeCompare(b.id)).map((u) => {
      const perStatus = this.load.value.get(u.id) ?? new Map<CaseStatus, number>();
      const n = (group: 'onDesk' | 'awaitingMaterials' | 'concluded'): number => [...perStatus].reduce((sum, [status, count]) => sum + (inStatusGroup(status, group) ? count : 0), 0);
      return { unitId: u.id, name: pick(u.name), open: n('onDesk'), waiting: n('awaitingMaterials'), ready: n('concluded') };
    });
  }
}
customElements.define('street-view', StreetView);

declare global {
  interface HTMLElementTagNameMap {
    'street-view': StreetView;
  }
}
