import { css, html, LitElement } from 'lit';
import type { StationSync } from '../../../replication/station-sync.ts';
import type { SyncStatus } from '../../../replication/sync-status.ts';
import type { Unit } from '../../../schemas/types.ts';
import { units$ } from '../controllers/case-queries.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { ObservableController } from '../controllers/observable-controller.ts';
import { AuthCallError, login } from '../data/auth-api.ts';
import { startConsoleRuntime, type ConsoleRuntime } from '../data/console-runtime.ts';
import { checkVerifier, createVerifier } from '../data/offline-verifier.ts';
import { SessionKeeper, type KeeperState } from '../data/session-keeper.ts';
import { clearSession, deviceId, isUnlockedInTab, loadSession, markUnlockedInTab, saveSession, type StoredSession } from '../data/session-store.ts';
import { pick, t } from '../i18n/locale.ts';
import type { LoginSubmitted } from './login-form.ts';
import { sharedStyles } from './shared-styles.ts';
import './city-view.ts';
import './community-view.ts';
import './lang-switch.ts';
import './login-form.ts';
import './street-view.ts';
import './sync-indicator.ts';
import './unlock-form.ts';

type Phase = 'boot' | 'login' | 'unlock' | 'opening' | 'console';

/**
 * The shell: sign-in (online, once), offline unlock, the tier's view, the sync indicator, and
 * sign-out that wipes the unit's data only after its changes are pushed or knowingly abandoned.
 */
export class LiandongApp extends LitElement {
  static override properties = { phase: { state: true }, error: { state: true }, busy: { state: true }, keeperState: { state: true }, logoutPending: { state: true }, logoutBusy: { state: true } };
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
  declare phase: Phase;
  declare error: string;
  declare busy: boolean;
  declare keeperState: KeeperState;
  /** Set while signing out with unsynced work: how many changes and refusals would be lost. */
  declare logoutPending: { readonly pending: number; readonly refused: number } | null;
  declare logoutBusy: boolean;
  private session: StoredSession | null = null;
  private runtime: ConsoleRuntime | null = null;
  private sync: StationSync | null = null;
  private keeper: SessionKeeper | null = null;
  private readonly status = new ObservableController<SyncStatus | null>(this, null, null);
  private readonly units = new ObservableController<Unit[]>(this, null, []);
  private lastSignInRequired = false;
  private detachOnline: () => void = () => undefined;

