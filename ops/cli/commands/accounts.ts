import type { Account, Role } from '../../../schemas/types.ts';
import { validators } from '../../../schemas/validators.ts';
import { GatewayError } from '../../../server/errors.ts';
import { storedAs } from '../../../server/hub/hub-doc.ts';
import type { HubPort } from '../../../server/hub/hub-port.ts';
import { AccountService, roleBelongsAt } from '../../../server/services/accounts.ts';
import { generatePassword } from '../../../server/services/passwords.ts';
import type { ChangeLog } from '../change-log.ts';
import { OpsError } from '../ops-error.ts';

const ROLES: readonly Role[] = ['community_worker', 'street_clerk', 'city_supervisor', 'catalog_editor', 'admin'];

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export interface CreateAccountInput {
  readonly username: string;
  readonly unitId: string;
  readonly role: string;
  readonly workerName: string;
}

/** The account and its generated first password, which is shown once and logged nowhere. */
export interface CreatedAccount {
  readonly account: Account;
  readonly password: string;
}

function accounts(hub: HubPort): AccountService {
  return new AccountService(hub.database('accounts'), Date.now);
}

function noSuchAccount(username: string): OpsError {
  return new OpsError(`There is no account ${username}.`, `不存在账号 ${username}。`);
}

/** Creates a worker's account at a unit, with a generated password. */
export async function createAccount(hub: HubPort, log: ChangeLog, input: CreateAccountInput): Promise<CreatedAccount> {
  if (!isRole(input.role)) throw new OpsError(`--role must be one of ${ROLES.join(', ')}, not "${input.role}".`, `--role 须为 ${ROLES.join('、')} 之一，而不是"${input.role}"。`);
  if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(input.username)) throw new OpsError('A username is lowercase letters, digits and . _ -, starting with a letter or digit, at most 64 characters.', '用户名只能含小写字母、数字和 . _ -，以字母或数字开头，最长 64 个字符。');
  const unit = storedAs(await hub.database('units').get(input.unitId), validators.unit)[0];
  if (unit === undefined) throw new OpsError(`There is no unit ${input.unitId}; add it first with \`unit add\`.`, `不存在单位 ${input.unitId}，请先用 \`unit add\` 添加。`);
  if (!roleBelongsAt(input.role, unit.tier)) throw new OpsError(`A ${input.role} cannot work at a ${unit.tier} unit (${unit.id}).`, `${input.role} 岗位不能设在 ${unit.tier} 级单位（${unit.id}）。`);
  const password = generatePassword();
  const service = accounts(hub);
  const outcome = await service.ensure({ username: input.username, password, unitId: unit.id, tier: unit.tier, role: input.role, workerName: input.workerName });
  if (outcome === 'exists') throw new OpsError(`Account ${input.username} exists already; use \`account reset-password\` to give it a new password.`, `账号 ${input.username} 已存在；如需新密码请用 \`account reset-password\`。`);
  const account = await service.find(input.username);
  if (account === null) throw new OpsError(`Account ${input.username} was written but cannot be read back; check the hub.`, `账号 ${input.username} 已写入但无法读回，请检查数据中心。`);
  await log.record({ event: 'account_created', username: account.username, unitId: account.unitId, role: account.role });
  return { account, password };
}

/** Disables (or enables again) an account; disabling ends every session signed in until now. */
export async function setAccountDisabled(hub: HubPort, log: ChangeLog, username: string, disabled: boolean): Promise<Account> {
  try {
    const account = await accounts(hub).setDisabled(username, disabled);
    await log.record({ event: disabled ? 'account_disabled' : 'account_enabled', username });
    return account;
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'ERR_NOT_FOUND') throw noSuchAccount(username);
    throw err;
  }
}

/** Gives an account a new generated password and ends its sessions. */
export async function resetPassword(hub: HubPort, log: ChangeLog, username: string): Promise<CreatedAccount> {
  const password = generatePassword();
  try {
    const account = await accounts(hub).resetPassword(username, password);
    await log.record({ event: 'account_password_reset', username });
    return { account, password };
  } catch (err) {
    if (err instanceof GatewayError && err.code === 'ERR_NOT_FOUND') throw noSuchAccount(username);
    throw err;
  }
}
