import { roleBelongsAt } from '../../schemas/rules/account-edit.ts';
import type { Account, Role, Tier } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { BoundedMap } from './bounded-map.ts';
import { FailureThrottle } from './failure-throttle.ts';
import { HashGate } from './hash-gate.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './login-limits.ts';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords.ts';

export interface NewAccount {
  readonly username: string;
  readonly password: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerName: string;
}

// Which roles belong to which tier is a pure rule (`schemas/rules/account-edit.ts`); kept importable from here.
export { roleBelongsAt };

/** How long an account read is trusted when no follower vouches for the cache. */
const CACHE_MS = 5_000;
/**
 * How long it is trusted while the accounts follower is current: every change to an account
 * clears the cache within the follower's latency, so the limit only bounds what a missed clear
 * (a bug, never a design) could cost.
 */
const FOLLOWED_CACHE_MS = 10 * 60_000;

/** Why a sign-in was refused: for the log only; the answer never says which. */
export type LoginRefusal = 'unknown_account' | 'wrong_password' | 'account_disabled' | 'throttled' | 'busy';

export type LoginOutcome =
  | { readonly ok: true; readonly account: Account }
  | { readonly ok: false; readonly reason: LoginRefusal; readonly error: GatewayError };

/** What sign-ins cost the process right now: the sizes of what it remembers, and the hashing. */
export interface LoginStats {
  readonly trackedUsernames: number;
  readonly cachedAccounts: number;
  readonly hashesStarted: number;
  readonly hashesRunning: number;
  readonly hashesQueued: number;
  readonly peakHashesRunning: number;
  readonly limits: LoginLimits;
}

/** The answer for each refusal: an unknown account, a wrong password and a disabled one alike. */
const REFUSALS: Record<LoginRefusal, () => GatewayError> = {
  unknown_account: () => new GatewayError('ERR_LOGIN_FAILED'),
  wrong_password: () => new GatewayError('ERR_LOGIN_FAILED'),
  account_disabled: () => new GatewayError('ERR_LOGIN_FAILED'),
  throttled: () => new GatewayError('ERR_LOGIN_THROTTLED'),
  busy: () => new GatewayError('ERR_LOGIN_BUSY'),
};

const refused = (reason: LoginRefusal): LoginOutcome => ({ ok: false, reason, error: REFUSALS[reason]() });

/**
 * Accounts on the hub, with a cache: every request checks its account. A change made through this
 * instance clears its entry at once; the accounts follower clears the cache on any change to the
 * hub's accounts, whoever made it. While the follower is current an entry is kept up to
 * FOLLOWED_CACHE_MS (a thousand stations' requests cost the hub no account reads); when it is not
 * (not started, the hub out of its reach, catching up), up to CACHE_MS, as before it existed.
 */
export class AccountService {
  private readonly cache: BoundedMap<string, { account: Account | null; at: number }>;
  /** Counts the clears: a read that was under way while the cache was cleared is not kept. */
  private generation = 0;
  private followerCurrent: () => boolean = () => false;
  private readonly attempts: FailureThrottle;
  private readonly hashing: HashGate;
  readonly limits: LoginLimits;

  constructor(
    private readonly db: HubDatabasePort,
    private readonly now: () => number,
    limits: Partial<LoginLimits> = {},
  ) {
    this.limits = { ...DEFAULT_LOGIN_LIMITS, ...limits };
    this.cache = new BoundedMap(this.limits.cachedAccounts);
    this.attempts = new FailureThrottle(this.limits.perAccount, this.limits.perAccountWindowMs, this.limits.trackedUsernames);
    this.hashing = new HashGate(this.limits.concurrentHashes, this.limits.queuedHashes);
  }

  loginStats(): LoginStats {
    const hashing = this.hashing.stats();
    return {
      trackedUsernames: this.attempts.size,
      cachedAccounts: this.cache.size,
      hashesStarted: hashing.started,
      hashesRunning: hashing.running,
      hashesQueued: hashing.queued,
      peakHashesRunning: hashing.peakRunning,
      limits: this.limits,
    };
  }

