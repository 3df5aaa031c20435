import type { Role, Tier, Unit } from '../types.ts';
import { problem, textProblem, type AdminProblem } from './admin-problems.ts';
import { isClosed } from './unit-edit.ts';

/** Which roles belong to which tier: a community worker cannot be made a city supervisor. */
const ROLE_TIERS: Readonly<Record<Role, readonly Tier[]>> = {
  community_worker: ['community'],
  street_clerk: ['street'],
  city_supervisor: ['city'],
  catalog_editor: ['city'],
  admin: ['city'],
};

/** Whether a role may be held at a unit of this tier. */
export function roleBelongsAt(role: Role, tier: Tier): boolean {
  return ROLE_TIERS[role].includes(tier);
}

/** The roles a unit of this tier may have. */
export function rolesAt(tier: Tier): Role[] {
  return (Object.keys(ROLE_TIERS) as Role[]).filter((role) => roleBelongsAt(role, tier));
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** A worker's account as the administrator creates it; its first password is generated. */
export interface NewAccount {
  readonly username: string;
  readonly unitId: string;
  readonly role: Role;
  readonly workerName: string;
}

/**
 * What is wrong with an account the administrator wants to create; empty when nothing is.
 * `taken`: whether the username is in use already (the hub is asked).
 */
export function newAccountProblems(account: NewAccount, units: readonly Unit[], taken: boolean): AdminProblem[] {
  const problems: AdminProblem[] = [];
  if (!USERNAME.test(account.username)) problems.push(problem('username', 'username_form'));
  else if (taken) problems.push(problem('username', 'username_taken', { username: account.username }));
  const name = textProblem('workerName', account.workerName, 60);
  if (name !== null) problems.push(name);
  const unit = units.find((u) => u.id === account.unitId);
  if (unit === undefined) problems.push(problem('unitId', 'unit_missing', { id: account.unitId }));
  else if (isClosed(unit)) problems.push(problem('unitId', 'unit_closed', { id: unit.id }));
  else if (!roleBelongsAt(account.role, unit.tier)) problems.push(problem('role', 'role_not_at_tier'));
  return problems;
}

/**
 * What stops an administrator from disabling or enabling an account: not their own (they would
 * lock themselves out), and an account of a closed unit stays disabled.
 */
export function accountSwitchProblems(target: { readonly username: string; readonly unitId: string }, disabled: boolean, byUsername: string, units: readonly Unit[]): AdminProblem[] {
  if (disabled && target.username === byUsername) return [problem('username', 'own_account')];
  const unit = units.find((u) => u.id === target.unitId);
  if (!disabled && unit !== undefined && isClosed(unit)) return [problem('unitId', 'unit_closed', { id: unit.id })];
  return [];
}
