import { html, LitElement } from 'lit';
import { chineseDate, type AcceptanceReceiptContent } from '../domain/printed-documents.ts';
import { printed, printedCounts } from '../i18n/printed-zh.ts';
import { documentStyles } from './document-styles.ts';

/** 受理回执: what the station gives the citizen on acceptance. Printed, so in Chinese whatever the console's language. */
export class AcceptanceReceipt extends LitElement {
  static override properties = { receipt: { attribute: false } };
  static override styles = documentStyles;
  declare receipt: AcceptanceReceiptContent | null;

  constructor() {
    super();
    this.receipt = null;
  }

  override render() {
    const r = this.receipt;
    if (r === null) return null;
    const due = r.kind === 'instant'
      ? printed('receipt.promisedInstant', { date: chineseDate(r.promisedDueDate) })
      : printed('receipt.promisedCommitment', { date: chineseDate(r.promisedDueDate), days: r.promisedDays });
    return html`<article lang="zh-CN" data-document="receipt">
      <h1>${printed('receipt.title')}</h1>
      <table>
        <tr><th>${printed('receipt.caseNumber')}</th><td class="mono" data-field="caseNumber">${r.caseNumber}</td></tr>
        <tr><th>${printed('receipt.queryCode')}</th><td class="mono" data-field="queryCode">${r.queryCode}</td></tr>
        <tr><th>${printed('receipt.item')}</th><td data-field="item">${r.itemName}（${printed('receipt.itemCode')} ${r.itemCode}）${r.greenChannel ? html`<br />${printed('receipt.green')}` : null}</td></tr>
        <tr><th>${printed('receipt.applicant')}</th><td data-field="applicant">${r.applicantName}</td></tr>
        <tr><th>${printed('receipt.applicantId')}</th><td class="mono" data-field="applicantId">${r.applicantId}</td></tr>
        <tr><th>${printed('receipt.acceptedDate')}</th><td data-field="acceptedDate">${chineseDate(r.acceptedDate)}</td></tr>
        <tr><th>${printed('receipt.received')}</th><td data-field="received">${r.received.length === 0 ? printed('receipt.receivedNone')
          : html`<ol>${r.received.map((m) => html`<li>${m.name}${printedCounts(m.originals, m.copies)}</li>`)}</ol>`}
          ${r.missingCount > 0 ? html`<p>${printed('receipt.missing', { n: r.missingCount })}</p>` : null}</td></tr>
        <tr><th>${printed('receipt.promisedDue')}</th><td data-field="promisedDue">${due}</td></tr>
        <tr><th>${printed('receipt.station')}</th><td data-field="station">${r.station.name}</td></tr>
        <tr><th>${printed('receipt.address')}</th><td data-field="address">${r.station.address}</td></tr>
        <tr><th>${printed('receipt.phone')}</th><td data-field="phone">${r.station.phone}</td></tr>
      </table>
      <p>${printed('receipt.query')}</p>
      <div class="sign"><span>${printed('receipt.signature')}</span><span>${printed('receipt.seal')}<br />${chineseDate(r.acceptedDate)}</span></div>
    </article>`;
  }
}
customElements.define('acceptance-receipt', AcceptanceReceipt);

declare global {
  interface HTMLElementTagNameMap {
    'acceptance-receipt': AcceptanceReceipt;
  }
}
