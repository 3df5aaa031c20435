import type nano from 'nano';
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { replicateCouchDB, type RxCouchDBReplicationState } from 'rxdb/plugins/replication-couchdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { STATION_COLLECTIONS } from '../../replication/collections.ts';
import { createStationDatabase, type StationDatabase } from '../../replication/station-database.ts';
import { startStationSync, type StationSync } from '../../replication/station-sync.ts';
import type { HubAdmin } from '../../server/hub/embedded-hub.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';
import { isResetBeforeAnswer } from '../../server/hub/hub-connections.ts';
import { basicAuthorization } from '../../server/hub/hub-credentials.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import type { TestNetwork } from '../helpers/test-network.ts';
import type { RequestStats } from './resources.ts';
import { sleep } from './timing.ts';

let nameCounter = 0;
function uniqueName(prefix: string): string {
  nameCounter += 1;
  return `${prefix}${nameCounter}${Math.random().toString(36).slice(2, 8)}`;
}

// ---------------------------------------------------------------- the hub, through nano

export interface BenchHub {
  readonly url: string;
  readonly admin: HubAdmin;
  readonly client: nano.ServerScope;
  /** The embedded hub's process, for its CPU time; null on Apache CouchDB (not our child). */
  readonly pid: number | null;
  /** How the network's databases are named: `hubDatabaseName(name, prefix)`. */
  readonly prefix: string | undefined;
}

/** The network's hub: the embedded one, or the Apache CouchDB of `COUCHDB_TEST_URL`. */
export function benchHub(network: TestNetwork): BenchHub {
  const { urls, admin, databasePrefix, external } = network.hubAddress;
  if (external) {
    const url = urls[0] ?? '';
    return { url, admin, client: createHubClient(url, admin), pid: null, prefix: databasePrefix };
  }
  const hub = network.hub();
  return { url: hub.url, admin: hub.admin, client: createHubClient(hub.url, hub.admin), pid: hub.pid, prefix: undefined };
}

export async function docCount(hub: BenchHub, dbName: string): Promise<number> {
  const info = await hub.client.use(dbName).info();
  return info.doc_count;
}

export async function recreateDatabase(hub: BenchHub, dbName: string): Promise<void> {
  await hub.client.db.destroy(dbName).catch(() => undefined);
  await hub.client.db.create(dbName);
}

/**
 * Building the cases blocks the event loop for seconds: the sockets nano reuses may be ones the
 * hub closed meanwhile. A write reset before any answer never reached the hub, so it is sent
 * again after a pause that lets the pool drop its closed sockets (as `HubNodes` does for the gateway).
 */
async function bulkResent<T>(write: () => Promise<T>): Promise<T> {
  for (const pauseMs of [20, 100, 500]) {
    try {
      return await write();
    } catch (err) {
      if (!isResetBeforeAnswer(err)) throw err;
      await sleep(pauseMs);
    }
  }
  return write();
}

/** Writes documents (each already carrying `_id`) in chunks; any refused row is an outright error. */
export async function bulkWrite(hub: BenchHub, dbName: string, docs: readonly object[], chunk = 1000): Promise<void> {
  const db = hub.client.use(dbName);
  for (let i = 0; i < docs.length; i += chunk) {
    const batch = { docs: docs.slice(i, i + chunk) };
    const rows = await bulkResent(() => db.bulk(batch));
    const failed = rows.filter((r) => r.error !== undefined);
    if (failed.length > 0) throw new Error(`bench: writing ${dbName} failed for ${failed.length} docs, e.g. ${failed[0]?.id ?? ''}: ${failed[0]?.error ?? ''}`);
  }
}

/** Querying a view makes the hub bring its index up to date (what CouchDB does in the background). */
export async function buildView(hub: BenchHub, dbName: string, ddoc: string, view: string): Promise<void> {
  await hub.client.use(dbName).view(ddoc, view, { limit: 0 });
}

/**
 * Brings an Apache CouchDB database to the state a hub that has run for a while is in: compacted,
 * with its views, and nothing running in the background. Right after the bench writes 50,000 cases
 * and builds the views, CouchDB's automatic compaction (smoosh: a file holding twice its live data,
 * our configuration) starts on its own, minutes of work that ran beside the timed first sync in
 * earlier runs (8.5 s instead of 1.8 s, and 1.8 s instead of about 0.8 s). So the bench compacts
 * the database and its views itself, then waits until the hub runs no background task (indexer,
 * compaction) twice in a row. Resolves how long that took; the embedded hub has none of this.
 */
