// Child-process entry of the embedded hub: express-pouchdb (minimumForPouchDB) on PouchDB/LevelDB,
// behind a guard that adds what that server lacks (admin auth) and refuses requests known to
// crash it or to silently store the wrong thing. Run as
// `node --import tsx server/hub/hub-process.ts` with an IPC channel; configuration arrives by IPC
// so the admin password never shows up in argv or the environment.
import { createHash, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PRIVATE_UMASK } from '../private-files.ts';
import { guardBulkGet, isBulkGetRequest } from './bulk-get-guard.ts';
import { completeJsonAnswer, completionFor } from './answer-completion.ts';
import { compiledViewsPlugin } from './compiled-views.ts';
import { HubSessions } from './hub-sessions.ts';

// Everything the hub writes (LevelDB files, its config and log) is the server's user's alone.
process.umask(PRIVATE_UMASK);

export interface HubAdmin {
  username: string;
  password: string;
}

export interface HubStartMessage {
  type: 'start';
  dataDir: string;
  port: number;
  admin: HubAdmin;
}
export interface HubStopMessage {
  type: 'stop';
}
export type HubParentMessage = HubStartMessage | HubStopMessage;

export type HubChildMessage = { type: 'listening'; port: number } | { type: 'failed'; reason: string };

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
interface ExpressPouchOptions {
  mode: 'minimumForPouchDB';
  overrideMode: { include: string[] };
  configPath: string;
  logPath: string;
}
// Only what we touch of PouchDB; express-pouchdb does the rest.
interface PouchDatabase {
  close(): Promise<void>;
}
interface CachedPouch {
  defaults(opts: { prefix: string }): CachedPouch;
  plugin(plugin: object): CachedPouch;
  // express-pouchdb keeps the db instances it opened here; we close them on a graceful stop.
  __dbCacheMap?: { forEach(cb: (db: PouchDatabase) => void): void };
}
type ExpressPouchFactory = (pouch: CachedPouch, opts: ExpressPouchOptions) => RequestListener;

interface Denial {
  status: number;
  error: string;
  reason: string;
}

const require = createRequire(import.meta.url);

function sha256(value: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(value, 'utf8').digest());
}

// Hashing first gives equal-length buffers, so timingSafeEqual never leaks the length.
function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

function isAdmin(header: string | undefined, admin: HubAdmin): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), admin.username);
  const passOk = safeEqual(decoded.slice(colon + 1), admin.password);
  return userOk && passOk;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  if (length !== undefined) return Number(length) > 0;
  return req.headers['transfer-encoding'] !== undefined;
}

function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function checkRequest(req: IncomingMessage, admin: HubAdmin, sessions: HubSessions): Denial | null {
  // The admin over HTTP Basic, or with the cookie of a session it opened (`POST /_session`).
  if (!isAdmin(req.headers.authorization, admin) && !sessions.admits(req.headers.cookie)) {
    return { status: 401, error: 'unauthorized', reason: 'Name or password is incorrect.' };
  }
  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  // `_changes?filter=...` (longpoll + _selector) was seen to take the whole server down; we filter
  // in the gateway anyway.
  if (segments[1] === '_changes' && url.searchParams.has('filter')) {
    return { status: 400, error: 'bad_request', reason: 'The filter parameter is not supported by this hub.' };
  }
  // PouchDB 9's viewCleanup(callback) no longer takes the opts express-pouchdb passes: no answer, ever.
  if (segments[1] === '_view_cleanup') {
    return { status: 501, error: 'not_implemented', reason: '_view_cleanup is not supported by this hub.' };
  }
  if (req.method !== 'PUT' && req.method !== 'POST') return null;
  if (!hasBody(req)) {
    // A bodyless `PUT /db/doc` or `POST /db` is stored as an empty document; CouchDB refuses it.
    const documentWrite = req.method === 'PUT' ? segments.length >= 2 : segments.length === 1;
    return documentWrite ? { status: 400, error: 'bad_request', reason: 'Request body is missing.' } : null;
  }
  // Without a JSON content type express-pouchdb parses no body and stores an empty document.
  const type = mediaType(req);
  if (type !== 'application/json' && !type.startsWith('multipart/')) {
    return { status: 415, error: 'bad_content_type', reason: 'Content-Type must be application/json.' };
  }
  return null;
}

