import { css, html, LitElement } from 'lit';
import type { SyncStatus } from '../../../replication/sync-status.ts';
import { LocaleController } from '../controllers/locale-controller.ts';
import { formatTime, locale, t } from '../i18n/locale.ts';
import { sharedStyles } from './shared-styles.ts';

/**
 * Online or offline, the cases waiting to upload, the last successful sync, a bar during the first
 * sync (a reload of a device that synced before says it is catching up, or working on its own
 * data offline), and every refused document with its reason. Emits `sign-in-submitted` when sync
 * needs a sign-in.
 */
export class SyncIndicator extends LitElement {
  static override properties = { status: { attribute: false } };
  static override styles = [sharedStyles, css`
    :host { display: block; font-size: .9rem; }
    .line { display: flex; gap: .8rem; align-items: center; flex-wrap: wrap; }
    .dot { width: .7rem; height: .7rem; border-radius: 50%; display: inline-block; margin-right: .3rem; vertical-align: middle; }
    .dot.on { background: var(--ok); } .dot.off { background: var(--bad); } .dot.unknown { background: #aaa; }
    progress { width: 12rem; }
    .refused { margin-top: .4rem; border: 1px solid #e3a19b; background: #fdf0ee; padding: .4rem .6rem; border-radius: 8px; }
    .refused ul { margin: .3rem 0 0; padding-left: 1.2rem; }
    form { display: flex; gap: .4rem; align-items: center; margin-top: .4rem; flex-wrap: wrap; }
  `];
  declare status: SyncStatus | null;

  constructor() {
    super();
    this.status = null;
    new LocaleController(this);
  }

  override render() {
    const s = this.status;
    if (s === null) return null;
    const state = s.online === true ? 'on' : s.online === false ? 'off' : 'unknown';
    const label = s.online === true ? t('sync.online') : s.online === false ? t('sync.offline') : t('sync.connecting');
    return html`<div class="line" role="status" aria-live="polite">
        <span data-sync-state=${state}><span class="dot ${state}"></span>${label}</span>
        <span data-pending=${s.pendingOutbound} data-pending-cases=${s.pendingCases}>${s.pendingOutbound > 0 ? t('sync.pending', { n: s.pendingCases, events: s.pendingOutbound }) : t('sync.allSynced')}</span>
        <span class="muted">${s.lastSyncAt === null ? t('sync.never') : t('sync.lastSync', { time: formatTime(s.lastSyncAt) })}</span>
        ${s.initialSyncDone ? null : this.renderCatchingUp(s)}
      </div>
      ${s.online === false && s.pendingOutbound > 0 ? html`<div class="muted">${t('sync.offlineHint')}</div>` : null}
      ${s.signInRequired ? this.renderSignIn() : null}
      ${s.lastError !== null && s.online !== false && !s.signInRequired && s.lastError.kind === 'unavailable' ? html`<div class="muted">${t('sync.error', { reason: s.lastError.message })}</div>` : null}
      ${s.refused.length > 0 ? html`<div class="refused" data-refused=${s.refused.length}>
          <strong>${t('sync.refusedHeading', { n: s.refused.length })}</strong>
          <div>${t('sync.refusedWhat')}</div>
          <ul>${s.refused.map((r) => html`<li>${t('sync.refusedItem', { id: r.id, reason: locale() === 'en' ? r.reason : r.reasonZh })}${r.detail ? html` <span class="muted">(${r.detail})</span>` : null}</li>`)}</ul>
        </div>` : null}`;
  }

  /** Not in sync yet: a first sync fills the device; a device that synced before catches up, or works offline on what it holds. */
  private renderCatchingUp(s: SyncStatus) {
    if (s.firstSyncedAt !== null) {
      if (s.online === false) return html`<span class="muted" data-local-data>${t('sync.localData', { time: formatTime(s.firstSyncedAt) })}</span>`;
      return html`<span data-catching-up>${t('sync.catchingUp')}</span>`;
    }
    return html`<span data-initial-sync><progress aria-label=${t('sync.initial')}></progress> ${t('sync.initial')}${s.storedCases === null ? null
      : html` <span data-stored=${s.storedCases}>${t('sync.initialStored', { n: s.storedCases })}</span>`}</span>`;
  }

  private renderSignIn() {
    return html`<form @submit=${this.signIn}>
      <span class="error">${t('sync.signIn')}</span>
      <input type="password" name="password" aria-label=${t('login.password')} autocomplete="current-password" required />
      <button type="submit">${t('sync.signInSubmit')}</button>
    </form>`;
  }

  private signIn(e: SubmitEvent): void {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    form.reset();
    this.dispatchEvent(new CustomEvent('sign-in-submitted', { detail: { password }, bubbles: true, composed: true }));
  }
}
customElements.define('sync-indicator', SyncIndicator);

declare global {
  interface HTMLElementTagNameMap {
    'sync-indicator': SyncIndicator;
  }
}
