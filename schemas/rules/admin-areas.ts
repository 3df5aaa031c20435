import type { Role } from '../types.ts';

/** What the city's administration looks after, one area each. */
export const ADMIN_AREAS = ['catalog', 'calendars', 'units', 'accounts'] as const;
export type AdminArea = (typeof ADMIN_AREAS)[number];

/**
 * Who changes what (least privilege): the catalog editor keeps the service catalog and the
 * working-day calendar; the administrator keeps the network's units and its accounts. Nobody else
 * changes either, and neither works on cases.
 */
const AREA_ROLES: Readonly<Record<AdminArea, readonly Role[]>> = {
  catalog: ['catalog_editor'],
  calendars: ['catalog_editor'],
  units: ['admin'],
  accounts: ['admin'],
};

export function mayAdminister(role: Role, area: AdminArea): boolean {
  return AREA_ROLES[area].includes(role);
}

/** The areas a role administers, in the order the console shows them; empty for every other role. */
export function adminAreasOf(role: Role): AdminArea[] {
  return ADMIN_AREAS.filter((area) => mayAdminister(role, area));
}

/** Whether a role administers anything: these roles get the administration console, and read the change record. */
export function administers(role: Role): boolean {
  return adminAreasOf(role).length > 0;
}
