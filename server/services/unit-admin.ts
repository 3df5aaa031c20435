import { closedUnit, newUnitProblems, openWorkOf, unitClosureProblems, type DeviceBacklog, type NewUnit, type OpenWorkRow, type UnitClosure, type UnitOpenWork } from '../../schemas/rules/unit-edit.ts';
import type { Actor, Unit } from '../../schemas/types.ts';
import { describeSchemaErrors, validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { HEARTBEATS_BY_UNIT, newestHeartbeatsOf } from '../sync/heartbeat-devices.ts';
import type { AccountService } from './accounts.ts';
import type { AuditLog } from './audit-log.ts';
import { refuseIfAny } from './edit-refusal.ts';
import { readAllStored, readStored, writeStored } from './stored-documents.ts';

/** The hub view of what each unit still has to do something about (`ops/couchdb/ddocs/cases/admin`). */
const OPEN_WORK = { ddoc: 'admin', view: 'open_work' } as const;
/** The hub view of accounts by unit. */
const ACCOUNTS_BY_UNIT = { ddoc: 'liandong', view: 'by_unit' } as const;

export interface UnitAdminDatabases {
  readonly units: HubDatabasePort;
  readonly calendars: HubDatabasePort;
  readonly cases: HubDatabasePort;
  readonly heartbeats: HubDatabasePort;
  readonly accounts: HubDatabasePort;
}

/** What stands in the way of closing a unit: its open work, and what its devices still hold. */
export interface UnitStanding {
  readonly unitId: string;
  readonly openWork: UnitOpenWork;
  readonly devices: (DeviceBacklog & { readonly reportedAt?: number })[];
}

/**
 * The administrator's changes to the network tree: a street hall under the city or a community
 * station under a street hall, and the closing of a unit that nothing waits on any more. Every
 * unit replicates the tree read-only.
 */
export class UnitAdmin {
  constructor(
    private readonly dbs: UnitAdminDatabases,
    private readonly accounts: AccountService,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    /** The most heartbeats read per unit (the device cap). */
    private readonly devicesPerUnit: number,
    private readonly changed: () => void,
  ) {}

  async add(by: Actor, draft: NewUnit): Promise<Unit> {
    const unit: Unit = {
      id: draft.id.trim(),
      name: { zh: draft.name.zh.trim(), en: draft.name.en.trim() },
      tier: draft.tier,
      parentId: draft.parentId,
      calendarId: draft.calendarId,
      ...(draft.address === undefined || draft.address.trim() === '' ? {} : { address: draft.address.trim() }),
      ...(draft.phone === undefined || draft.phone.trim() === '' ? {} : { phone: draft.phone.trim() }),
    };
    const [units, calendarIds] = await Promise.all([this.units(), this.calendarIds()]);
    refuseIfAny(newUnitProblems(unit, units, calendarIds));
    if (!validators.unit(unit)) throw new GatewayError('ERR_BAD_REQUEST', `the unit does not fit its schema: ${describeSchemaErrors(validators.unit)}`);
    await this.audit.run(by, { action: 'unit_added', target: { kind: 'unit', id: unit.id }, before: null, after: unit }, async () => ({ result: await writeStored(this.dbs.units, 'units', unit, null) }));
    this.changed();
    return unit;
  }

  /** What the unit still has to do, and the backlog its devices last reported. */
  async standing(unitId: string): Promise<UnitStanding> {
    const [rows, beats] = await Promise.all([
      this.dbs.cases.groupedView(OPEN_WORK.ddoc, OPEN_WORK.view),
      this.dbs.heartbeats.viewDocs(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, newestHeartbeatsOf(unitId, this.devicesPerUnit)),
    ]);
    const openRows: OpenWorkRow[] = rows.flatMap((row) => {
      const key: unknown = row.key;
      if (!Array.isArray(key) || typeof key[0] !== 'string' || typeof key[1] !== 'string' || typeof key[2] !== 'string' || typeof row.value !== 'number') return [];
      return [{ unitId: key[0], relation: key[1], status: key[2], count: row.value }];
    });
    const devices = beats.flatMap((doc) => storedAs(doc, validators.heartbeat)).filter((b) => b.unitId === unitId).map((b) => ({
      deviceId: b.deviceId,
      pendingOutbound: b.pendingOutbound,
      ...(b.receivedAt === undefined ? {} : { reportedAt: b.receivedAt }),
    }));
    return { unitId, openWork: openWorkOf(unitId, openRows), devices };
  }

  /**
   * Closes a unit nothing waits on: its accounts are disabled first (every session of theirs
   * ends), then the unit is marked closed. A failure in between leaves the unit open, so the
   * closing can simply be asked for again.
   */
  async close(by: Actor, closure: UnitClosure): Promise<{ unit: Unit; disabledAccounts: string[] }> {
    const [units, standing, stored] = await Promise.all([this.units(), this.standing(closure.unitId), readStored(this.dbs.units, closure.unitId, validators.unit)]);
    refuseIfAny(unitClosureProblems(closure, units, standing.openWork, standing.devices));
    if (stored === null) throw new GatewayError('ERR_NOT_FOUND', `no unit ${closure.unitId}`);
    const unit = closedUnit(stored.doc, closure.note, this.now());
    const note = closure.note.trim();
    return this.audit.run(by, { action: 'unit_closed', target: { kind: 'unit', id: unit.id }, before: stored.doc, after: unit, note }, async () => {
      const disabledAccounts: string[] = [];
      const accounts = (await this.dbs.accounts.viewDocs(ACCOUNTS_BY_UNIT.ddoc, ACCOUNTS_BY_UNIT.view, { key: unit.id })).flatMap((doc) => storedAs(doc, validators.account));
      for (const account of accounts.filter((a) => !a.disabled)) {
        await this.accounts.setDisabled(account.username, true);
        disabledAccounts.push(account.username);
      }
      await writeStored(this.dbs.units, 'units', unit, stored.rev);
      this.changed();
      const unsyncedChangesGivenUp = standing.devices.reduce((n, d) => n + d.pendingOutbound, 0);
      return { result: { unit, disabledAccounts }, effects: { accountsDisabled: disabledAccounts, unsyncedChangesGivenUp } };
    });
  }

  private async units(): Promise<Unit[]> {
    return readAllStored(this.dbs.units, validators.unit);
  }

  /** The calendars the network has: those with at least one year entered. */
  private async calendarIds(): Promise<string[]> {
    return [...new Set((await readAllStored(this.dbs.calendars, validators.calendarYear)).map((y) => y.calendarId))].sort();
  }
}
