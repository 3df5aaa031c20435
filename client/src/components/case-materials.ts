import { css, html, LitElement } from 'lit';
import type { CaseDoc, ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { collectedMaterials, stillMissing, type MaterialLine } from '../domain/case-materials.ts';
import type { PrintableDocument } from '../domain/printed-documents.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** Which document the station asks to print. */
export interface DocumentPrintRequested {
  readonly document: PrintableDocument['kind'];
}

/**
 * What was collected for a case, for every unit that sees it: the materials received, the ones
 * not provided, the ones a 补正 asks for, and the green-channel flag. At the accepting station
 * (`printable`) it offers the acceptance receipt and, while something is missing, the one-time
 * notice: emits `document-print-requested`.
 */
export class CaseMaterials extends LitElement {
  static override properties = { doc: { attribute: false }, item: { attribute: false }, printable: { type: Boolean } };
  static override styles = [sharedStyles, css`
    :host { display: block; margin: .6rem 0; }
    h3 { display: flex; gap: .5rem; align-items: center; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
    dt { color: var(--muted); } dd { margin: 0; }
    ul { margin: 0; padding-left: 1.1rem; }
    .badge.green { background: #e3f4e8; border-color: #8cc9a0; color: var(--ok); }
    .requested { color: var(--warn); }
    .print { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
  `];
  declare doc: CaseDoc | null;
  declare item: ServiceItem | null;
  declare printable: boolean;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.printable = false;
    new LocaleController(this);
  }

  override render() {
    if (this.doc === null) return null;
    const m = collectedMaterials(this.doc, this.item);
    return html`<section data-materials>
      <h3>${t('materials.heading')}${m.greenChannel ? html`<span class="badge green" data-green-channel>${t('case.greenChannel')}</span>` : null}</h3>
      <dl>
        <dt>${t('materials.received')}</dt><dd data-received>${this.lines(m.received, t('materials.none'))}</dd>
        <dt>${t('materials.notProvided')}</dt><dd data-not-provided>${this.lines(m.notProvided, t('materials.complete'))}</dd>
        ${m.requested.length === 0 ? null : html`<dt class="requested">${t('materials.requested')}</dt><dd class="requested" data-requested>${this.lines(m.requested, '')}</dd>`}
      </dl>
      ${this.printable ? html`<div class="print">
        <button type="button" class="secondary" data-print="receipt" @click=${() => this.print('receipt')}>${t('print.receipt')}</button>
        ${stillMissing(m).length === 0 ? null : html`<button type="button" class="secondary" data-print="notice" @click=${() => this.print('notice')}>${t('print.notice')}</button>`}
        <span class="muted">${t('print.chinese')}</span>
      </div>` : null}
    </section>`;
  }

  private lines(lines: readonly MaterialLine[], empty: string) {
    if (lines.length === 0) return empty;
    return html`<ul>${lines.map((l) => html`<li data-material=${l.id}>${l.name === null ? l.id : pick(l.name)}</li>`)}</ul>`;
  }

  private print(document: DocumentPrintRequested['document']): void {
    this.dispatchEvent(new CustomEvent<DocumentPrintRequested>('document-print-requested', { detail: { document }, bubbles: true, composed: true }));
  }
}
customElements.define('case-materials', CaseMaterials);

declare global {
  interface HTMLElementTagNameMap {
    'case-materials': CaseMaterials;
  }
}
