import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import type { StationSync } from '../../../replication/station-sync.ts';
import type { SyncStatus } from '../../../replication/sync-status.ts';
import type { Unit } from '../../../schemas/types.ts';
import { AuthCallError, login } from '../data/auth-api.ts';
import type { ConsoleRuntime, startConsoleRuntime } from '../data/console-runtime.ts';
import { checkVerifier, createVerifier } from '../data/offline-verifier.ts';
import { SessionKeeper, type KeeperState } from '../data/session-keeper.ts';
import { clearSession, deviceId, isUnlockedInTab, loadSession, markUnlockedInTab, saveSession, type StoredSession } from '../data/session-store.ts';
import { pick, t } from '../i18n/locale.ts';
import type { units$ } from './case-queries.ts';
import { ObservableController } from './observable-controller.ts';

export type SessionPhase = 'boot' | 'login' | 'unlock' | 'opening' | 'console';

/** What the shell draws: where the worker is between sign-in and sign-out, and what to warn about. */
export interface SessionState {
  readonly phase: SessionPhase;
  /** What went wrong last, already in words (sign-in, unlock, opening the console). */
  readonly error: string;
  /** A sign-in or unlock is under way. */
  readonly busy: boolean;
  readonly keeper: KeeperState;
  /** Set while signing out with unsynced work: how many changes and refusals would be lost. */
  readonly logoutPending: { readonly pending: number; readonly refused: number } | null;
  /** Sign-out is pushing pending changes first. */
  readonly logoutBusy: boolean;
  /** The worker stored on this device (what the unlock screen names). */
  readonly session: StoredSession | null;
  /** The open console, in phase `console`. */
  readonly runtime: ConsoleRuntime | null;
}

/** What opening a console takes beyond the shell: RxDB, the unit's sync, the queries. */
interface RuntimeCode {
  readonly startConsoleRuntime: typeof startConsoleRuntime;
  readonly units$: typeof units$;
}

let runtimeCode: Promise<RuntimeCode> | null = null;

/**
 * The console's runtime in chunks of its own, loaded once: ahead of time while the sign-in or
 * unlock form is shown, at the latest when the console opens. The sign-in form never waits for it
 * (a fresh browser's first load on a thin link). A failed load is tried again on the next call.
 */
export function loadRuntimeCode(): Promise<RuntimeCode> {
  runtimeCode ??= Promise.all([import('../data/console-runtime.ts'), import('./case-queries.ts')]).then(
    ([runtime, queries]) => ({ startConsoleRuntime: runtime.startConsoleRuntime, units$: queries.units$ }),
    (err: unknown) => {
      runtimeCode = null;
      throw err;
    },
  );
  return runtimeCode;
}

const SIGNED_OUT: SessionState = { phase: 'boot', error: '', busy: false, keeper: 'ok', logoutPending: null, logoutBusy: false, session: null, runtime: null };

/**
 * The worker's session on this device: online sign-in, offline unlock, opening the unit's console,
 * keeping the token fresh, re-syncing when the link returns, and sign-out that wipes the unit's data
 * only after its changes are pushed or knowingly abandoned.
 */
