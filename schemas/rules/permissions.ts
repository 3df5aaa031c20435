import type { CaseEventType, Role } from '../types.ts';

const CASE_STEPS: readonly CaseEventType[] = [
  'accept', 'forward', 'request_supplement', 'supplement', 'suspend', 'resume', 'approve', 'refuse', 'withdraw', 'pickup', 'rate',
];

/**
 * Which steps each role may record at all. Where a step lands (tier, holder, hierarchy) is checked
 * separately; editors and admins work on the catalog and the network, never on cases.
 */
export const ROLE_CASE_STEPS: Record<Role, readonly CaseEventType[]> = {
  community_worker: CASE_STEPS,
  street_clerk: [...CASE_STEPS, 'urge', 'supervise'],
  city_supervisor: [...CASE_STEPS, 'urge', 'supervise'],
  catalog_editor: [],
  admin: [],
};

export function roleMayRecord(role: Role, step: CaseEventType): boolean {
  return ROLE_CASE_STEPS[role].includes(step);
}
