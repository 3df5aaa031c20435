// Starts the embedded CouchDB-compatible hub (hub-process.ts) as a child process, so a LevelDB
// crash or a blocking view build never takes the gateway down with it, and a test can kill it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makePrivate } from '../private-files.ts';
import { basicAuthorization } from './hub-credentials.ts';
import type { HubAdmin, HubChildMessage, HubParentMessage } from './hub-process.ts';

export type { HubAdmin } from './hub-process.ts';

export interface EmbeddedHub {
  /** http://127.0.0.1:PORT, without credentials. */
  url: string;
  admin: HubAdmin;
  pid: number;
  port: number;
  /** Graceful: closes the server and the databases, resolves once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, to simulate a crash. */
  kill(): void;
  /** Exit code, or null when ended by a signal. */
  exited: Promise<number | null>;
}

export interface EmbeddedHubOptions {
  dataDir: string;
  /** 0 or absent: an ephemeral port. */
  port?: number;
}

const HUB_PROCESS = fileURLToPath(new URL('./hub-process.ts', import.meta.url));
// `--import tsx` resolves from the child's cwd, so run it from the project root.
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const ADMIN_USERNAME = 'liandong-hub-admin';

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Last resort; the child also exits by itself when its IPC channel disconnects.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

function isHubAdmin(value: unknown): value is HubAdmin {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.username === 'string' && typeof record.password === 'string';
}

/** Reads `<dataDir>/hub-admin.json`, creating it (mode 0600) with fresh credentials the first time. */
export async function loadOrCreateHubAdmin(dataDir: string): Promise<HubAdmin> {
  const file = join(dataDir, 'hub-admin.json');
  const fresh: HubAdmin = { username: ADMIN_USERNAME, password: randomBytes(32).toString('base64url') };
  try {
    // 'wx' makes creation atomic: two starters never end up with different passwords.
    await writeFile(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // The embedded hub takes whatever admin this file names, so a damaged file can simply go.
  const fix = `Delete ${file} and start again: new hub admin credentials are made.`;
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file} is damaged (${err instanceof Error ? err.message : String(err)}). ${fix}`, { cause: err });
  }
  if (!isHubAdmin(stored)) throw new Error(`${file} does not hold hub admin credentials. ${fix}`);
  await chmod(file, 0o600);
  return stored;
}

/** Another hub process holds the LevelDB locks of this data folder. */
export class HubDataInUseError extends Error {
  override name = 'HubDataInUseError';
}

async function get(url: string, admin: HubAdmin): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { headers: { Authorization: basicAuthorization(admin) } });
  return { status: res.status, text: await res.text() };
}

// GET / proves the server and the credentials; GET /_all_dbs proves LevelDB opened, which fails
// (while GET / still works) when another hub process holds the same data folder.
async function waitUntilReady(url: string, admin: HubAdmin, deadline: number): Promise<void> {
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const root = await get(`${url}/`, admin);
      if (root.status === 200) {
        const dbs = await get(`${url}/_all_dbs`, admin);
        if (dbs.status === 200) return;
        if (/lock/i.test(dbs.text)) throw new HubDataInUseError(`hub data folder is in use by another process: ${dbs.text}`);
        lastError = `GET /_all_dbs answered ${dbs.status}`;
      } else {
        lastError = `GET / answered ${root.status}`;
      }
    } catch (err) {
      if (err instanceof HubDataInUseError) throw err;
      lastError = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`embedded hub did not answer: ${lastError}`);
}

function waitForListening(child: ChildProcess, exited: Promise<number | null>, logFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error('embedded hub did not start in time')), START_TIMEOUT_MS);
    const onMessage = (message: HubChildMessage): void => {
      if (message.type === 'listening') finish(null, message.port);
      else finish(new Error(`embedded hub failed to start: ${message.reason} (see ${logFile})`));
    };
    const finish = (err: Error | null, port?: number): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      if (err || port === undefined) reject(err ?? new Error('no port'));
      else resolve(port);
    };
    child.on('message', onMessage);
    void exited.then((code) => finish(new Error(`embedded hub exited early (code ${code}, see ${logFile})`)));
  });
}

export async function startEmbeddedHub(opts: EmbeddedHubOptions): Promise<EmbeddedHub> {
  // The hub's files hold citizens' ID numbers and password hashes: the server's user's alone.
  await makePrivate(opts.dataDir);
  const admin = await loadOrCreateHubAdmin(opts.dataDir);
  // The child's output goes to a file, not to our stdout: quiet by default, there when needed.
  const logFile = join(opts.dataDir, 'hub-process.log');
  const log = await open(logFile, 'a', 0o600);
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, ['--import', 'tsx', HUB_PROCESS], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', log.fd, log.fd, 'ipc'],
    });
  } finally {
    await log.close();
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('embedded hub could not be spawned');
  installExitHook();
  liveChildren.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      liveChildren.delete(child);
      resolve(code);
    });
  });
  // Without this an IPC write to a dying child would throw in our process.
  child.on('error', () => undefined);

  const kill = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    const start: HubParentMessage = { type: 'start', dataDir: opts.dataDir, port: opts.port ?? 0, admin };
    child.send(start);
    const port = await waitForListening(child, exited, logFile);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(url, admin, Date.now() + START_TIMEOUT_MS);
    const stop = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const stopMessage: HubParentMessage = { type: 'stop' };
      if (child.connected) child.send(stopMessage);
      else child.kill('SIGTERM');
      const timer = setTimeout(kill, STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    };
    return { url, admin, pid, port, stop, kill, exited };
  } catch (err) {
    kill();
    await exited;
    throw err;
  }
}
