import type { HubCollectionName } from '../../schemas/collections.ts';
import type { HubDatabasePort, HubPort } from '../../server/hub/hub-port.ts';

/** How often the gateway called each method of each hub database: `counts.get('cases.changes')`. */
export class HubCallCounts {
  private readonly calls = new Map<string, number>();
  private readonly settled = new Map<string, number>();

  /** Calls made so far. */
  made(collection: HubCollectionName, method: keyof HubDatabasePort): number {
    return this.calls.get(`${collection}.${method}`) ?? 0;
  }

  /** Calls whose answer has come back (or failed). */
  answered(collection: HubCollectionName, method: keyof HubDatabasePort): number {
    return this.settled.get(`${collection}.${method}`) ?? 0;
  }

  record(key: string, answered: boolean): void {
    const map = answered ? this.settled : this.calls;
    map.set(key, (map.get(key) ?? 0) + 1);
  }
}

/** The hub port, with every call of every database counted: what a test hands `build()` to see what one request costs the hub. */
export function countingHub(hub: HubPort, counts: HubCallCounts): HubPort {
  const wrapped = new Map<HubCollectionName, HubDatabasePort>();
  return {
    database(collection) {
      const known = wrapped.get(collection);
      if (known !== undefined) return known;
      const db = hub.database(collection);
      const counting = new Proxy(db, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== 'function' || typeof property !== 'string') return value;
          const key = `${collection}.${property}`;
          return (...args: unknown[]): unknown => {
            counts.record(key, false);
            const result: unknown = Reflect.apply(value, target, args);
            if (result instanceof Promise) void result.finally(() => counts.record(key, true)).catch(() => undefined);
            else counts.record(key, true);
            return result;
          };
        },
      });
      wrapped.set(collection, counting);
      return counting;
    },
  };
}
