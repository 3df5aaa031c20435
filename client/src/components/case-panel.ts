import { html, LitElement } from 'lit';
import { CaseRuleError } from '../../../replication/case-desk.ts';
import { mergeCases, sameCase } from '../../../schemas/rules/merge.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { caseById$ } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { ReferenceDataController } from '../controllers/reference-data-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { locale, t } from '../i18n/locale.ts';
import type { StepRequested } from './case-actions.ts';
import type { DocumentPrintRequested } from './case-materials.ts';
import './case-detail.ts';

/**
 * Container: one case, live from the device, the steps taken on it through the unit's desk, and
 * the papers its station prints. A case the city read from the server (`readCase`) and has no copy
 * of is shown as read; a step on it stores the case with the step, and from then on it is live.
 */
export class CasePanel extends LitElement {
  static override properties = { runtime: { attribute: false }, caseId: { type: String }, readCase: { attribute: false }, message: { state: true } };
  declare runtime: ConsoleRuntime | null;
  declare caseId: string;
  /** The case as read from the server, used while the device holds no copy of it. */
  declare readCase: CaseDoc | null;
  declare message: string;
  private readonly doc = new ObservableController<CaseDoc | null>(this, null, null);
  private readonly reference = new ReferenceDataController(this);

  constructor() {
    super();
    this.runtime = null;
    this.caseId = '';
    this.readCase = null;
    this.message = '';
    new LocaleController(this);
  }

  override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const runtime = this.runtime;
    if (changed.has('runtime')) this.reference.setDatabase(runtime?.db ?? null);
    if (changed.has('runtime') || changed.has('caseId')) {
      this.message = '';
      this.doc.setSource(runtime === null || this.caseId === '' ? null : () => caseById$(runtime.db, this.caseId));
    }
  }

  /**
   * The device's copy, the case as read from the server, or both merged: a copy the device stopped
   * following (a city device from before it copied only its own work) may lag behind what was read.
   */
  private get shown(): CaseDoc | null {
    const copy = this.doc.value?.id === this.caseId ? this.doc.value : null;
    const read = this.readCase?.id === this.caseId ? this.readCase : null;
    if (copy === null || read === null) return copy ?? read;
    return sameCase(copy, read) ? copy : mergeCases(copy, read);
  }

  override render() {
    const doc = this.shown;
    if (this.runtime === null || doc === null) return null;
    const item = this.reference.catalog.find((i) => i.code === doc.itemCode) ?? null;
    return html`<case-detail .doc=${doc} .item=${item} .units=${this.reference.units} .calendars=${this.reference.calendars} .actor=${this.runtime.actor}
      message=${this.message} @step-requested=${this.record} @document-print-requested=${this.print}></case-detail>`;
  }

  /** The accepting station prints the case's receipt or one-time notice, with its own name, address and calendar. */
  private readonly print = async (e: CustomEvent<DocumentPrintRequested>): Promise<void> => {
    const doc = this.shown;
    if (doc === null) return;
    // The papers and their wording load only when a station first prints: not part of the start bundle.
    const { printCaseDocument } = await import('./print-case-document.ts');
    await printCaseDocument(e.detail.document, doc, this.reference.catalog, this.reference.units, this.reference.calendars);
  };

  private readonly record = async (e: CustomEvent<StepRequested>): Promise<void> => {
    if (this.runtime === null) return;
    try {
      const copy = this.doc.value;
      const read = this.readCase;
      if ((copy === null || copy.id !== this.caseId) && read !== null && read.id === this.caseId) await this.runtime.desk.recordOnRead(read, e.detail.type, e.detail.data);
      else await this.runtime.desk.record(this.caseId, e.detail.type, e.detail.data);
      this.message = t('action.done');
    } catch (err) {
      const reason = err instanceof CaseRuleError ? (locale() === 'en' ? err.message : err.reasonZh) : String(err);
      this.message = t('action.failed', { reason });
    }
  };
}
customElements.define('case-panel', CasePanel);

declare global {
  interface HTMLElementTagNameMap {
    'case-panel': CasePanel;
  }
}
