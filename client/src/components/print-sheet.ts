import { css, html, LitElement } from 'lit';
import type { PrintableDocument } from '../domain/printed-documents.ts';
import './acceptance-receipt.ts';
import './one-time-notice.ts';

/**
 * The page's one print sheet: a direct child of `<body>`, beside the app. The page's print CSS
 * (`page.css`) hides everything but this sheet when printing, and hides the sheet on screen. It
 * shows a case's paper (`printable`) or, when there is none, the element put in it
 * (`printElement`: the city's report).
 */
export class PrintSheet extends LitElement {
  static override properties = { printable: { attribute: false } };
  static override styles = css`:host { display: block; background: #fff; }`;
  declare printable: PrintableDocument | null;

  constructor() {
    super();
    this.printable = null;
  }

  override render() {
    const p = this.printable;
    if (p === null) return html`<slot></slot>`;
    return p.kind === 'receipt' ? html`<acceptance-receipt .receipt=${p.receipt}></acceptance-receipt>` : html`<one-time-notice .notice=${p.notice}></one-time-notice>`;
  }

  /** Complete once the document inside has rendered too, so that printing never catches it half drawn. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const slotted = this.printable === null && this.firstElementChild instanceof LitElement ? this.firstElementChild : null;
    const inner = this.renderRoot.querySelector<LitElement>('acceptance-receipt, one-time-notice') ?? slotted;
    return inner === null ? done : (await inner.updateComplete) && done;
  }
}
customElements.define('print-sheet', PrintSheet);

declare global {
  interface HTMLElementTagNameMap {
    'print-sheet': PrintSheet;
  }
}

/**
 * Puts the document in the page's print sheet (made on first use) and opens the browser's print
 * dialog. The sheet keeps the last document until the next one: nothing but print CSS shows it.
 */
export async function printDocument(printable: PrintableDocument): Promise<void> {
  const sheet = printSheet();
  sheet.replaceChildren();
  sheet.printable = printable;
  await sheet.updateComplete;
  window.print();
}

/** Puts an element in the print sheet, in place of whatever was there, and opens the print dialog once it has rendered. */
export async function printElement(content: HTMLElement): Promise<void> {
  const sheet = printSheet();
  sheet.printable = null;
  sheet.replaceChildren(content);
  await sheet.updateComplete;
  window.print();
}

function printSheet(): PrintSheet {
  let sheet = document.body.querySelector<PrintSheet>(':scope > print-sheet');
  if (sheet === null) {
    sheet = document.createElement('print-sheet');
    document.body.append(sheet);
  }
  return sheet;
}
