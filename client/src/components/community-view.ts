import { css, html, LitElement } from 'lit';
import { CaseRuleError } from '../../../replication/case-desk.ts';
import type { CaseStatus } from '../../../schemas/types.ts';
import { caseCount$, caseList$, EMPTY_LIST, type CaseListState } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { locale, pick, t } from '../i18n/locale.ts';
import type { AcceptForm, CaseAcceptSubmitted } from './accept-form.ts';
import { viewStyles } from './view-styles.ts';
import './accept-form.ts';
import './case-list.ts';
import './case-panel.ts';
import './item-finder.ts';
import './item-guide.ts';

type Tab = 'find' | 'open' | 'waiting' | 'pickup';

const TAB_STATUSES: Record<Exclude<Tab, 'find'>, readonly CaseStatus[]> = {
  open: ['accepted', 'handling', 'suspended'],
  waiting: ['supplement_requested'],
  pickup: ['approved', 'refused'],
};

const PAGE = 50;

/** Container: the community station's desk — find an item, accept, follow cases to pickup. */
export class CommunityView extends LitElement {
  static override properties = { runtime: { attribute: false }, tab: { state: true }, itemCode: { state: true }, caseId: { state: true }, busy: { state: true }, message: { state: true }, error: { state: true }, limit: { state: true } };
  static override styles = [viewStyles, css``];
  declare runtime: ConsoleRuntime | null;
  declare tab: Tab;
  declare itemCode: string;
  declare caseId: string;
  declare busy: boolean;
  declare message: string;
  declare error: string;
  declare limit: number;
  private readonly reference = new ReferenceDataController(this);
  /** Only the shown tab's list is queried; the others only count. */
  private readonly list = new ObservableController<CaseListState>(this, null, EMPTY_LIST);
  private readonly counts = {
    open: new ObservableController<number>(this, null, 0),
    waiting: new ObservableController<number>(this, null, 0),
    pickup: new ObservableController<number>(this, null, 0),
  };

  constructor() {
    super();
    this.runtime = null;
    this.tab = 'open';
    this.itemCode = '';
    this.caseId = '';
    this.busy = false;
    this.message = '';
    this.error = '';
    this.limit = PAGE;
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const runtime = this.runtime;
    if (changed.has('runtime')) {
      this.reference.setDatabase(runtime?.db ?? null);
      for (const tab of ['open', 'waiting', 'pickup'] as const) {
        this.counts[tab].setSource(runtime === null ? null : () => caseCount$(runtime.db, TAB_STATUSES[tab]));
      }
    }
    if (changed.has('runtime') || changed.has('limit') || changed.has('tab')) {
      const tab = this.tab;
      this.list.setSource(runtime === null || tab === 'find' ? null : () => caseList$(runtime.db, { statuses: TAB_STATUSES[tab], limit: this.limit }));
    }
  }

  override render() {
    const tabs: readonly [Tab, string][] = [
      ['open', `${t('nav.open')} (${this.counts.open.value})`],
      ['waiting', `${t('nav.waiting')} (${this.counts.waiting.value})`],
      ['pickup', `${t('nav.pickup')} (${this.counts.pickup.value})`],
      ['find', t('nav.find')],
    ];
    return html`<nav role="tablist">${tabs.map(([tab, label]) => html`<button role="tab" data-tab=${tab} aria-selected=${this.tab === tab ? 'true' : 'false'} @click=${() => this.show(tab)}>${label}</button>`)}</nav>
      ${this.tab === 'find' ? this.renderFind() : this.renderList(this.tab)}`;
  }

  private renderFind() {
    const item = this.reference.catalog.find((i) => i.code === this.itemCode) ?? null;
    return html`<div class="columns">
      <section class="panel"><item-finder .items=${this.reference.catalog} selectedCode=${this.itemCode} @item-selected=${(e: CustomEvent<{ code: string }>) => this.pickItem(e.detail.code)}></item-finder></section>
      <section class="panel wide">${item === null ? html`<p class="muted">${t('accept.pick')}</p>` : html`<item-guide .item=${item}></item-guide>
        <accept-form .item=${item} ?busy=${this.busy} message=${this.message} error=${this.error} @case-accept-submitted=${this.accept}></accept-form>`}</section>
    </div>`;
  }

  private renderList(tab: Exclude<Tab, 'find'>) {
    const list = this.list.value;
    const unitNames = new Map(this.reference.units.map((u) => [u.id, pick(u.name)]));
    const itemNames = new Map(this.reference.catalog.map((i) => [i.code, pick(i.name)]));
    const heading = tab === 'open' ? t('nav.open') : tab === 'waiting' ? t('nav.waiting') : t('nav.pickup');
    return html`<div class="columns">
      <section class="panel"><case-list heading=${heading} .cases=${list.cases} total=${list.total} .unitNames=${unitNames} .itemNames=${itemNames} selectedId=${this.caseId}
        @case-selected=${(e: CustomEvent<{ id: string }>) => { this.caseId = e.detail.id; }} @more-requested=${() => { this.limit += PAGE * 4; }}></case-list></section>
      <section class="wide">${this.caseId === '' ? null : html`<case-panel .runtime=${this.runtime} caseId=${this.caseId} @case-closed=${() => { this.caseId = ''; }}></case-panel>`}</section>
    </div>`;
  }

  private show(tab: Tab): void {
    if (tab !== this.tab) this.list.value = EMPTY_LIST;
    this.tab = tab;
    this.caseId = '';
    this.limit = PAGE;
  }

  private pickItem(code: string): void {
    this.itemCode = code;
    this.message = '';
    this.error = '';
  }

  private readonly accept = async (e: CustomEvent<CaseAcceptSubmitted>): Promise<void> => {
    const runtime = this.runtime;
    const item = this.reference.catalog.find((i) => i.code === this.itemCode);
    if (runtime === null || item === undefined) return;
    const form = e.target as AcceptForm;
    this.busy = true;
    this.error = '';
    this.message = '';
    try {
      const { applicant, provided, greenChannel, note } = e.detail;
      const doc = await runtime.desk.acceptCase({ item, applicant, provided, ...(greenChannel ? { greenChannel } : {}), ...(note === '' ? {} : { note }) });
      const accept = doc.events[0];
      let outcome = '';
      const me = this.reference.units.find((u) => u.id === runtime.actor.unitId);
      if (item.decisionTier === runtime.actor.tier) {
        // 即办件 decided here: concluded on the spot.
        if (item.kind === 'instant') {
          await runtime.desk.record(doc.id, 'approve', {});
          outcome = t('accept.doneInstant');
        }
      } else if (me?.parentId) {
        // 承诺件 decided above: forwarded up towards the deciding tier.
        await runtime.desk.record(doc.id, 'forward', { toUnitId: me.parentId });
        outcome = t('accept.doneForwarded', { unit: pick(this.reference.units.find((u) => u.id === me.parentId)?.name) || me.parentId });
      }
      this.message = `${t('accept.done', { number: doc.caseNumber, code: accept?.data.queryCode ?? '', name: applicant.name, id: maskIdNumber(applicant.idNumber) })} ${outcome}`;
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
