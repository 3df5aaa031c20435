import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { presenceMomentOf, withHourHeard } from '../../schemas/rules/availability.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';

/** Another gateway wrote the same day between our read and our write: read, merge, write again. */
const MAX_ATTEMPTS = 5;

/**
 * Records the hours each unit is heard from: the unit's `presence` record of the day gets the
 * hour the first time a heartbeat of that hour reaches this gateway. Two gateways adding hours to
 * one day merge (a conflict is read again and the hours united). What this process has recorded is
 * kept for the current hour only, so it never grows beyond the units.
 */
export class PresenceRecorder {
  private hourKey = '';
  private readonly recorded = new Set<string>();
  private readonly writing = new Map<string, Promise<void>>();

  constructor(
    private readonly db: HubDatabasePort,
    private readonly now: () => number,
  ) {}

  /** A heartbeat of this unit was stored now. Resolves once the hour is on the hub. */
  heard(unitId: string): Promise<void> {
    const moment = presenceMomentOf(unitId, this.now());
    const key = `${moment.day}T${moment.hour}`;
    if (key !== this.hourKey) {
      this.hourKey = key;
      this.recorded.clear();
    }
    if (this.recorded.has(moment.id)) return Promise.resolve();
    const pending = this.writing.get(moment.id);
    if (pending !== undefined) return pending;
    const write = this.record(moment).then(() => {
      // Only if the hour is still this one: a write that outlived its hour records nothing new.
      if (this.hourKey === key) this.recorded.add(moment.id);
    }).finally(() => this.writing.delete(moment.id));
    this.writing.set(moment.id, write);
    return write;
  }

  private async record(moment: ReturnType<typeof presenceMomentOf>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.db.get(moment.id);
      const record = storedAs(stored, validators.presenceDay)[0] ?? null;
      if (record?.hours.includes(moment.hour) === true) return;
      const next = { ...asCouchDoc('presence', withHourHeard(record, moment)), ...(stored?._rev === undefined ? {} : { _rev: stored._rev }) };
      const [result] = await this.db.bulkWrite([next]);
      if (result !== undefined && result.error === undefined) return;
      if (result?.error !== 'conflict' || attempt >= MAX_ATTEMPTS) throw new Error(`presence ${moment.id}: ${result?.error ?? 'no answer'} ${result?.reason ?? ''}`);
    }
  }
}
