import type { Account, Role, Tier } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface NewAccount {
  readonly username: string;
  readonly password: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerName: string;
}

/** Which roles belong to which tier: a community worker cannot be made a city supervisor. */
const ROLE_TIERS: Record<Role, readonly Tier[]> = {
  community_worker: ['community'],
  street_clerk: ['street'],
  city_supervisor: ['city'],
  catalog_editor: ['city'],
  admin: ['city'],
};

const CACHE_MS = 5_000;
const THROTTLE = { failures: 5, windowMs: 60_000 };

/**
 * Accounts on the hub, with a short cache: every request checks its account (a disabled account's
 * tokens stop at once on this instance, and within CACHE_MS on others; the accounts follower
 * clears the cache on any change).
 */
export class AccountService {
  private readonly cache = new Map<string, { account: Account | null; at: number }>();
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly db: HubDatabasePort,
    private readonly now: () => number,
  ) {}

  invalidate(): void {
    this.cache.clear();
  }

  async find(username: string): Promise<Account | null> {
    const hit = this.cache.get(username);
    if (hit !== undefined && this.now() - hit.at < CACHE_MS) return hit.account;
    const doc = await this.db.get(username);
    const account = storedAs(doc, validators.account)[0] ?? null;
    this.cache.set(username, { account, at: this.now() });
    return account;
  }

  /** The account for a username and password, or a refusal that does not say which was wrong. */
  async login(username: string, password: string): Promise<Account> {
    const recent = (this.failures.get(username) ?? []).filter((t) => this.now() - t < THROTTLE.windowMs);
    if (recent.length >= THROTTLE.failures) throw new GatewayError('ERR_LOGIN_THROTTLED');
    const account = await this.find(username);
    const valid = account !== null && (await verifyPassword(password, account.password));
    if (account === null || !valid) {
      this.failures.set(username, [...recent, this.now()]);
      throw new GatewayError('ERR_LOGIN_FAILED');
    }
    this.failures.delete(username);
    if (account.disabled) throw new GatewayError('ERR_ACCOUNT_DISABLED');
    return account;
  }

  /** Creates the account, or leaves an existing one as it is (seeding runs more than once). */
  async ensure(input: NewAccount): Promise<'created' | 'exists'> {
    if (!ROLE_TIERS[input.role].includes(input.tier)) throw new Error(`role ${input.role} does not belong at tier ${input.tier}`);
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
    this.cache.delete(input.username);
    return 'created';
  }

  async setDisabled(username: string, disabled: boolean): Promise<Account> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const doc = await this.db.get(username);
      if (doc === null) throw new GatewayError('ERR_NOT_FOUND', `no account ${username}`);
      const [result] = await this.db.bulkWrite([{ ...doc, disabled }]);
      this.cache.delete(username);
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
