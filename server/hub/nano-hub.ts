import { hubDatabaseName, type HubCollectionName } from '../../schemas/collections.ts';
import type { HubCredentials } from './hub-credentials.ts';
import { HubNodes, type HubNodeSwitch } from './hub-nodes.ts';
import type { HubPort } from './hub-port.ts';
import { NanoHubDatabase } from './nano-hub-database.ts';

export interface NanoHubOptions {
  /**
   * http://host:port without credentials, or every node of a CouchDB cluster: calls go to one
   * node and move to the next when it stops answering.
   */
  readonly url: string | readonly string[];
  readonly credentials: HubCredentials;
  /** Prefix of every database name (default `liandong_`): a test run on a shared CouchDB picks a fresh one. */
  readonly databasePrefix?: string;
  /** Told whenever calls move to another node (the gateway logs it). */
  readonly onNodeSwitch?: (change: HubNodeSwitch) => void;
}

/** The hub port over HTTP, through nano, as the hub admin. */
export function createNanoHub(opts: NanoHubOptions): HubPort {
  const nodes = new HubNodes(typeof opts.url === 'string' ? [opts.url] : opts.url, opts.credentials, opts.onNodeSwitch);
  const databases = new Map<HubCollectionName, NanoHubDatabase>();
  return {
    database(collection) {
      const known = databases.get(collection);
      if (known !== undefined) return known;
      const db = new NanoHubDatabase(nodes, hubDatabaseName(collection, opts.databasePrefix));
      databases.set(collection, db);
      return db;
    },
  };
}