export async function settleHub(hub: BenchHub, dbName: string, timeoutMs = 600_000): Promise<number> {
  if (hub.pid !== null) return 0;
  const started = Date.now();
  const headers = { authorization: basicAuthorization(hub.admin), 'content-type': 'application/json' };
  const base = `${hub.url}/${encodeURIComponent(dbName)}`;
  const designs = await fetch(`${base}/_all_docs?startkey=${encodeURIComponent('"_design/"')}&endkey=${encodeURIComponent('"_design0"')}`, { headers });
  const rows = ((await designs.json()) as { rows?: { id: string }[] }).rows ?? [];
  for (const path of ['_compact', ...rows.map((r) => `_compact/${encodeURIComponent(r.id.slice('_design/'.length))}`)]) {
    const answer = await fetch(`${base}/${path}`, { method: 'POST', headers });
    if (!answer.ok) throw new Error(`bench: POST ${path} answered ${answer.status}`);
  }
  let quiet = 0;
  while (quiet < 2) {
    await sleep(quiet === 0 ? 1_000 : 500);
    const answer = await fetch(`${hub.url}/_active_tasks`, { headers });
    const tasks: unknown = await answer.json();
    quiet = Array.isArray(tasks) && tasks.length === 0 ? quiet + 1 : 0;
    if (Date.now() - started > timeoutMs) throw new Error(`bench: the hub still runs background tasks after ${timeoutMs} ms: ${JSON.stringify(tasks)}`);
  }
  return Date.now() - started;
}

export function withId(doc: CaseDoc): CaseDoc & { _id: string } {
  return asCouchDoc('cases', doc);
}

// ---------------------------------------------------------------- stations through the gateway

export interface BenchStation {
  readonly db: StationDatabase;
  /** Local cases seen so far (ids), kept current from the collection's change events. */
  readonly caseIds: Set<string>;
  sync: StationSync | null;
  startSync(batchSize?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A station like `network.station()` builds (memory storage, same sync options), except that sync
 * starts only when asked: the bench fills the local database first, the way a station that worked
 * offline for a while would hold its unsent cases.
 */
export async function benchStation(network: TestNetwork, unitId: string, stats?: RequestStats): Promise<BenchStation> {
  const session = await network.login(network.account(unitId).username);
  const name = uniqueName('bench');
  const db = await createStationDatabase({ name, storage: getRxStorageMemory() });
  const caseIds = new Set<string>();
  const subscription = db.cases.$.subscribe((event) => {
    if (event.operation === 'DELETE') caseIds.delete(event.documentId);
    else caseIds.add(event.documentId);
  });
  const station: BenchStation = {
    db,
    caseIds,
    sync: null,
    async startSync(batchSize) {
      station.sync = await startStationSync({
        db,
        gatewayUrl: network.url,
        unitId,
        deviceId: `dev-${name}`,
        session: { token: () => session.token },
        longpollMs: 5_000,
        backoff: { baseMs: 100, maxMs: 2_000 },
        ...(stats === undefined ? {} : { fetch: stats.wrap(globalThis.fetch.bind(globalThis)) }),
        ...(batchSize === undefined ? {} : { batchSize }),
      });
    },
    async stop() {
      await station.sync?.stop();
      subscription.unsubscribe();
      await db.close();
    },
  };
  return station;
}

// ---------------------------------------------------------------- the direct baseline

type CaseCollections = { cases: RxCollection<CaseDoc> };

export interface DirectReplica {
  readonly db: RxDatabase<CaseCollections>;
  readonly cases: RxCollection<CaseDoc>;
  readonly caseIds: Set<string>;
  replication: RxCouchDBReplicationState<CaseDoc> | null;
  stop(): Promise<void>;
}

/** A fresh RxDB memory database with the station's own `cases` collection (schema and merge). */
export async function directReplica(): Promise<DirectReplica> {
  const db = await createRxDatabase<CaseCollections>({ name: uniqueName('direct'), storage: getRxStorageMemory(), multiInstance: false, eventReduce: true });
  await db.addCollections({ cases: STATION_COLLECTIONS.cases });
  const cases = db.cases;
  const caseIds = new Set<string>();
  const subscription = cases.$.subscribe((event) => {
    if (event.operation === 'DELETE') caseIds.delete(event.documentId);
    else caseIds.add(event.documentId);
  });
  const replica: DirectReplica = {
    db,
    cases,
    caseIds,
    replication: null,
    async stop() {
      await replica.replication?.cancel();
      subscription.unsubscribe();
      await db.close();
    },
  };
  return replica;
}

/** fetch with the hub admin's Basic auth added: the baseline talks to the hub directly. */
export function hubAdminFetch(admin: HubAdmin): typeof fetch {
  const authorization = basicAuthorization(admin);
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    return fetch(input, { ...init, headers });
  };
}

/** RxDB's own CouchDB replication of the replica's cases with `dbName`, one direction. */
export function replicateDirect(
  replica: DirectReplica,
  hub: BenchHub,
  dbName: string,
  mode: { push?: number; pull?: number },
  stats?: RequestStats,
): RxCouchDBReplicationState<CaseDoc> {
  const authorized = hubAdminFetch(hub.admin);
  const replication = replicateCouchDB<CaseDoc>({
    replicationIdentifier: `bench-direct|${dbName}|${replica.db.name}`,
    collection: replica.cases,
    url: `${hub.url}/${dbName}/`,
    fetch: stats === undefined ? authorized : stats.wrap(authorized),
    live: true,
    retryTime: 100,
    waitForLeadership: false,
    autoStart: true,
    ...(mode.pull === undefined ? {} : { pull: { batchSize: mode.pull } }),
    ...(mode.push === undefined ? {} : { push: { batchSize: mode.push } }),
  });
  replica.replication = replication;
  return replication;
}