  constructor() {
    super();
    this.phase = 'boot';
    this.error = '';
    this.busy = false;
    this.keeperState = 'ok';
    this.logoutPending = null;
    this.logoutBusy = false;
    new LocaleController(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.session = loadSession();
    if (this.session === null) this.phase = 'login';
    else if (isUnlockedInTab(this.session.username)) void this.openConsole(this.session, null);
    else this.phase = 'unlock';
  }

  override render() {
    document.title = t('app.title');
    return html`<header>
        <h1>${t('app.title')}</h1>
        ${this.phase === 'console' && this.runtime !== null ? html`<span class="who" data-who>${t(`tier.${this.runtime.actor.tier}`)} · ${t('header.worker', { worker: this.runtime.workerName, unit: this.unitName() })}</span>` : null}
        <span class="tools"><lang-switch></lang-switch>
          ${this.phase === 'console' ? html`<button class="secondary" data-logout @click=${() => void this.logout(false)}>${t('header.logout')}</button>` : null}</span>
      </header>
      ${this.phase === 'console' ? html`<div class="bar"><sync-indicator .status=${this.status.value} @sign-in-submitted=${this.signInAgain}></sync-indicator></div>` : null}
      ${this.keeperState === 'disabled' ? html`<div class="warning" role="alert">${t('session.disabled', { n: this.status.value?.pendingOutbound ?? 0 })}
          <div class="row"><button @click=${() => void this.wipe()}>${t('session.wipe')}</button></div></div>` : null}
      ${this.logoutPending !== null ? html`<div class="warning" role="alert" data-logout-warning>${t('logout.warning', { n: this.logoutPending.pending + this.logoutPending.refused, r: this.logoutPending.refused })}
          <div class="row"><button class="secondary" @click=${() => { this.logoutPending = null; }}>${t('logout.keep')}</button>
          <button data-abandon @click=${() => void this.wipe()}>${t('logout.abandon')}</button></div></div>` : null}
      ${this.logoutBusy ? html`<div class="warning">${t('logout.pushing')}</div>` : null}
      <main>${this.renderPhase()}</main>`;
  }

  private renderPhase() {
    switch (this.phase) {
      case 'boot':
      case 'opening':
        return html`<p class="muted">${this.error || t('app.loading')}</p>`;
      case 'login':
        return html`<login-form ?busy=${this.busy} error=${this.error} @login-submitted=${this.login}></login-form>`;
      case 'unlock':
        return html`<unlock-form workerName=${this.session?.workerName ?? ''} unitName=${this.session === null ? '' : `${t(`tier.${this.session.tier}`)} ${this.session.unitId}`} ?busy=${this.busy} error=${this.error} @unlock-submitted=${this.unlock}></unlock-form>`;
      case 'console':
        if (this.runtime === null) return null;
        if (this.runtime.actor.tier === 'community') return html`<community-view .runtime=${this.runtime}></community-view>`;
        if (this.runtime.actor.tier === 'street') return html`<street-view .runtime=${this.runtime}></street-view>`;
        return html`<city-view .runtime=${this.runtime}></city-view>`;
    }
  }

  private unitName(): string {
    const id = this.runtime?.actor.unitId ?? '';
    return pick(this.units.value.find((u) => u.id === id)?.name) || id;
  }

  private readonly login = async (e: CustomEvent<LoginSubmitted>): Promise<void> => {
    if (!navigator.onLine) {
      this.error = t('login.offline');
      return;
    }
    this.busy = true;
    this.error = '';
    try {
      const answer = await login(e.detail.username, e.detail.password);
      const session: StoredSession = { username: e.detail.username, unitId: answer.unitId, tier: answer.tier, role: answer.role, workerName: answer.workerName, token: answer.token, expiresAt: answer.expiresAt, verifier: await createVerifier(e.detail.password) };
      saveSession(session);
      markUnlockedInTab(session.username);
      this.session = session;
      await this.openConsole(session, null);
    } catch (err) {
      this.error = err instanceof AuthCallError
        ? (err.kind === 'offline' ? t('login.unreachable', { reason: err.message }) : t('login.failed', { reason: err.message }))
        : t('error.unknown', { reason: String(err) });
    } finally {
      this.busy = false;
    }
  };

  private readonly unlock = async (e: CustomEvent<{ password: string }>): Promise<void> => {
    const session = this.session;
    if (session === null) return;
    this.busy = true;
    this.error = '';
    try {
      if (!(await checkVerifier(session.verifier, e.detail.password))) {
        this.error = t('unlock.wrong');
        return;
      }
      markUnlockedInTab(session.username);
      await this.openConsole(session, e.detail.password);
    } finally {
      this.busy = false;
    }
  };

  private async openConsole(session: StoredSession, password: string | null): Promise<void> {
    this.phase = 'opening';
    const keeper = new SessionKeeper(session, (next, state) => {
      this.session = next;
      this.keeperState = state;
      // The worker just typed the password: an expired token is replaced without asking again.
      if (state === 'sign-in-required' && password !== null) void keeper.signIn(password).then(() => this.sync?.reSync(), () => undefined);
    });
    this.keeper = keeper;
    try {
      const runtime = await startConsoleRuntime({ session, deviceId: deviceId(), token: () => keeper.token() });
      this.runtime = runtime;
      this.units.setSource(() => units$(runtime.db));
      void runtime.sync.then((sync) => {
        this.sync = sync;
        this.status.setSource(() => sync.status$);
        sync.status$.subscribe((s) => {
          // A refused token: try a refresh once per episode; the indicator asks for the password otherwise.
          if (s.signInRequired && !this.lastSignInRequired) void keeper.refreshIfDue(true).then(() => sync.reSync());
          this.lastSignInRequired = s.signInRequired;
        });
        keeper.start();
        // The link is back: pull and push now rather than at the end of the current backoff.
        const onOnline = (): void => sync.reSync();
        addEventListener('online', onOnline);
        this.detachOnline = () => removeEventListener('online', onOnline);
        if (password !== null && navigator.onLine && Date.parse(session.expiresAt) <= Date.now()) void keeper.signIn(password).then(() => sync.reSync(), () => undefined);
      }, (err: unknown) => {
        this.error = t('app.openFailed', { reason: err instanceof Error ? err.message : String(err) });
      });
      this.phase = 'console';
    } catch (err) {
      this.error = t('app.openFailed', { reason: err instanceof Error ? err.message : String(err) });
    }
  }

  private readonly signInAgain = async (e: CustomEvent<{ password: string }>): Promise<void> => {
    try {
      await this.keeper?.signIn(e.detail.password);
      this.sync?.reSync();
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
  };

  /** Sign-out: push what is pending first; wipe only when nothing would be lost or the worker agrees. */
  private async logout(force: boolean): Promise<void> {
    const runtime = this.runtime;
    if (runtime === null) return;
    const sync = await runtime.sync;
    const counts = (): { pending: number; refused: number } => ({ pending: sync.status().pendingOutbound, refused: sync.status().refused.length });
    if (!force && counts().pending > 0 && navigator.onLine) {
      this.logoutBusy = true;
      sync.reSync();
      await Promise.race([sync.awaitInSync(), new Promise((r) => setTimeout(r, 10_000))]);
      this.logoutBusy = false;
    }
    const left = counts();
    if (!force && left.pending + left.refused > 0) {
      this.logoutPending = left;
      return;
    }
    await this.wipe();
  }

  private async wipe(): Promise<void> {
    this.logoutPending = null;
    this.detachOnline();
    this.keeper?.stop();
    this.status.setSource(null);
    this.units.setSource(null);
    const runtime = this.runtime;
    this.runtime = null;
    this.sync = null;
    this.phase = 'opening';
    await runtime?.wipe();
    clearSession();
    localStorage.removeItem('liandong.overview');
    this.session = null;
    this.keeperState = 'ok';
    this.phase = 'login';
  }
}
customElements.define('liandong-app', LiandongApp);

declare global {
  interface HTMLElementTagNameMap {
    'liandong-app': LiandongApp;
  }
}
