// Backups of every hub database with @cloudant/couchbackup, the CouchDB project's own backup tool
// (its `_changes` feed and `_bulk_get`, every revision of every document), gzipped, one file per
// database, plus a manifest. The same tool restores them into a fresh hub. It works against Apache
// CouchDB and, after three fixes in its front (cookie sign-in, `pending`, empty `_bulk_get`; see
// docs/couchdb-differences.md), against the embedded hub.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { COLLECTIONS, HUB_COLLECTION_NAMES, hubDatabaseName, isHubCollectionName, type HubCollectionName } from '../../schemas/collections.ts';
import { setupHub } from '../couchdb/setup.ts';
import { OpsError } from '../cli/ops-error.ts';
import { databaseUrl, hubPortOf, redactedUrl, type HubTarget } from '../hub-target.ts';

/** The couchbackup library's two calls, as documented in its README (it ships no types). */
interface CouchBackupLibrary {
  backup(source: string, target: Writable, opts: CouchBackupOptions, done: (err: Error | null, data?: { total?: number }) => void): unknown;
  restore(source: Readable, target: string, opts: CouchBackupOptions, done: (err: Error | null, data?: { total?: number }) => void): unknown;
}

interface CouchBackupOptions {
  readonly parallelism?: number;
  readonly bufferSize?: number;
  readonly requestTimeout?: number;
  readonly mode?: 'full' | 'shallow';
}

const require = createRequire(import.meta.url);
const couchbackup = require('@cloudant/couchbackup') as CouchBackupLibrary;
const TOOL_VERSION = (require('@cloudant/couchbackup/package.json') as { version: string }).version;

/** Two requests at a time: a backup must not starve the gateway on a 2-core machine. */
const OPTIONS: CouchBackupOptions = { parallelism: 2, bufferSize: 500, requestTimeout: 120_000 };

export const MANIFEST = 'manifest.json';

export interface BackupManifest {
  readonly format: 1;
  readonly tool: string;
  readonly createdAt: string;
  readonly databasePrefix: string;
  readonly databases: readonly BackedUpDatabase[];
}

export interface BackedUpDatabase {
  readonly collection: HubCollectionName;
  readonly database: string;
  readonly file: string;
  /** Documents written to the file (couchbackup's count). */
  readonly documents: number;
  readonly bytes: number;
}

export interface RestoredDatabase {
  readonly collection: HubCollectionName;
  readonly database: string;
  readonly documents: number;
}

function fileOf(collection: HubCollectionName): string {
  return `${COLLECTIONS[collection].hubDatabase}.couchbackup.jsonl.gz`;
}

/** Runs `work` against each node in turn until one succeeds: a backup outlives a node going down. */
async function onSomeNode<T>(target: HubTarget, work: (nodeUrl: string) => Promise<T>): Promise<T> {
  let lastError: unknown = new Error('the hub has no node URL');
  for (const nodeUrl of target.urls) {
    try {
      return await work(nodeUrl);
    } catch (err) {
      lastError = err;
      // The hub's own refusals are the same on every node.
      if (err instanceof BackupToolError && err.final) throw err;
    }
  }
  throw lastError;
}

/** couchbackup's error, with what to do about it. */
export class BackupToolError extends Error {
  constructor(
    message: string,
    /** Another node would answer the same. */
    readonly final: boolean,
  ) {
    super(message);
  }
}

const FINAL_ERRORS: Readonly<Record<string, string>> = {
  DatabaseNotFound: 'the database does not exist',
  DatabaseNotEmpty: 'the target database is not empty: restore only into a fresh hub',
  Unauthorized: 'the hub refused the admin credentials: check COUCHDB_USER and COUCHDB_PASSWORD (or DATA_DIR/hub-admin.json)',
  Forbidden: 'the hub admin may not read or write this database',
  BulkGetError: 'the hub does not support _bulk_get',
};

function toolError(err: Error, what: string): BackupToolError {
  const known = FINAL_ERRORS[err.name];
  return new BackupToolError(`${what}: ${known ?? err.message}`, known !== undefined);
}

function backupDatabase(url: string, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip();
    const out = createWriteStream(file, { mode: 0o600 });
    const written = pipeline(gzip, out);
    couchbackup.backup(url, gzip, OPTIONS, (err, data) => {
      if (err !== null) {
        gzip.destroy();
        reject(toolError(err, `backing up ${redactedUrl(url)}`));
        return;
      }
      // couchbackup ends the stream it was given; the file is complete once the pipeline is.
      written.then(() => resolve(data?.total ?? 0), reject);
    });
  });
}

