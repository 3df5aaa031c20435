import type { GatewayServices } from '../gateway-services.ts';
import { AccountAdmin } from './account-admin.ts';
import { AuditLog } from './audit-log.ts';
import { CalendarAdmin } from './calendar-admin.ts';
import { CatalogAdmin } from './catalog-admin.ts';
import { UnitAdmin } from './unit-admin.ts';

/** The city's administration: the catalog, the calendars, the units and the accounts, with one record of every change. */
export interface Administration {
  readonly audit: AuditLog;
  readonly catalog: CatalogAdmin;
  readonly calendars: CalendarAdmin;
  readonly units: UnitAdmin;
  readonly accounts: AccountAdmin;
}

export function createAdministration(services: GatewayServices, devicesPerUnit: number): Administration {
  const { databases, now } = services;
  const audit = new AuditLog(databases.audit, now);
  // This gateway's tree and catalog rules reload at once; other gateways' followers reload theirs.
  const reload = (): void => services.network.reload();
  return {
    audit,
    catalog: new CatalogAdmin(databases.catalog, audit, reload),
    calendars: new CalendarAdmin(databases.calendars, audit, now),
    units: new UnitAdmin(databases, services.accounts, audit, now, devicesPerUnit, reload),
    accounts: new AccountAdmin(databases.accounts, databases.units, services.accounts, audit),
  };
}
