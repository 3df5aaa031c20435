import { html, LitElement } from 'lit';
import { CaseRuleError } from '../../../replication/case-desk.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { unitCaseLists, type CaseLists } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import type { WorkspaceTab } from '../domain/workspace-tab.ts';
import { locale, pick, t } from '../i18n/locale.ts';
import type { AcceptForm, CaseAcceptSubmitted } from './accept-form.ts';
import type { DocumentPrintRequested } from './case-materials.ts';
import type { TabShown } from './case-workspace.ts';
import { viewStyles } from './view-styles.ts';
import './accept-form.ts';
import './case-materials.ts';
import './case-workspace.ts';
import './item-finder.ts';
import './item-guide.ts';

const TABS: readonly WorkspaceTab[] = [
  { id: 'open', label: 'nav.open', filter: { group: 'onDesk', heldHere: false } },
  { id: 'waiting', label: 'nav.waiting', filter: { group: 'awaitingMaterials', heldHere: false } },
  { id: 'pickup', label: 'nav.pickup', filter: { group: 'concluded', heldHere: false } },
  { id: 'replies', label: 'nav.replies', filter: { followUp: 'replyOwed' } },
  { id: 'rectifying', label: 'nav.rectifying', filter: { followUp: 'rectifying' } },
  { id: 'find', label: 'nav.find', filter: null },
];

/** Container: the community station's desk — find an item, accept, follow cases to pickup. */
export class CommunityView extends LitElement {
  static override properties = {
    runtime: { attribute: false },
    tab: { state: true },
    itemCode: { state: true },
    busy: { state: true },
    message: { state: true },
    error: { state: true },
    accepted: { state: true },
  };
  static override styles = viewStyles;
  declare runtime: ConsoleRuntime | null;
  declare tab: string;
  declare itemCode: string;
  declare busy: boolean;
  declare message: string;
  declare error: string;
  /** The case just accepted: what was collected, and its receipt and notice to print. */
  declare accepted: CaseDoc | null;
  private readonly reference = new ReferenceDataController(this);
  private lists: CaseLists | null = null;

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'open';
    this.itemCode = '';
    this.busy = false;
    this.message = '';
    this.error = '';
    this.accepted = null;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('runtime')) {
      const runtime = this.runtime;
      this.reference.setDatabase(runtime?.db ?? null);
      this.lists = runtime === null ? null : unitCaseLists(runtime.db, runtime.actor.unitId);
    }
  }

  override render() {
    return html`<case-workspace .runtime=${this.runtime} .lists=${this.lists} .units=${this.reference.units} .calendars=${this.reference.calendars} .catalog=${this.reference.catalog} .tabs=${TABS} tab=${this.tab}
      @tab-shown=${(e: CustomEvent<TabShown>) => { this.tab = e.detail.tab; }}>${this.tab === 'find' ? this.renderFind() : null}</case-workspace>`;
  }

  private renderFind() {
    const item = this.reference.catalog.find((i) => i.code === this.itemCode) ?? null;
    return html`<div slot="find" class="columns">
      <section class="panel"><item-finder .items=${this.reference.catalog} selectedCode=${this.itemCode} @item-selected=${(e: CustomEvent<{ code: string }>) => this.pickItem(e.detail.code)}></item-finder></section>
      <section class="panel">${item === null ? html`<p class="muted">${t('accept.pick')}</p>` : html`<item-guide .item=${item}></item-guide>
        <accept-form .item=${item} ?busy=${this.busy} message=${this.message} error=${this.error} @case-accept-submitted=${this.accept}></accept-form>
        ${this.accepted === null ? null : html`<case-materials .doc=${this.accepted} .item=${item} printable
          @document-print-requested=${(e: CustomEvent<DocumentPrintRequested>) => void this.print(e.detail.document)}></case-materials>`}`}</section>
    </div>`;
  }

  private pickItem(code: string): void {
    this.itemCode = code;
    this.message = '';
    this.error = '';
    this.accepted = null;
  }

  private async print(kind: DocumentPrintRequested['document']): Promise<void> {
    const accepted = this.accepted;
    if (accepted === null) return;
    // The papers and their wording load only when a station first prints: not part of the start bundle.
    const { printCaseDocument } = await import('./print-case-document.ts');
    await printCaseDocument(kind, accepted, this.reference.catalog, this.reference.units, this.reference.calendars);
  }

  private readonly accept = async (e: CustomEvent<CaseAcceptSubmitted>): Promise<void> => {
    const runtime = this.runtime;
    const item = this.reference.catalog.find((i) => i.code === this.itemCode);
    if (runtime === null || item === undefined) return;
    const form = e.target as AcceptForm;
    this.busy = true;
    this.error = '';
    this.message = '';
    this.accepted = null;
    try {
      const { applicant, provided, greenChannel, note } = e.detail;
      const { doc, routing } = await runtime.desk.acceptAndRoute({ item, applicant, provided, ...(greenChannel ? { greenChannel } : {}), ...(note === '' ? {} : { note }) });
      const accept = doc.events[0];
      const outcome = routing.kind === 'concluded' ? t('accept.doneInstant')
        : routing.kind === 'forwarded' ? t('accept.doneForwarded', { unit: pick(this.reference.units.find((u) => u.id === routing.toUnitId)?.name) || routing.toUnitId })
        : '';
      this.message = `${t('accept.done', { number: doc.caseNumber, code: accept?.data.queryCode ?? '', name: applicant.name, id: maskIdNumber(applicant.idNumber) })} ${outcome}`;
      this.accepted = doc;
      form.reset();
    } catch (err) {
      const reason = err instanceof CaseRuleError ? (locale() === 'en' ? err.message : err.reasonZh) : String(err);
      this.error = t('accept.failed', { reason });
    } finally {
      this.busy = false;
    }
  };
}
customElements.define('community-view', CommunityView);

declare global {
  interface HTMLElementTagNameMap {
    'community-view': CommunityView;
  }
}