function restoreDatabase(file: string, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(file).pipe(createGunzip());
    couchbackup.restore(source, url, OPTIONS, (err, data) => {
      if (err !== null) reject(toolError(err, `restoring into ${redactedUrl(url)}`));
      else resolve(data?.total ?? 0);
    });
  });
}

/**
 * Backs up every hub database of the deployment into `dir` (made if missing): one gzipped
 * couchbackup file per database and `manifest.json`. Documents only: `_local` documents (the
 * hub's identity, replication checkpoints) are not backed up, so a restored hub is a new hub to
 * every station, which starts its sync over.
 */
export async function backupHub(target: HubTarget, dir: string, log: (msg: string) => void = () => undefined): Promise<BackupManifest> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const databases: BackedUpDatabase[] = [];
  for (const collection of HUB_COLLECTION_NAMES) {
    const database = hubDatabaseName(collection, target.databasePrefix);
    const file = fileOf(collection);
    const partial = join(dir, `${file}.partial`);
    const documents = await onSomeNode(target, (nodeUrl) => backupDatabase(databaseUrl(nodeUrl, target.admin, database), partial));
    await rename(partial, join(dir, file));
    const { size } = await stat(join(dir, file));
    databases.push({ collection, database, file, documents, bytes: size });
    log(`backed up ${database}: ${documents} documents, ${size} bytes`);
  }
  const manifest: BackupManifest = { format: 1, tool: `@cloudant/couchbackup ${TOOL_VERSION}`, createdAt: new Date().toISOString(), databasePrefix: target.databasePrefix, databases };
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

/** Reads and checks a backup's manifest: every file it names must be there. */
export async function readManifest(dir: string): Promise<BackupManifest> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(join(dir, MANIFEST), 'utf8'));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new OpsError(`${join(dir, MANIFEST)} cannot be read (${reason}): is ${dir} a folder \`npm run ops -- backup\` wrote?`, `无法读取 ${join(dir, MANIFEST)}（${reason}）：${dir} 是 \`npm run ops -- backup\` 写出的备份目录吗？`);
  }
  const manifest = parsed as Partial<BackupManifest>;
  if (manifest.format !== 1 || !Array.isArray(manifest.databases)) throw new OpsError(`${join(dir, MANIFEST)} is not a Liandong backup manifest (format 1).`, `${join(dir, MANIFEST)} 不是联动备份清单（格式 1）。`);
  for (const entry of manifest.databases) {
    if (!isHubCollectionName(entry.collection)) throw new OpsError(`The backup holds ${entry.collection}, which this version does not know: restore it with the version that made it.`, `备份中含有本版本不认识的 ${entry.collection}：请用生成该备份的版本恢复。`);
    await stat(join(dir, entry.file)).catch(() => {
      throw new OpsError(`The backup lacks ${entry.file}: it is incomplete; use another backup.`, `备份缺少 ${entry.file}，不完整，请换用其他备份。`);
    });
  }
  return parsed as BackupManifest;
}

/**
 * Restores a backup into a fresh hub: every database must be missing or empty (the tool refuses
 * anything else), is created, filled, and then set up as at every start (design docs, security,
 * a new hub identity).
 */
export async function restoreHub(target: HubTarget, dir: string, log: (msg: string) => void = () => undefined): Promise<RestoredDatabase[]> {
  const manifest = await readManifest(dir);
  const port = hubPortOf(target);
  const restored: RestoredDatabase[] = [];
  for (const entry of manifest.databases) {
    const database = hubDatabaseName(entry.collection, target.databasePrefix);
    const db = port.database(entry.collection);
    await db.ensureExists();
    const documents = await onSomeNode(target, (nodeUrl) => restoreDatabase(join(dir, entry.file), databaseUrl(nodeUrl, target.admin, database)));
    if (documents !== entry.documents) throw new Error(`restoring ${database}: ${documents} documents restored, the backup holds ${entry.documents}`);
    restored.push({ collection: entry.collection, database, documents });
    log(`restored ${database}: ${documents} documents`);
  }
  await setupHub(port);
  return restored;
}
