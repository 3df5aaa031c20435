import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { FlushSchedule } from './flush-schedule.ts';

/** The gateway's default interval between heartbeat writes: the city's view of station health lags by at most this. */
export const DEFAULT_HEARTBEAT_FLUSH_MS = 2_000;

/** Another gateway wrote the same device's heartbeat between our read and our write: read again, a few times. */
const MAX_ATTEMPTS = 3;

export interface HeartbeatBatchOptions {
  /** Only what a flush needs of the heartbeats database. */
  readonly db: Pick<HubDatabasePort, 'fetchByIds' | 'bulkWrite'>;
  readonly flushMs: number;
  /** Told of every heartbeat stored, for fan-out to the long-polls of the units above. */
  readonly written: (doc: HubDoc) => void;
}

/**
 * Heartbeats are absorbed by the gateway and written to the hub in batches: a station's heartbeat
 * is answered at once, and every heartbeat that arrived within one interval is stored by one read
 * of the stored revisions and one `_bulk_docs`, the newest of each device only (a heartbeat is
 * superseded by the next one). So a thousand stations beating every minute cost the hub a write
 * every couple of seconds, not a thousand.
 *
 * A clean stop writes what waits. A crash loses at most one interval's heartbeats, each of which
 * its device sends again at its next beat. A flush the hub refuses keeps its heartbeats for the
 * next one (bounded: one per device, and devices per unit are capped).
 */
export class HeartbeatBatches {
  private pending = new Map<string, HubDoc>();
  private readonly flushes: FlushSchedule;

  constructor(private readonly opts: HeartbeatBatchOptions) {
    this.flushes = new FlushSchedule(opts.flushMs, () => this.writePending());
  }

  /** Heartbeats decided for storing (without `_rev`): written at the next flush. */
  absorb(docs: readonly HubDoc[]): void {
    for (const doc of docs) this.pending.set(doc._id, doc);
    this.schedule();
  }

  /** Writes whatever waits now; resolves once it is on the hub, rejects if the hub refused the batch. */
  flush(): Promise<void> {
    return this.flushes.flush();
  }

  /** Stops the interval and writes what waits: nothing a station was told is stored gets lost on a clean stop. */
  stop(): Promise<void> {
    return this.flushes.stop();
  }

  // After a stop, heartbeats still arriving (a request that outlived it) are written at once.
  private schedule(): void {
    if (this.pending.size > 0) this.flushes.due();
  }

  private async writePending(): Promise<void> {
    let batch = this.pending;
    if (batch.size === 0) return;
    this.pending = new Map();
    try {
      for (let attempt = 0; batch.size > 0 && attempt < MAX_ATTEMPTS; attempt += 1) batch = await this.write(batch);
    } catch (err) {
      // The hub is away: keep them for the next flush, unless the device has sent a newer one meanwhile.
      for (const [id, doc] of batch) if (!this.pending.has(id)) this.pending.set(id, doc);
      if (!this.flushes.isStopped) this.schedule();
      throw err;
    }
  }

  /** One read and one write; what conflicted, to try again. */
  private async write(batch: ReadonlyMap<string, HubDoc>): Promise<Map<string, HubDoc>> {
    const stored = await this.opts.db.fetchByIds([...batch.keys()]);
    const docs = [...batch.values()].flatMap((doc) => {
      const current = stored.get(doc._id);
      // Another gateway already stored a newer beat of this device: ours is superseded.
      if (current !== undefined && receivedAt(current) > receivedAt(doc)) return [];
      return [current?._rev === undefined ? doc : { ...doc, _rev: current._rev }];
    });
    if (docs.length === 0) return new Map();
    const results = await this.opts.db.bulkWrite(docs);
    const conflicted = new Map<string, HubDoc>();
    results.forEach((result, i) => {
      const doc = docs[i];
      if (doc === undefined) return;
      if (result.rev !== undefined && result.error === undefined) this.opts.written({ ...doc, _rev: result.rev });
      else if (result.error === 'conflict') conflicted.set(doc._id, batch.get(doc._id) ?? doc);
      // Anything else the hub refused was checked against the schema already; nothing to retry.
    });
    return conflicted;
  }
}

function receivedAt(doc: HubDoc): number {
  return typeof doc.receivedAt === 'number' ? doc.receivedAt : 0;
}
