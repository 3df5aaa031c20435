import { css, html, LitElement } from 'lit';
import type { Actor, CaseDoc, ServiceItem, Unit } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ratingLevel, summarizeCase } from '../domain/case-view.ts';
import { maskIdNumber } from '../domain/id-number.ts';
import { maskPhone } from '../domain/phone.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';
import './case-actions.ts';
import './case-timeline.ts';

/** One case: its summary (applicant masked), the steps this unit may take, and its timeline. */
export class CaseDetail extends LitElement {
  static override properties = {
    doc: { attribute: false },
    item: { attribute: false },
    units: { attribute: false },
    actor: { attribute: false },
    message: { type: String },
    readonly: { type: Boolean },
  };
  static override styles = [sharedStyles, css`
    :host { display: block; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; }
    dt { color: var(--muted); } dd { margin: 0; }
    header { display: flex; justify-content: space-between; align-items: baseline; gap: .5rem; }
    .num { font-family: ui-monospace, monospace; }
    .ok { color: var(--ok); }
  `];
  declare doc: CaseDoc | null;
  declare item: ServiceItem | null;
  declare units: readonly Unit[];
  /** Who looks at it: decides which steps are offered. */
  declare actor: Actor | null;
  declare message: string;
  declare readonly: boolean;

  constructor() {
    super();
    this.doc = null;
    this.item = null;
    this.units = [];
    this.actor = null;
    this.message = '';
    this.readonly = false;
    new LocaleController(this);
  }

  override render() {
    const doc = this.doc;
    if (doc === null) return null;
    const s = summarizeCase(doc, Date.now());
    const unitNames = new Map(this.units.map((u) => [u.id, pick(u.name)]));
    const materialNames = new Map((this.item?.materials ?? []).map((m) => [m.id, pick(m.name)]));
    return html`<article class="panel" data-case-detail=${s.caseNumber}>
      <header><h2><span class="num">${s.caseNumber}</span></h2><button class="secondary" @click=${this.close}>${t('case.close')}</button></header>
      <dl>
        <dt>${t('case.item')}</dt><dd>${this.item === null ? s.itemCode : pick(this.item.name)}</dd>
        <dt>${t('case.status')}</dt><dd><span class="badge" data-status=${s.status}>${t(`status.${s.status}`)}</span>
          ${s.warning === 'none' ? null : html`<span class="badge ${s.warning}">${t(s.warning === 'red' ? 'warning.red' : 'warning.yellow')}</span>`}</dd>
        <dt>${t('case.applicant')}</dt><dd>${s.applicant === null ? '—' : `${s.applicant.name} · ${maskIdNumber(s.applicant.idNumber)} · ${maskPhone(s.applicant.phone)}`}</dd>
        <dt>${t('case.accepted')}</dt><dd>${unitNames.get(s.acceptedUnitId) ?? s.acceptedUnitId}</dd>
        <dt>${t('case.decisionTier')}</dt><dd>${t(`tier.${s.decisionTier}`)}</dd>
        <dt>${t('case.holder')}</dt><dd>${unitNames.get(s.holderUnitId) ?? s.holderUnitId}</dd>
        ${s.missingMaterials.length > 0 ? html`<dt>${t('case.missing')}</dt><dd>${s.missingMaterials.map((m) => materialNames.get(m) ?? m).join('、')}</dd>` : null}
        ${s.rating === null ? null : html`<dt>${t('case.rating')}</dt><dd>${t(`rating.${ratingLevel(s.rating)}`)}</dd>`}
      </dl>
      ${s.conflictCount > 0 ? html`<p class="error">${t('case.conflicts', { n: s.conflictCount })}</p>` : null}
      ${this.message ? html`<p class="ok" role="status">${this.message}</p>` : null}
      ${this.readonly ? null : html`<case-actions .doc=${doc} .item=${this.item} .units=${this.units} .actor=${this.actor}></case-actions>`}
      <case-timeline .doc=${doc} .unitNames=${unitNames} .materialNames=${materialNames}></case-timeline>
    </article>`;
  }

  private close(): void {
    this.dispatchEvent(new CustomEvent('case-closed', { bubbles: true, composed: true }));
  }
}
customElements.define('case-detail', CaseDetail);

declare global {
  interface HTMLElementTagNameMap {
    'case-detail': CaseDetail;
  }
}
