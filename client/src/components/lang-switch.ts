import { html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { locale, setLocale, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** Switches between 中文 and English; tells the page with `locale-changed`. */
export class LangSwitch extends LitElement {
  static override styles = [sharedStyles];

  constructor() {
    super();
    new LocaleController(this);
  }

  override render() {
    return html`<button class="secondary" aria-label=${t('lang.label')} @click=${this.toggle}>${t('lang.switch')}</button>`;
  }

  private toggle(): void {
    setLocale(locale() === 'en' ? 'zh-CN' : 'en');
    this.dispatchEvent(new CustomEvent('locale-changed', { detail: { locale: locale() }, bubbles: true, composed: true }));
  }
}
customElements.define('lang-switch', LangSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'lang-switch': LangSwitch;
  }
}
