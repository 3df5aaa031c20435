import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { presenceMomentOf, withHourHeard, type PresenceMoment } from '../../schemas/rules/availability.ts';
import type { PresenceDay } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs, type HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { FlushSchedule } from '../sync/flush-schedule.ts';

/** Another gateway wrote the same day between our read and our write: read, merge, write again. */
const MAX_ATTEMPTS = 5;

export interface PresenceOptions {
  /** Only what a flush needs of the presence database. */
  readonly db: Pick<HubDatabasePort, 'fetchByIds' | 'bulkWrite'>;
  readonly now: () => number;
  /** How long heard hours wait in memory before one batch records them all. */
  readonly flushMs: number;
}

/** Hours heard of one unit-day, not yet recorded; `moment` is the latest heard. */
interface PendingDay {
  moment: PresenceMoment;
  readonly hours: Set<number>;
}

/**
 * Records the hours each unit is heard from: the unit's `presence` record of the day gets the
 * hour the first time a heartbeat of that hour reaches this gateway. Hours heard are kept in
 * memory and recorded in batches, like heartbeats (`heartbeat-batches.ts`): every `flushMs`, one
 * read of the day records concerned and one `_bulk_docs` add the hours, whatever number of units
 * were heard. Two gateways adding hours to one day merge (a conflict is read again and the hours
 * united). What this process has recorded is kept for the current hour only, so it never grows
 * beyond the units.
 *
 * A clean stop records what waits. A crash loses the hours heard in the last interval and not yet
 * recorded; the next heartbeat of the same hour (a minute later, to any gateway) records it again.
 * A flush the hub refuses keeps its hours for the next one.
 */
export class PresenceRecorder {
  private hourKey = '';
  /** Moment ids (`unit:day`) recorded on the hub for the current hour. */
  private readonly recorded = new Set<string>();
  /** Hours heard and not yet recorded, by day record id. */
  private pending = new Map<string, PendingDay>();
  private readonly flushes: FlushSchedule;

  constructor(private readonly opts: PresenceOptions) {
    this.flushes = new FlushSchedule(opts.flushMs, () => this.writePending());
  }

  /** A heartbeat of this unit was accepted now: its hour is recorded at the next flush. */
  heard(unitId: string): void {
    const moment = presenceMomentOf(unitId, this.opts.now());
    const key = `${moment.day}T${moment.hour}`;
    if (key !== this.hourKey) {
      this.hourKey = key;
      this.recorded.clear();
    }
    if (this.recorded.has(moment.id)) return;
    const waiting = this.pending.get(moment.id);
    if (waiting !== undefined) {
      waiting.hours.add(moment.hour);
      waiting.moment = moment;
    } else this.pending.set(moment.id, { moment, hours: new Set([moment.hour]) });
    this.schedule();
  }

  /** Records whatever waits now; resolves once it is on the hub, rejects if the hub refused it. */
  flush(): Promise<void> {
    return this.flushes.flush();
  }

  /** Stops the interval and records what waits. */
  stop(): Promise<void> {
    return this.flushes.stop();
  }

  private schedule(): void {
    if (this.pending.size > 0) this.flushes.due();
  }

  private async writePending(): Promise<void> {
    let batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    try {
      for (let attempt = 1; batch.size > 0; attempt += 1) {
        batch = await this.write(batch);
        if (batch.size > 0 && attempt >= MAX_ATTEMPTS) throw new Error(`presence: ${[...batch.keys()].join(', ')} kept changing`);
      }
    } catch (err) {
      // Kept for the next flush, united with what was heard meanwhile.
      for (const [id, entry] of batch) {
        const waiting = this.pending.get(id);
        if (waiting === undefined) this.pending.set(id, entry);
        else for (const hour of entry.hours) waiting.hours.add(hour);
      }
      if (!this.flushes.isStopped) this.schedule();
      throw err;
    }
  }

  /** One read and one write; what conflicted, to try again. */
  private async write(batch: ReadonlyMap<string, PendingDay>): Promise<Map<string, PendingDay>> {
    const stored = await this.opts.db.fetchByIds([...batch.keys()]);
    const docs: HubDoc[] = [];
    const done = new Set<string>();
    for (const [id, { moment, hours }] of batch) {
      const current = stored.get(id);
      const record: PresenceDay | null = storedAs(current ?? null, validators.presenceDay)[0] ?? null;
      let next = record;
      for (const hour of hours) if (next?.hours.includes(hour) !== true) next = withHourHeard(next, { ...moment, hour });
      if (next === record) {
        done.add(id);
        continue;
      }
      if (next === null) continue;
      docs.push({ ...asCouchDoc('presence', next), ...(current?._rev === undefined ? {} : { _rev: current._rev }) });
    }
    const results = docs.length === 0 ? [] : await this.opts.db.bulkWrite(docs);
    const conflicted = new Map<string, PendingDay>();
    results.forEach((result, i) => {
      const id = docs[i]?._id;
      if (id === undefined) return;
      if (result.error === undefined) done.add(id);
      else if (result.error === 'conflict') {
        const entry = batch.get(id);
        if (entry !== undefined) conflicted.set(id, entry);
      }
      // Anything else the hub refused would be refused again: not retried.
    });
    // Only hours of the current hour are remembered as recorded: an older hour records nothing new.
    for (const id of done) {
      const entry = batch.get(id);
      if (entry !== undefined && `${entry.moment.day}T${entry.moment.hour}` === this.hourKey && entry.hours.has(entry.moment.hour)) this.recorded.add(id);
    }
    return conflicted;
  }
}
