import { css, html, LitElement } from 'lit';
import { administers } from '../../../schemas/rules/admin-areas.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { loadRuntimeCode, SessionController } from '../controllers/session-controller.ts';
import type { ConsoleRuntime } from '../data/console-runtime.ts';
import { pick, t } from '../i18n/locale.ts';
import type { LoginSubmitted } from './login-form.ts';
import { sharedStyles } from './shared-styles.ts';
import './lang-switch.ts';
import './login-form.ts';
import './unlock-form.ts';

/**
 * A user-timing mark set when the shell's first screen (sign-in, unlock, or the console opening) is
 * rendered: what was fetched before it is the start-up; the console's code is fetched after it.
 */
export const FIRST_SCREEN_MARK = 'liandong:first-screen';

type Loading = 'idle' | 'loading' | 'ready' | 'failed';

/**
 * The shell: sign-in (online, once), offline unlock, the tier's view, the sync indicator, and the
 * sign-out warnings. What happens between sign-in and sign-out is the session controller's.
 *
 * A fresh browser fetches only the shell and its forms before the first screen; the console's views
 * and runtime load right after it, while the worker types, and then the shell fires
 * `console-code-loaded` (whether they loaded or not), so the service worker's precache waits its turn
 * on a thin link.
 */
export class LiandongApp extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; gap: 1rem; align-items: center; justify-content: space-between; padding: .6rem 1rem; background: var(--red); color: #fff; flex-wrap: wrap; }
    header h1 { font-size: 1.1rem; margin: 0; }
    header .who { font-size: .9rem; }
    header .tools { display: flex; gap: .5rem; align-items: center; }
    header button.secondary { border-color: #fff; }
    .bar { padding: .4rem 1rem; background: #fff; border-bottom: 1px solid var(--line); }
    main { padding: 1rem; }
    .warning { margin: .6rem 1rem; border: 1px solid #e3a19b; background: #fdf0ee; padding: .6rem .8rem; border-radius: 8px; }
    .warning .row { display: flex; gap: .5rem; margin-top: .5rem; flex-wrap: wrap; }
  `];
  private readonly session = new SessionController(this);
  private adminConsole: Loading = 'idle';
  private consoleViews: Loading = 'idle';
  private consoleViewsError = '';

  constructor() {
    super();
    new LocaleController(this);
  }

  override firstUpdated(): void {
    performance.mark(FIRST_SCREEN_MARK);
    // After the next paint: on a fast link the console's code would otherwise arrive and be
    // evaluated (RxDB, Dexie: a few hundred kB) before the first screen is painted.
    requestAnimationFrame(() => setTimeout(() => {
      void Promise.allSettled([this.loadConsoleViews(), loadRuntimeCode()]).then(() => {
        this.dispatchEvent(new CustomEvent('console-code-loaded'));
      });
    }));
  }

  /** The tiers' views and the sync indicator (`console-views.ts`), loaded once. */
  private loadConsoleViews(): Promise<void> {
    if (this.consoleViews === 'loading' || this.consoleViews === 'ready') return Promise.resolve();
    this.consoleViews = 'loading';
    return import('./console-views.ts').then(() => { this.consoleViews = 'ready'; }, (err: unknown) => {
      this.consoleViews = 'failed';
      this.consoleViewsError = err instanceof Error ? err.message : String(err);
      throw err;
    }).finally(() => this.requestUpdate());
  }

  override render() {
    document.title = t('app.title');
    const s = this.session.state;
    const inConsole = s.phase === 'console';
    return html`<header>
        <h1>${t('app.title')}</h1>
        ${inConsole && s.runtime !== null ? html`<span class="who" data-who>${t(`tier.${s.runtime.actor.tier}`)} · ${t('header.worker', { worker: s.runtime.workerName, unit: this.session.unitName })}</span>` : null}
        <span class="tools"><lang-switch></lang-switch>
          ${inConsole ? html`<button class="secondary" data-logout @click=${() => void this.session.logout()}>${t('header.logout')}</button>` : null}</span>
      </header>
      ${inConsole ? html`<div class="bar"><sync-indicator .status=${this.session.status} @sign-in-submitted=${(e: CustomEvent<{ password: string }>) => void this.session.signInAgain(e.detail.password)}></sync-indicator></div>` : null}
      ${s.keeper === 'disabled' ? html`<div class="warning" role="alert">${t('session.disabled', { n: this.session.status?.pendingOutbound ?? 0 })}
          <div class="row"><button @click=${() => void this.session.wipe()}>${t('session.wipe')}</button></div></div>` : null}
      ${s.logoutPending !== null ? html`<div class="warning" role="alert" data-logout-warning>${t('logout.warning', { n: s.logoutPending.pending + s.logoutPending.refused, r: s.logoutPending.refused })}
          <div class="row"><button class="secondary" @click=${() => this.session.keepWorking()}>${t('logout.keep')}</button>
          <button data-abandon @click=${() => void this.session.wipe()}>${t('logout.abandon')}</button></div></div>` : null}
      ${s.logoutBusy ? html`<div class="warning">${t('logout.pushing')}</div>` : null}
      <main>${this.renderPhase()}</main>`;
  }

  private renderPhase() {
    const s = this.session.state;
    switch (s.phase) {
      case 'boot':
      case 'opening':
        return html`<p class="muted">${s.error || t('app.loading')}</p>`;
      case 'login':
        return html`<login-form ?busy=${s.busy} error=${s.error} @login-submitted=${(e: CustomEvent<LoginSubmitted>) => void this.session.login(e.detail.username, e.detail.password)}></login-form>`;
      case 'unlock':
        return html`<unlock-form workerName=${s.session?.workerName ?? ''} unitName=${s.session === null ? '' : `${t(`tier.${s.session.tier}`)} ${pick(s.session.unitName) || s.session.unitId}`} ?busy=${s.busy} error=${s.error}
          @unlock-submitted=${(e: CustomEvent<{ password: string }>) => void this.session.unlock(e.detail.password)}></unlock-form>`;
      case 'console':
        if (s.runtime === null) return null;
        if (administers(s.runtime.actor.role)) return this.renderAdministration(s.runtime);
        if (this.consoleViews !== 'ready') return this.renderViewsLoading();
        if (s.runtime.actor.tier === 'community') return html`<community-view .runtime=${s.runtime}></community-view>`;
        if (s.runtime.actor.tier === 'street') return html`<street-view .runtime=${s.runtime}></street-view>`;
        return html`<city-view .runtime=${s.runtime}></city-view>`;
    }
  }

  /** The views are still loading (a sign-in before they came), or failed to: load them again. */
  private renderViewsLoading() {
    if (this.consoleViews === 'failed') {
      return html`<p class="error" role="alert">${t('app.viewsFailed', { reason: this.consoleViewsError })}</p>
        <button @click=${() => this.retryConsoleViews()}>${t('app.retry')}</button>`;
    }
    void this.loadConsoleViews().catch(() => undefined);
    return html`<p class="muted">${t('app.loading')}</p>`;
  }

  private retryConsoleViews(): void {
    void this.loadConsoleViews().catch(() => undefined);
    this.requestUpdate();
  }

  /**
   * The catalog editor's and the administrator's console, loaded on first use: stations never
   * download it (the service worker precaches it, so it opens offline too).
   */
  private renderAdministration(runtime: ConsoleRuntime) {
    if (this.adminConsole === 'idle') {
      this.adminConsole = 'loading';
      import('./admin-console.ts').then(() => { this.adminConsole = 'ready'; }, () => { this.adminConsole = 'failed'; }).finally(() => this.requestUpdate());
    }
    if (this.adminConsole === 'failed') return html`<p class="error" role="alert">${t('error.unknown', { reason: 'admin-console' })}</p>`;
    return html`<admin-console .runtime=${runtime}></admin-console>`;
  }
}
customElements.define('liandong-app', LiandongApp);

declare global {
  interface HTMLElementTagNameMap {
    'liandong-app': LiandongApp;
  }
}
