import { css, html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/** Unlocks the console on this device with the password, no network. Emits `unlock-submitted`. */
export class UnlockForm extends LitElement {
  static override properties = { workerName: { type: String }, unitName: { type: String }, busy: { type: Boolean }, error: { type: String } };
  static override styles = [sharedStyles, css`form { max-width: 24rem; margin: 3rem auto; } input { width: 100%; } .row { display: flex; gap: .5rem; margin-top: 1rem; flex-wrap: wrap; }`];
  declare workerName: string;
  declare unitName: string;
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    this.workerName = '';
    this.unitName = '';
    this.busy = false;
    this.error = '';
    new LocaleController(this);
  }

  override render() {
    return html`<form class="panel" @submit=${this.submit}>
      <h2>${t('unlock.heading')}</h2>
      <p class="muted" data-unlock-who>${t('unlock.intro', { worker: this.workerName, unit: this.unitName })}</p>
      <label for="password">${t('unlock.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <div class="row">
        <button type="submit" ?disabled=${this.busy}>${t('unlock.submit')}</button>
      </div>
    </form>`;
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get('password') ?? '');
    this.dispatchEvent(new CustomEvent('unlock-submitted', { detail: { password }, bubbles: true, composed: true }));
  }
}
customElements.define('unlock-form', UnlockForm);

declare global {
  interface HTMLElementTagNameMap {
    'unlock-form': UnlockForm;
  }
}
