import type { SessionAnswer } from '../../../schemas/api/session-answer.schema.ts';
import { AuthCallError, login, refreshToken } from './auth-api.ts';
import { saveSession, type StoredSession } from './session-store.ts';

const REFRESH_WITHIN_MS = 30 * 60_000;
const CHECK_EVERY_MS = 60_000;

export type KeeperState = 'ok' | 'sign-in-required' | 'disabled';

/**
 * Keeps the token fresh: refreshes it when it nears expiry and the link is up, and on the link's
 * return. An expired token is replaced by a fresh sign-in when the worker has just typed the
 * password (unlock); otherwise the console asks for it.
 */
export class SessionKeeper {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly onOnline = (): void => void this.refreshIfDue(true);

  constructor(
    private session: StoredSession,
    private readonly changed: (session: StoredSession, state: KeeperState) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token as it stands; an expired one makes the gateway answer 401, which sync reports. */
  token(): string {
    return this.session.token;
  }

  start(): void {
    this.timer = setInterval(() => void this.refreshIfDue(false), CHECK_EVERY_MS);
    addEventListener('online', this.onOnline);
    void this.refreshIfDue(false);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    removeEventListener('online', this.onOnline);
  }

  /** Refresh when the token is near its end (or always, when `force`). */
  async refreshIfDue(force: boolean): Promise<void> {
    if (!navigator.onLine) return;
    if (!force && Date.parse(this.session.expiresAt) - this.now() > REFRESH_WITHIN_MS) return;
    try {
      this.adopt(await refreshToken(this.session.token));
    } catch (err) {
      if (err instanceof AuthCallError && err.kind === 'refused') this.setState(err.code === 'ERR_ACCOUNT_DISABLED' ? 'disabled' : 'sign-in-required');
    }
  }

  /** A fresh sign-in with the password the worker just typed. Throws what the server said. */
  async signIn(password: string): Promise<void> {
    try {
      this.adopt(await login(this.session.username, password));
    } catch (err) {
      if (err instanceof AuthCallError && err.code === 'ERR_ACCOUNT_DISABLED') this.setState('disabled');
      throw err;
    }
  }

  private adopt(answer: SessionAnswer): void {
    this.session = { ...this.session, token: answer.token, expiresAt: answer.expiresAt, workerName: answer.workerName, unitName: answer.unitName };
    saveSession(this.session);
    this.setState('ok');
  }

  private setState(state: KeeperState): void {
    this.changed(this.session, state);
  }
}
