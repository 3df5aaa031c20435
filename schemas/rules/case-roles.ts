import { ROLES, type Role } from '../types.ts';
import { CASE_STEPS } from './case-steps.ts';

/**
 * The roles that work on cases: every role that some step of the case-step registry lets record.
 * Only they may read citizens' cases; the others (the catalog editor, the administrator) keep the
 * network and the catalog. A role given a step in the registry gains the cases with it.
 */
export const CASE_ROLES: readonly Role[] = ROLES.filter((role) => Object.values(CASE_STEPS).some((step) => {
  const roles: readonly Role[] = step.roles;
  return roles.includes(role);
}));

export function worksOnCases(role: Role): boolean {
  return CASE_ROLES.includes(role);
}
