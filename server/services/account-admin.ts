import type { AccountSummary } from '../../schemas/api/admin-answers.schema.ts';
import { accountSwitchProblems, newAccountProblems, type NewAccount } from '../../schemas/rules/account-edit.ts';
import type { Account, Actor } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { AccountService } from './accounts.ts';
import type { AuditLog } from './audit-log.ts';
import { refuseIfAny } from './edit-refusal.ts';
import { generatePassword } from './passwords.ts';
import { readAllStored, readStored } from './stored-documents.ts';

/** An account without its password: what the administration shows and records. */
export function accountSummary(account: Account): AccountSummary {
  return { username: account.username, unitId: account.unitId, tier: account.tier, role: account.role, workerName: account.workerName, disabled: account.disabled };
}

/** A created account, or one with a new password: the password is generated, answered once, stored only hashed. */
export interface IssuedAccount {
  readonly account: AccountSummary;
  readonly password: string;
}

/**
 * The administrator's changes to workers' accounts: create one at a unit, give one a new password
 * (a forgotten password, or a lost device: every session of the account ends), disable or enable
 * one. Passwords are generated, shown once to the administrator, and never recorded.
 */
export class AccountAdmin {
  constructor(
    private readonly db: HubDatabasePort,
    private readonly unitsDb: HubDatabasePort,
    private readonly accounts: AccountService,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<AccountSummary[]> {
    return (await readAllStored(this.db, validators.account)).map(accountSummary).sort((a, b) => a.unitId.localeCompare(b.unitId) || a.username.localeCompare(b.username));
  }

  async create(by: Actor, input: NewAccount): Promise<IssuedAccount> {
    const wanted: NewAccount = { ...input, username: input.username.trim(), workerName: input.workerName.trim() };
    const [units, existing] = await Promise.all([readAllStored(this.unitsDb, validators.unit), this.db.get(wanted.username)]);
    refuseIfAny(newAccountProblems(wanted, units, existing !== null));
    const unit = units.find((u) => u.id === wanted.unitId);
    if (unit === undefined) throw new GatewayError('ERR_NOT_FOUND', `no unit ${wanted.unitId}`);
    const password = generatePassword();
    const summary: AccountSummary = { username: wanted.username, unitId: unit.id, tier: unit.tier, role: wanted.role, workerName: wanted.workerName, disabled: false };
    await this.audit.run(by, { action: 'account_created', target: { kind: 'account', id: summary.username }, before: null, after: summary }, async () => {
      const outcome = await this.accounts.ensure({ ...wanted, tier: unit.tier, password });
      // Another administrator created the same name in between: theirs stands.
      if (outcome === 'exists') throw new GatewayError('ERR_EDIT_STALE', `account ${wanted.username} was created meanwhile`);
      return { result: undefined };
    });
    return { account: summary, password };
  }

  /** A new generated password; every session signed in with the old one ends. */
  async resetPassword(by: Actor, username: string): Promise<IssuedAccount> {
    const before = await this.existing(username);
    const password = generatePassword();
    const account = await this.audit.run(by, { action: 'account_password_reset', target: { kind: 'account', id: username }, before: accountSummary(before), after: accountSummary(before) }, async () => ({
      result: await this.accounts.resetPassword(username, password),
    }));
    return { account: accountSummary(account), password };
  }

  /** Disables (every session ends, also after it is enabled again) or enables an account. */
  async setDisabled(by: Actor, username: string, disabled: boolean): Promise<AccountSummary> {
    const before = await this.existing(username);
    const units = await readAllStored(this.unitsDb, validators.unit);
    refuseIfAny(accountSwitchProblems(before, disabled, by.workerId, units));
    if (before.disabled === disabled && !disabled) return accountSummary(before);
    const action = disabled ? 'account_disabled' : 'account_enabled';
    const account = await this.audit.run(by, { action, target: { kind: 'account', id: username }, before: accountSummary(before), after: { ...accountSummary(before), disabled } }, async () => ({
      result: await this.accounts.setDisabled(username, disabled),
    }));
    return accountSummary(account);
  }

  private async existing(username: string): Promise<Account> {
    const stored = await readStored(this.db, username, validators.account);
    if (stored === null) throw new GatewayError('ERR_NOT_FOUND', `no account ${username}`);
    return stored.doc;
  }
}