export class SessionController implements ReactiveController {
  state: SessionState = SIGNED_OUT;
  private readonly syncStatus: ObservableController<SyncStatus | null>;
  private readonly units: ObservableController<Unit[]>;
  private sync: StationSync | null = null;
  private keeper: SessionKeeper | null = null;
  private lastSignInRequired = false;
  private statusWatch: Subscription | null = null;
  private detachOnline: () => void = () => undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
    this.syncStatus = new ObservableController<SyncStatus | null>(host, null, null);
    this.units = new ObservableController<Unit[]>(host, null, []);
  }

  hostConnected(): void {
    const session = loadSession();
    if (session === null) this.set({ phase: 'login', session });
    else if (isUnlockedInTab(session.username)) {
      this.set({ session });
      void this.openConsole(session, null);
    } else this.set({ phase: 'unlock', session });
  }

  /** The unit's sync, once it has started. */
  get status(): SyncStatus | null {
    return this.syncStatus.value;
  }

  /** The signed-in unit's name from its local database, else as the sign-in answer gave it, else its id. */
  get unitName(): string {
    const id = this.state.runtime?.actor.unitId ?? '';
    return pick(this.units.value.find((u) => u.id === id)?.name) || pick(this.state.session?.unitName) || id;
  }

  /** The first sign-in on this device: needs the link; stores the session and an offline verifier. */
  async login(username: string, password: string): Promise<void> {
    if (!navigator.onLine) {
      this.set({ error: t('login.offline') });
      return;
    }
    this.set({ busy: true, error: '' });
    try {
      const answer = await login(username, password);
      const session: StoredSession = { username, unitId: answer.unitId, unitName: answer.unitName, tier: answer.tier, role: answer.role, workerName: answer.workerName, token: answer.token, expiresAt: answer.expiresAt, verifier: await createVerifier(password) };
      saveSession(session);
      markUnlockedInTab(session.username);
      this.set({ session });
      await this.openConsole(session, null);
    } catch (err) {
      this.set({
        error: err instanceof AuthCallError
          ? (err.kind === 'offline' ? t('login.unreachable', { reason: err.message }) : t('login.failed', { reason: err.message }))
          : t('error.unknown', { reason: String(err) }),
      });
    } finally {
      this.set({ busy: false });
    }
  }

  /** Unlocks the stored session with its password, no link needed. */
  async unlock(password: string): Promise<void> {
    const session = this.state.session;
    if (session === null) return;
    this.set({ busy: true, error: '' });
    try {
      if (!(await checkVerifier(session.verifier, password))) {
        this.set({ error: t('unlock.wrong') });
        return;
      }
      markUnlockedInTab(session.username);
      await this.openConsole(session, password);
    } finally {
      this.set({ busy: false });
    }
  }

  /** A fresh sign-in when sync reports the token refused. */
  async signInAgain(password: string): Promise<void> {
    try {
      await this.keeper?.signIn(password);
      this.sync?.reSync();
    } catch (err) {
      this.set({ error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Sign-out: push what is pending first; wipe only when nothing would be lost, else warn. */
  async logout(): Promise<void> {
    const runtime = this.state.runtime;
    if (runtime === null) return;
    const sync = await runtime.sync;
    const counts = (): { pending: number; refused: number } => ({ pending: sync.status().pendingOutbound, refused: sync.status().refused.length });
    if (counts().pending > 0 && navigator.onLine) {
      this.set({ logoutBusy: true });
      sync.reSync();
      await Promise.race([sync.awaitInSync(), new Promise((r) => setTimeout(r, 10_000))]);
      this.set({ logoutBusy: false });
    }
    const left = counts();
    if (left.pending + left.refused > 0) {
      this.set({ logoutPending: left });
      return;
    }
    await this.wipe();
  }

  /** The worker chose to keep working rather than lose unsynced changes. */
  keepWorking(): void {
    this.set({ logoutPending: null });
  }

  /** Stops sync, deletes the unit's data from this device and forgets the session. */
  async wipe(): Promise<void> {
    this.detachOnline();
    this.detachOnline = () => undefined;
    this.statusWatch?.unsubscribe();
    this.statusWatch = null;
    this.lastSignInRequired = false;
    this.keeper?.stop();
    this.keeper = null;
    this.syncStatus.setSource(null);
    this.units.setSource(null);
    const runtime = this.state.runtime;
    this.sync = null;
    this.set({ logoutPending: null, runtime: null, phase: 'opening' });
    await runtime?.wipe();
    clearSession();
    // The city's cached figures. Their module comes with the console's views (it checks what it reads
    // against the overview's schema, which the sign-in form's start-up does not carry).
    await import('../data/overview-cache.ts').then((cache) => cache.clearCachedOverview(), () => undefined);
    this.set({ session: null, keeper: 'ok', phase: 'login' });
  }

  private async openConsole(session: StoredSession, password: string | null): Promise<void> {
    this.set({ phase: 'opening' });
    const keeper = new SessionKeeper(session, (next, state) => {
      this.set({ session: next, keeper: state });
      // The worker just typed the password: an expired token is replaced without asking again.
      if (state === 'sign-in-required' && password !== null) void keeper.signIn(password).then(() => this.sync?.reSync(), () => undefined);
    });
    this.keeper = keeper;
    try {
      const { startConsoleRuntime, units$ } = await loadRuntimeCode();
      const runtime = await startConsoleRuntime({ session, deviceId: deviceId(), token: () => keeper.token() });
      this.units.setSource(() => units$(runtime.db));
      void runtime.sync.then((sync) => this.followSync(sync, keeper, session, password), (err: unknown) => {
        this.set({ error: t('app.openFailed', { reason: err instanceof Error ? err.message : String(err) }) });
      });
      this.set({ runtime, phase: 'console' });
    } catch (err) {
      this.set({ error: t('app.openFailed', { reason: err instanceof Error ? err.message : String(err) }) });
    }
  }

  private followSync(sync: StationSync, keeper: SessionKeeper, session: StoredSession, password: string | null): void {
    this.sync = sync;
    this.syncStatus.setSource(() => sync.status$);
    this.statusWatch = sync.status$.subscribe((s) => {
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
  }

  private set(patch: Partial<SessionState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}
