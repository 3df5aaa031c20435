import { css, html, LitElement } from 'lit';
import { LocaleController } from '../controllers/locale-controller.ts';
import { t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

export interface LoginSubmitted {
  readonly username: string;
  readonly password: string;
}

/** The first, online sign-in of a unit account on this device. Emits `login-submitted`. */
export class LoginForm extends LitElement {
  static override properties = { busy: { type: Boolean }, error: { type: String } };
  static override styles = [sharedStyles, css`form { max-width: 24rem; margin: 3rem auto; } input { width: 100%; } button { margin-top: 1rem; }`];
  declare busy: boolean;
  declare error: string;

  constructor() {
    super();
    this.busy = false;
    this.error = '';
    new LocaleController(this);
  }

  override render() {
    return html`<form class="panel" @submit=${this.submit}>
      <h2>${t('login.heading')}</h2>
      <p class="muted">${t('login.intro')}</p>
      <label for="username">${t('login.username')}</label>
      <input id="username" name="username" autocomplete="username" required />
      <label for="password">${t('login.password')}</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : null}
      <button type="submit" ?disabled=${this.busy}>${this.busy ? t('login.busy') : t('login.submit')}</button>
    </form>`;
  }

  private submit(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const detail: LoginSubmitted = { username: String(data.get('username') ?? '').trim(), password: String(data.get('password') ?? '') };
    this.dispatchEvent(new CustomEvent('login-submitted', { detail, bubbles: true, composed: true }));
  }
}
customElements.define('login-form', LoginForm);

declare global {
  interface HTMLElementTagNameMap {
    'login-form': LoginForm;
  }
}
