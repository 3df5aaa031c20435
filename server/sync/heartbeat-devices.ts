import { GatewayError } from '../errors.ts';
import { isHubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort, HubViewKey } from '../hub/hub-port.ts';
import type { BulkRow } from './bulk-writer.ts';

/** The hub view of heartbeats by unit, newest first within a unit: keys `[unitId, receivedAt]`. */
export const HEARTBEATS_BY_UNIT = { ddoc: 'liandong', view: 'by_unit' } as const;

/** The heartbeats view's key range of one unit, newest first. */
export function newestHeartbeatsOf(unitId: string, limit: number): { startkey: unknown; endkey: unknown; descending: true; limit: number } {
  return { startkey: [unitId, {}], endkey: [unitId], descending: true, limit };
}

/** Rows of the heartbeats view read per request when the gateway learns every stored device. */
const LOAD_PAGE = 1_000;
/**
 * How far below the cap a unit must stay for memory alone to admit a new device: another gateway's
 * devices reach this one's memory within its follower's latency, so near the cap the hub is asked.
 */
const NEAR_CAP = 2;

/**
 * How many devices a unit may report heartbeats from. A heartbeat from a device the unit already
 * reports is written as always; one from a new device is refused, on its own row of the
 * `_bulk_docs` answer, once the unit has `perUnit` devices. So a unit cannot grow the city's
 * overview without bound by making up device ids.
 *
 * The gateway learns every stored device once (the heartbeats view's keys, a page at a time, read
 * after its heartbeats follower is current) and then from that follower (`saw`), so a new device
 * of a unit well below the cap is admitted from memory. Near the cap, or before that memory is
 * there, the hub is asked for the unit's newest devices, as it always was. Batches of one unit are
 * handled one after another, so two batches in this process never both take the last place. (Two
 * gateway processes could, at worst, each take it once.)
 */
export class HeartbeatDevices {
  private readonly known = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Every stored device by unit, once loaded; kept current by the follower. */
  private readonly stored = new Map<string, Set<string>>();
  private loading: Promise<boolean> | null = null;
  private loaded = false;
  private followerCurrent: () => boolean = () => false;

  constructor(
    private readonly db: HubDatabasePort,
    readonly perUnit: number,
  ) {}

  /** Names what tells whether the heartbeats follower is current (feeding `saw` with every change). */
  followedBy(current: () => boolean): void {
    this.followerCurrent = current;
  }

  /** Heartbeat ids the follower read from the hub's feed: their devices are stored. */
  saw(ids: Iterable<string>): void {
    for (const id of ids) {
      const cut = id.lastIndexOf(':');
      if (cut <= 0 || id.startsWith('_design/')) continue;
      const unitId = id.slice(0, cut);
      const set = this.stored.get(unitId) ?? new Set<string>();
      set.add(id);
      this.stored.set(unitId, set);
    }
  }

  /** Writes a batch of the unit's heartbeats through `write`, minus those from devices beyond the cap. */
  write(unitId: string, docs: readonly unknown[], write: (docs: readonly unknown[]) => Promise<BulkRow[]>): Promise<BulkRow[]> {
    const previous = this.queues.get(unitId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.admitAndWrite(unitId, docs, write));
    this.queues.set(unitId, run);
    void run.catch(() => undefined).finally(() => {
      if (this.queues.get(unitId) === run) this.queues.delete(unitId);
    });
    return run;
  }

  private async admitAndWrite(unitId: string, docs: readonly unknown[], write: (docs: readonly unknown[]) => Promise<BulkRow[]>): Promise<BulkRow[]> {
    // Only the unit's own heartbeat ids name a device of it; anything else is the writer's to refuse.
    const ids = docs.map((raw) => (isHubDoc(raw) && raw._id.startsWith(`${unitId}:`) ? raw._id : null));
    let known = this.known.get(unitId) ?? new Set<string>();
    const unknown = new Set(ids.filter((id): id is string => id !== null && !known.has(id)));
    if (unknown.size > 0) {
      // United with what is known here: a device admitted here may still wait for its batch (`heartbeat-batches.ts`).
      known = new Set([...known, ...(await this.storedDevices(unitId, known, unknown))]);
      this.known.set(unitId, known);
    }
    const admittedNew = new Set<string>();
    const refused = new Map<number, BulkRow>();
    ids.forEach((id, index) => {
      if (id === null || known.has(id) || admittedNew.has(id)) return;
      if (known.size + admittedNew.size < this.perUnit) {
        admittedNew.add(id);
        return;
      }
      const body = new GatewayError('ERR_TOO_MANY_DEVICES', `unit ${unitId} already reports ${this.perUnit} devices; ${id.slice(unitId.length + 1)} is new`).toBody();
      refused.set(index, { id, ...body });
    });

    const admitted = docs.filter((_, index) => !refused.has(index));
    const written = admitted.length === 0 ? [] : await write(admitted);
    for (const row of written) if ('ok' in row && admittedNew.has(row.id)) known.add(row.id);
    let next = 0;
    return docs.map((_, index) => refused.get(index) ?? written[next++] ?? { id: '', ...new GatewayError('ERR_INTERNAL', 'no answer for this row').toBody() });
  }

  /**
   * The unit's stored heartbeat ids, as far as the check needs them: from memory while it is
   * complete and the unit stays well below the cap with the new devices; otherwise its newest
   * devices from the hub, at most one more than the cap.
   */
  private async storedDevices(unitId: string, known: ReadonlySet<string>, unknown: ReadonlySet<string>): Promise<Set<string>> {
    if (await this.memoryComplete()) {
      const stored = this.stored.get(unitId) ?? new Set<string>();
      const devices = new Set([...known, ...stored]);
      let added = 0;
      for (const id of unknown) if (!devices.has(id)) added += 1;
      if (devices.size + added <= this.perUnit - NEAR_CAP) return new Set(stored);
    }
    const docs = await this.db.viewDocs(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, newestHeartbeatsOf(unitId, this.perUnit + 1));
    return new Set(docs.map((doc) => doc._id));
  }

  /**
   * Whether memory holds every stored device: loaded once after the follower was current (so what
   * was written since reached it through `saw`) and the follower still current. A failed load is
   * tried again by a later batch.
   */
  private async memoryComplete(): Promise<boolean> {
    if (!this.followerCurrent()) return false;
    if (this.loaded) return true;
    this.loading ??= this.load().then(
      () => {
        this.loaded = true;
        return true;
      },
      () => {
        this.loading = null;
        return false;
      },
    );
    return (await this.loading) && this.followerCurrent();
  }

  private async load(): Promise<void> {
    let after: HubViewKey | null = null;
    for (;;) {
      const page = await this.db.viewKeys(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, after, LOAD_PAGE);
      this.saw(page.map((row) => row.id));
      after = page.at(-1) ?? null;
      if (page.length < LOAD_PAGE) return;
    }
  }
}
