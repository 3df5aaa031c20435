import { hubDatabaseName, type HubCollectionName } from '../../schemas/collections.ts';
import { createHubClient } from './hub-client.ts';
import type { HubCredentials } from './hub-credentials.ts';
import type { HubPort } from './hub-port.ts';
import { NanoHubDatabase } from './nano-hub-database.ts';

export interface NanoHubOptions {
  /** http://host:port, without credentials. */
  readonly url: string;
  readonly credentials: HubCredentials;
  /** Prefix of every database name (default `liandong_`): a test run on a shared CouchDB picks a fresh one. */
  readonly databasePrefix?: string;
}

/** The hub port over HTTP, through nano, as the hub admin. */
export function createNanoHub(opts: NanoHubOptions): HubPort {
  const server = createHubClient(opts.url, opts.credentials);
  const databases = new Map<HubCollectionName, NanoHubDatabase>();
  return {
    database(collection) {
      const known = databases.get(collection);
      if (known !== undefined) return known;
      const db = new NanoHubDatabase(server, hubDatabaseName(collection, opts.databasePrefix));
      databases.set(collection, db);
      return db;
    },
  };
}
