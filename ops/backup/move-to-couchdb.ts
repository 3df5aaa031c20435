// Moves a running network from the embedded hub to Apache CouchDB with CouchDB replication (the
// replicator of PouchDB, which the embedded hub is built on): every document with its revision
// history, resumable from its checkpoints. The network keeps running while the bulk is copied;
// the gateway is stopped for the last changes only, so no step a station pushed is left behind.
import { createRequire } from 'node:module';
import { HUB_COLLECTION_NAMES, hubDatabaseName, type HubCollectionName } from '../../schemas/collections.ts';
import { HubDataInUseError, startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { basicAuthorization, type HubCredentials } from '../../server/hub/hub-credentials.ts';
import { embeddedHubAdmin, runningEmbeddedHub } from '../cli/hub-access.ts';
import type { ChangeLog } from '../cli/change-log.ts';
import { OpsError } from '../cli/ops-error.ts';
import { setupHub } from '../couchdb/setup.ts';
import { hubPortOf, redactedUrl, type HubTarget } from '../hub-target.ts';

/** The part of PouchDB this uses (it ships no types). */
interface PouchDatabase {
  info(): Promise<{ doc_count: number }>;
  allDocs(opts: { startkey?: string }): Promise<{ rows: { id: string; value: { rev: string } }[] }>;
  get(id: string): Promise<Record<string, unknown>>;
  put(doc: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}
interface ReplicationResult {
  readonly docs_read: number;
  readonly docs_written: number;
  readonly doc_write_failures: number;
}
interface PouchConstructor {
  new (name: string, opts: { auth: HubCredentials; skip_setup: boolean }): PouchDatabase;
  replicate(source: PouchDatabase, target: PouchDatabase, opts: { batch_size: number; batches_limit: number }): Promise<ReplicationResult>;
}

const require = createRequire(import.meta.url);
const MARKER = '_local/liandong-moved-from';

export interface MoveOptions {
  readonly dataDir: string;
  /** The embedded hub's database prefix (the network's LIANDONG_DATABASE_PREFIX). */
  readonly sourcePrefix: string;
  readonly target: HubTarget;
  /** How long to wait for the operator to stop the gateway after the live copy. */
  readonly waitForStopMs: number;
  readonly log: (msg: string) => void;
  readonly changeLog: ChangeLog;
  /** Called once the live copy is done and the gateway may be stopped. */
  readonly onCaughtUp?: () => void;
  readonly pollMs?: number;
}

export interface MovedDatabase {
  readonly collection: HubCollectionName;
  readonly database: string;
  readonly documents: number;
}

function pouch(): PouchConstructor {
  return require('pouchdb') as PouchConstructor;
}

function remote(url: string, admin: HubCredentials, database: string): PouchDatabase {
  const Pouch = pouch();
  return new Pouch(`${url.replace(/\/+$/, '')}/${encodeURIComponent(database)}`, { auth: admin, skip_setup: true });
}

/** Every document's winning revision, `_design` ones included. */
async function revisions(db: PouchDatabase): Promise<Map<string, string>> {
  return new Map((await db.allDocs({})).rows.map((row) => [row.id, row.value.rev]));
}

async function localDoc(url: string, admin: HubCredentials, database: string, id: string): Promise<Record<string, unknown> | null> {
  const answer = await fetch(`${url}/${encodeURIComponent(database)}/${id}`, { headers: { authorization: basicAuthorization(admin) } });
  if (answer.status === 404) return null;
  if (!answer.ok) throw new Error(`reading ${database}/${id} answered ${answer.status}`);
  return (await answer.json()) as Record<string, unknown>;
}

async function putLocalDoc(url: string, admin: HubCredentials, database: string, id: string, body: object): Promise<void> {
  const answer = await fetch(`${url}/${encodeURIComponent(database)}/${id}`, { method: 'PUT', headers: { authorization: basicAuthorization(admin), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await answer.body?.cancel();
  if (!answer.ok && answer.status !== 409) throw new Error(`writing ${database}/${id} answered ${answer.status}`);
}

/**
 * The target databases exist and hold nothing but what an earlier run of this move copied there
 * from this same source: anything else would be merged into another network's data.
 */
async function prepareTarget(opts: MoveOptions, sourceUrl: string, sourceAdmin: HubCredentials): Promise<void> {
  const targetPort = hubPortOf(opts.target);
  const nodeUrl = opts.target.urls[0] ?? '';
  for (const collection of HUB_COLLECTION_NAMES) {
    const database = hubDatabaseName(collection, opts.target.databasePrefix);
    const source = (await localDoc(sourceUrl, sourceAdmin, hubDatabaseName(collection, opts.sourcePrefix), '_local/liandong-hub'))?.hub ?? 'unknown';
    await targetPort.database(collection).ensureExists();
    const marker = await localDoc(nodeUrl, opts.target.admin, database, MARKER);
    const documents = await targetPort.database(collection).docCount();
    if (documents > 0 && marker?.from !== source) {
      throw new OpsError(
        `${database} on ${redactedUrl(nodeUrl)} already holds ${documents} documents that did not come from this embedded hub. Move into an empty CouchDB (or another LIANDONG_DATABASE_PREFIX).`,
        `${redactedUrl(nodeUrl)} 上的 ${database} 已有 ${documents} 个并非来自此内置数据中心的文档。请迁入空的 CouchDB（或换一个 LIANDONG_DATABASE_PREFIX）。`,
      );
    }
    if (marker === null) await putLocalDoc(nodeUrl, opts.target.admin, database, MARKER, { from: source });
  }
}

/** One pass of replication of every database; resumes from the previous pass's checkpoints. */
async function copyAll(opts: MoveOptions, sourceUrl: string, sourceAdmin: HubCredentials): Promise<number> {
  const Pouch = pouch();
  let written = 0;
  for (const collection of HUB_COLLECTION_NAMES) {
    const source = remote(sourceUrl, sourceAdmin, hubDatabaseName(collection, opts.sourcePrefix));
    const target = remote(opts.target.urls[0] ?? '', opts.target.admin, hubDatabaseName(collection, opts.target.databasePrefix));
    try {
      const result = await Pouch.replicate(source, target, { batch_size: 500, batches_limit: 4 });
      if (result.doc_write_failures > 0) throw new Error(`${result.doc_write_failures} documents of ${collection} could not be written to CouchDB`);
      written += result.docs_written;
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  }
  return written;
}

/** Every document on both sides, at the same winning revision. */
async function verify(opts: MoveOptions, sourceUrl: string, sourceAdmin: HubCredentials): Promise<MovedDatabase[]> {
  const moved: MovedDatabase[] = [];
  for (const collection of HUB_COLLECTION_NAMES) {
    const database = hubDatabaseName(collection, opts.target.databasePrefix);
    const source = remote(sourceUrl, sourceAdmin, hubDatabaseName(collection, opts.sourcePrefix));
    const target = remote(opts.target.urls[0] ?? '', opts.target.admin, database);
    try {
      const [from, to] = await Promise.all([revisions(source), revisions(target)]);
      const differing = [...from].filter(([id, rev]) => to.get(id) !== rev).map(([id]) => id);
      if (differing.length > 0) throw new Error(`${database}: ${differing.length} documents differ after the copy (${differing.slice(0, 5).join(', ')})`);
      moved.push({ collection, database, documents: from.size });
    } finally {
      await Promise.all([source.close(), target.close()]);
    }
  }
  return moved;
}

async function startSourceHub(dataDir: string, deadline: number): Promise<EmbeddedHub> {
  for (;;) {
    try {
      return await startEmbeddedHub({ dataDir });
    } catch (err) {
      // The stopped gateway's hub may still be closing its files.
      if (!(err instanceof HubDataInUseError) || Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/**
 * The move, in three steps: (1) while the network runs, copy everything; (2) wait for the
 * operator to stop the gateway; (3) copy what changed meanwhile from the stopped hub's files,
 * check that both hubs hold the same revision of every document, and set CouchDB up as a gateway
 * start would. When the network is not running, step 3 alone. Then the gateway starts with
 * COUCHDB_URL; stations hear of a new hub and sync from the beginning, with nothing to do.
 */
export async function moveToCouchDb(opts: MoveOptions): Promise<MovedDatabase[]> {
  const admin = await embeddedHubAdmin(opts.dataDir);
  const running = await runningEmbeddedHub(opts.dataDir, admin);
  if (running !== null) {
    await prepareTarget(opts, running, admin);
    opts.log(`copying from the running embedded hub to ${opts.target.urls.map(redactedUrl).join(', ')}`);
    const first = await copyAll(opts, running, admin);
    const second = await copyAll(opts, running, admin);
    opts.log(`copied ${first + second} documents while the network ran. Now stop the gateway (e.g. \`systemctl stop liandong\`); the move finishes by itself once it has stopped.`);
    opts.onCaughtUp?.();
    const deadline = Date.now() + opts.waitForStopMs;
    while ((await runningEmbeddedHub(opts.dataDir, admin)) !== null) {
      if (Date.now() > deadline) {
        throw new OpsError(
          `The gateway still runs after ${Math.round(opts.waitForStopMs / 60_000)} minutes. Stop it and run the command again: the copy resumes where it stopped.`,
          `等待 ${Math.round(opts.waitForStopMs / 60_000)} 分钟后网关仍在运行。请停止网关后重新执行本命令：复制将从中断处继续。`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, opts.pollMs ?? 1_000));
    }
    opts.log('the gateway has stopped: copying the last changes');
  }
  const hub = await startSourceHub(opts.dataDir, Date.now() + 60_000);
  try {
    if (running === null) await prepareTarget(opts, hub.url, hub.admin);
    const last = await copyAll(opts, hub.url, hub.admin);
    const moved = await verify(opts, hub.url, hub.admin);
    // Security and design docs as every gateway start sets them, and a new hub identity.
    await setupHub(hubPortOf(opts.target));
    await opts.changeLog.record({ event: 'hub_moved_to_couchdb', to: opts.target.urls.map(redactedUrl), databasePrefix: opts.target.databasePrefix, lastChanges: last, documents: Object.fromEntries(moved.map((m) => [m.collection, m.documents])) });
    return moved;
  } finally {
    await hub.stop();
  }
}
