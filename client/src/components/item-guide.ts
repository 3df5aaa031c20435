import { css, html, LitElement } from 'lit';
import type { ServiceItem } from '../../../schemas/types.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { pick, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** An item's guidance, time limits, fee, service modes and materials checklist. */
export class ItemGuide extends LitElement {
  static override properties = { item: { attribute: false } };
  static override styles = [sharedStyles, css`dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; } dt { color: var(--muted); } dd { margin: 0; } ul { padding-left: 1.2rem; }`];
  declare item: ServiceItem | null;

  constructor() {
    super();
    this.item = null;
    new LocaleController(this);
  }

  override render() {
    const item = this.item;
    if (item === null) return null;
    return html`<h2>${pick(item.name)}</h2>
      <dl>
        <dt>${t('item.code')}</dt><dd>${item.code}</dd>
        <dt>${t('item.category')}</dt><dd>${pick(item.category)}</dd>
        <dt>${t('item.decision')}</dt><dd>${t(`tier.${item.decisionTier}`)} · ${t(item.kind === 'instant' ? 'item.kind.instant' : 'item.kind.commitment')}</dd>
        <dt>${t('item.limitsLabel')}</dt><dd>${item.kind === 'instant' ? t('item.limitsInstant') : t('item.limits', { legal: item.legalDays, promised: item.promisedDays })}</dd>
        <dt>${t('item.fee')}</dt><dd>${item.feeYuan === 0 ? t('item.free') : t('item.feeYuan', { n: item.feeYuan })}</dd>
        ${item.modes.length > 0 ? html`<dt>${t('item.modes')}</dt><dd>${item.modes.map((m) => t(`mode.${m}`)).join('、')}</dd>` : null}
      </dl>
      <h3>${t('item.guide')}</h3>
      <p>${pick(item.guide)}</p>
      <h3>${t('item.materials')}</h3>
      <ul>${item.materials.map((m) => html`<li>${pick(m.name)} <span class="muted">${t('item.materialCount', { o: m.originals, c: m.copies })}</span></li>`)}</ul>`;
  }
}
customElements.define('item-guide', ItemGuide);

declare global {
  interface HTMLElementTagNameMap {
    'item-guide': ItemGuide;
  }
}