  /** The hub's accounts changed: forget every cached account. */
  invalidate(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /**
   * Names what tells whether the accounts follower is current (it has read the hub's feed to its
   * end, and clears the cache on every change it reads): while it is, entries last longer.
   */
  followedBy(current: () => boolean): void {
    this.followerCurrent = current;
  }

  async find(username: string): Promise<Account | null> {
    const hit = this.cache.get(username);
    if (hit !== undefined) {
      const age = this.now() - hit.at;
      if (age < CACHE_MS || (age < FOLLOWED_CACHE_MS && this.followerCurrent())) return hit.account;
    }
    const generation = this.generation;
    const doc = await this.db.get(username);
    const account = storedAs(doc, validators.account)[0] ?? null;
    // A clear while the read was under way may be about this very account: answer it, keep nothing.
    if (generation === this.generation) this.cache.set(username, { account, at: this.now() });
    return account;
  }

  /**
   * The account for a username and password, or a refusal that does not say what was wrong. The
   * attempt is counted against the username before anything is hashed; the hash waits for a slot
   * of the hash gate, or is refused at once when the gate is full. An unknown username is checked
   * against a decoy hash and a disabled account's password is checked too, so neither answers
   * sooner, nor differently, than a wrong password.
   */
  async login(username: string, password: string): Promise<LoginOutcome> {
    if (!this.attempts.admit(username, this.now())) return refused('throttled');
    const checking = this.hashing.tryRun(async () => {
      const account = await this.find(username);
      return { account, valid: await verifyPassword(password, account?.password ?? DECOY_HASH) };
    });
    if (checking === null) return refused('busy');
    const { account, valid } = await checking;
    if (account === null) return refused('unknown_account');
    if (!valid) return refused('wrong_password');
    if (account.disabled) return refused('account_disabled');
    this.attempts.clear(username);
    return { ok: true, account };
  }

  /** Creates the account, or leaves an existing one as it is (seeding runs more than once). */
  async ensure(input: NewAccount): Promise<'created' | 'exists'> {
    if (!roleBelongsAt(input.role, input.tier)) throw new Error(`role ${input.role} does not belong at tier ${input.tier}`);
    if ((await this.db.get(input.username)) !== null) return 'exists';
    const account: Account = {
      username: input.username,
      unitId: input.unitId,
      tier: input.tier,
      role: input.role,
      workerName: input.workerName,
      password: await hashPassword(input.password),
      disabled: false,
    };
    if (!validators.account(account)) throw new Error(`account ${input.username} does not match its schema`);
    const [result] = await this.db.bulkWrite([{ ...account, _id: account.username }]);
    if (result?.error !== undefined) throw new Error(`could not create account ${input.username}: ${result.error}`);
    this.forget(input.username);
    return 'created';
  }

  /**
   * Gives an account a new password and ends every session signed in with the old one (as
   * disabling does, through `tokensValidAfter`): whoever knew the old password is out.
   */
  async resetPassword(username: string, password: string): Promise<Account> {
    const hash = await hashPassword(password);
    return this.update(username, () => ({ password: hash, tokensValidAfter: this.now() + 1 }));
  }

  /**
   * Disables or re-enables an account. Disabling also records `tokensValidAfter`: every session
   * signed in until now stays dead, even after the account is enabled again (a lost device).
   */
  async setDisabled(username: string, disabled: boolean): Promise<Account> {
    return this.update(username, () => ({ disabled, ...(disabled ? { tokensValidAfter: this.now() + 1 } : {}) }));
  }

  /** This instance changed the account: its next check reads the hub, and no read under way is kept. */
  private forget(username: string): void {
    this.generation += 1;
    this.cache.delete(username);
  }

  /** Writes `change()`'s fields over the stored account, again if someone else wrote it meanwhile. */
  private async update(username: string, change: () => Partial<Account>): Promise<Account> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = await this.db.get(username);
      // Only an account is ever written here: a design document or anything else is no account.
      if (doc === null || storedAs(doc, validators.account).length === 0) throw new GatewayError('ERR_NOT_FOUND', `no account ${username}`);
      const [result] = await this.db.bulkWrite([{ ...doc, ...change() }]);
      this.forget(username);
      if (result?.error === undefined) {
        const account = await this.find(username);
        if (account !== null) return account;
      } else if (result.error !== 'conflict') {
        throw new GatewayError('ERR_HUB_UNAVAILABLE', result.reason ?? result.error);
      }
    }
    throw new GatewayError('ERR_HUB_UNAVAILABLE', `account ${username} kept changing`);
  }
}
