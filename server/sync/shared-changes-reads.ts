import type { HubChangesPage, HubDatabasePort } from '../hub/hub-port.ts';

/**
 * A hub database whose changes-feed reads are single-flight: calls asking for the same page
 * (`since`, `limit`) before the hub is asked share one read. One change wakes every long-poll of
 * the units that may see it at once, and each would read the very same page; now the hub serves
 * them one read, and each long-poll then keeps what its own unit may see.
 *
 * Only calls that arrive before the read is sent join it, so no caller gets a page older than
 * its own call: a read is sent on the next turn of the event loop, after the waiters woken in this
 * one have all asked. Reads with an abort signal of their own are not shared. Every other call
 * goes straight to `db`.
 */
export function withSharedChangesReads(db: HubDatabasePort): HubDatabasePort {
  const unsent = new Map<string, Promise<HubChangesPage>>();
  const changes: HubDatabasePort['changes'] = (since, limit, signal) => {
    if (signal !== undefined) return db.changes(since, limit, signal);
    const key = JSON.stringify([since ?? null, limit]);
    const waiting = unsent.get(key);
    if (waiting !== undefined) return waiting;
    const read = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      unsent.delete(key);
      return db.changes(since, limit);
    });
    unsent.set(key, read);
    return read;
  };
  return new Proxy(db, {
    get: (target, property, receiver) => (property === 'changes' ? changes : Reflect.get(target, property, receiver)),
  });
}
