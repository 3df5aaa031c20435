import { html, LitElement } from 'lit';
import { chineseDate, type OneTimeNoticeContent } from '../domain/printed-documents.ts';
import { printed, printedCounts } from '../i18n/printed-zh.ts';
import { documentStyles } from './document-styles.ts';

/**
 * 一次性告知书: everything the citizen still has to bring, told once, and where to bring it.
 * Printed, so in Chinese whatever the console's language.
 */
export class OneTimeNotice extends LitElement {
  static override properties = { notice: { attribute: false } };
  static override styles = documentStyles;
  declare notice: OneTimeNoticeContent | null;

  constructor() {
    super();
    this.notice = null;
  }

  override render() {
    const n = this.notice;
    if (n === null) return null;
    const station = { station: n.station.name, address: n.station.address, phone: n.station.phone };
    return html`<article lang="zh-CN" data-document="notice">
      <h1>${printed('notice.title')}</h1>
      <p class="number mono">${printed('notice.caseNumber', { number: n.caseNumber })}</p>
      <p data-field="to">${printed('notice.to', { name: n.applicantName, id: n.applicantId })}</p>
      <p>${printed(n.reason === 'supplement_requested' ? 'notice.requested' : 'notice.notProvided', { item: n.itemName, code: n.itemCode })}</p>
      <ol data-field="missing">${n.missing.map((m) => html`<li>${m.name}${printedCounts(m.originals, m.copies)}</li>`)}</ol>
      ${n.note === '' ? null : html`<p data-field="note">${printed('notice.note', { note: n.note })}</p>`}
      <p data-field="where">${printed('notice.where', station)}</p>
      <p>${printed('notice.once')}</p>
      <p>${printed('notice.end')}</p>
      <div class="sign"><span>${printed('notice.signature')}</span>
        <span class="right">${printed('notice.from', { station: n.station.name })}<br />${printed('notice.date', { date: chineseDate(n.date) })}</span></div>
    </article>`;
  }
}
customElements.define('one-time-notice', OneTimeNotice);

declare global {
  interface HTMLElementTagNameMap {
    'one-time-notice': OneTimeNotice;
  }
}
