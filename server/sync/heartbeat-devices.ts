import { GatewayError } from '../errors.ts';
import { isHubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { BulkRow } from './bulk-writer.ts';

/** The hub view of heartbeats by unit, newest first within a unit: keys `[unitId, receivedAt]`. */
export const HEARTBEATS_BY_UNIT = { ddoc: 'liandong', view: 'by_unit' } as const;

/** The heartbeats view's key range of one unit, newest first. */
export function newestHeartbeatsOf(unitId: string, limit: number): { startkey: unknown; endkey: unknown; descending: true; limit: number } {
  return { startkey: [unitId, {}], endkey: [unitId], descending: true, limit };
}

/**
 * How many devices a unit may report heartbeats from. A heartbeat from a device the unit already
 * reports is written as always; one from a new device is refused, on its own row of the
 * `_bulk_docs` answer, once the unit has `perUnit` devices. So a unit cannot grow the city's
 * overview without bound by making up device ids.
 *
 * The devices known to be stored are kept per unit; the hub is asked only when a batch names a
 * device not known here. Batches of one unit are handled one after another, so two batches in
 * this process never both take the last place. (Two gateway processes could, at worst, each take
 * it once.)
 */
export class HeartbeatDevices {
  private readonly known = new Map<string, Set<string>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly db: HubDatabasePort,
    readonly perUnit: number,
  ) {}

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
    if (ids.some((id) => id !== null && !known.has(id))) {
      // United with what is known here: a device admitted here may still wait for its batch (`heartbeat-batches.ts`).
      known = new Set([...known, ...(await this.storedDevices(unitId))]);
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

  /** The unit's stored heartbeat ids: at most one more than the cap, which is all the check needs. */
  private async storedDevices(unitId: string): Promise<Set<string>> {
    const docs = await this.db.viewDocs(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, newestHeartbeatsOf(unitId, this.perUnit + 1));
    return new Set(docs.map((doc) => doc._id));
  }
}