function sendDenial(res: ServerResponse, denial: Denial): void {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Connection: 'close' };
  if (denial.status === 401) headers['WWW-Authenticate'] = 'Basic realm="liandong-hub"';
  res.writeHead(denial.status, headers);
  res.end(JSON.stringify({ error: denial.error, reason: denial.reason }));
}

function buildHandler(dataDir: string): { handler: RequestListener; pouch: CachedPouch } {
  const hubDir = join(dataDir, 'hub');
  mkdirSync(hubDir, { recursive: true, mode: 0o700 });
  // The trailing slash matters: LevelDB folders are named prefix + dbName.
  const pouch = (require('pouchdb') as CachedPouch).plugin(compiledViewsPlugin()).defaults({ prefix: `${hubDir}/` });
  const expressPouch = require('express-pouchdb') as ExpressPouchFactory;
  const handler = expressPouch(pouch, {
    mode: 'minimumForPouchDB',
    overrideMode: { include: ['routes/find'] },
    configPath: join(dataDir, 'hub-config.json'),
    logPath: join(dataDir, 'hub-log.txt'),
  });
  return { handler, pouch };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let attempts = 0;
    const tryListen = (): void => {
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        const address = server.address();
        if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
        else resolve(address.port);
      });
    };
    // A hub restarted right after a crash may find its fixed port briefly still taken.
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE' && port !== 0 && attempts < 20) {
        attempts += 1;
        setTimeout(tryListen, 100);
        return;
      }
      reject(err);
    };
    tryListen();
  });
}

function send(message: HubChildMessage): void {
  if (process.connected) process.send?.(message);
}

let server: Server | undefined;
let pouchForClose: CachedPouch | undefined;
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (server) {
    const closed = new Promise<void>((resolve) => server?.close(() => resolve()));
    // Long-polls would otherwise keep close() waiting forever.
    server.closeAllConnections();
    await closed;
  }
  const closing: Promise<void>[] = [];
  pouchForClose?.__dbCacheMap?.forEach((db) => closing.push(db.close().catch(() => undefined)));
  await Promise.all(closing);
  if (process.connected) process.disconnect();
  process.exit(code);
}

async function start(message: HubStartMessage): Promise<void> {
  const { handler, pouch } = buildHandler(message.dataDir);
  pouchForClose = pouch;
  const admin = message.admin;
  const sessions = new HubSessions(admin, safeEqual);
  server = createServer((req, res) => {
    if (req.method === 'POST' && new URL(req.url ?? '/', 'http://hub.invalid').pathname === '/_session') {
      sessions.signIn(req, res).catch(() => sendDenial(res, { status: 400, error: 'bad_request', reason: 'Could not read the sign-in.' }));
      return;
    }
    const denial = checkRequest(req, admin, sessions);
    if (denial) {
      sendDenial(res, denial);
      return;
    }
    const completion = completionFor(req);
    if (completion !== null) completeJsonAnswer(res, completion);
    if (!isBulkGetRequest(req)) {
      handler(req, res);
      return;
    }
    guardBulkGet(req, res).then(
      (answered) => {
        if (!answered) handler(req, res);
      },
      () => sendDenial(res, { status: 400, error: 'bad_request', reason: 'Could not read the request.' }),
    );
  });
  const port = await listen(server, message.port);
  send({ type: 'listening', port });
}

if (!process.send) {
  process.stderr.write('hub-process needs an IPC channel (spawn it from embedded-hub.ts)\n');
  process.exit(2);
}

process.on('message', (message: HubParentMessage) => {
  if (message.type === 'start') {
    start(message).catch((err: unknown) => {
      send({ type: 'failed', reason: err instanceof Error ? err.message : String(err) });
      void shutdown(1);
    });
  } else if (message.type === 'stop') {
    void shutdown(0);
  }
});
// The parent is gone (crashed or exited): never outlive it.
process.on('disconnect', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
