// The first sync of one community among 50 on Apache CouchDB 3.4.3 (issue 11's
// `couchdbFirstSyncRatio`), in a process of its own: the test network chooses its hub when loaded,
// from `COUCHDB_TEST_URL`, so this process sees the CouchDB and `npm run bench` keeps the embedded
// hub.
//
// - `npm run bench` runs it when ../shared/couchdb/couchdb.sh is there (or `$LIANDONG_COUCHDB_SH`):
//   one node started on free loopback ports with our production configuration files
//   (ops/couchdb/config/liandong.ini and single-node.ini), stopped after, through the script;
// - `BENCH_COUCHDB_URL` (with `BENCH_COUCHDB_USER`, `BENCH_COUCHDB_PASSWORD`) uses a running one;
// - `BENCH_COUCHDB=0` skips it.
// As a child (`--child`), it runs the measure and sends its figures to the parent.
import { execFile, fork } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FirstSyncFigures, FirstSyncRun } from './first-sync.ts';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const SCRIPT = process.env.LIANDONG_COUCHDB_SH ?? join(ROOT, '..', 'shared', 'couchdb', 'couchdb.sh');

interface CouchDbAddress {
  readonly url: string;
  readonly user: string;
  readonly password: string;
}

/** Whether `port` and the node's other two ports are free on loopback. */
async function portsFree(base: number): Promise<boolean> {
  for (const port of [base, base + 100, base + 200]) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

/** The epmd processes running now (CouchDB starts one when none runs). */
async function epmdPids(): Promise<Set<string>> {
  const { stdout } = await run('ps', ['-eo', 'pid=,comm=']);
  return new Set(stdout.split('\n').map((line) => line.trim().split(/\s+/)).filter(([, comm]) => comm === 'epmd').map(([pid]) => pid ?? ''));
}

/** Starts one CouchDB node with our configuration; `stop` stops it (and an epmd it started) and removes its folder. */
async function startCouchDb(): Promise<CouchDbAddress & { stop(): Promise<void> }> {
  let base = 0;
  for (let tries = 0; tries < 50 && base === 0; tries += 1) {
    const candidate = 21_000 + Math.floor(Math.random() * 8_000);
    if (await portsFree(candidate)) base = candidate;
  }
  if (base === 0) throw new Error('no free ports for CouchDB');
  const epmdBefore = await epmdPids();
  const dir = await mkdtemp(join(tmpdir(), 'liandong-bench-couchdb-'));
  const stop = async (): Promise<void> => {
    await run('bash', [SCRIPT, 'stop', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
    for (const pid of await epmdPids()) {
      if (epmdBefore.has(pid)) continue;
      // Only an epmd that came with our node and serves no other Erlang node.
      const names = await run(`/proc/${pid}/exe`, ['-names']).then((r) => r.stdout, () => 'unknown');
      if (!/^name /m.test(names)) {
        try {
          process.kill(Number(pid));
        } catch {
          // Gone already.
        }
      }
    }
  };
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start', '--port', String(base), '--nodes', '1', '--dir', dir], { timeout: 300_000 });
    const value = (name: string): string => new RegExp(`^${name}=(.*)$`, 'm').exec(stdout)?.[1]?.replace(/^"|"$/g, '') ?? '';
    // Production's configuration files, as `npm run test:couchdb` installs them.
    await run('bash', [SCRIPT, 'stop', dir]);
    await copyFile(join(ROOT, 'ops/couchdb/config/liandong.ini'), join(dir, 'node1/etc/local.d/10-liandong.ini'));
    await copyFile(join(ROOT, 'ops/couchdb/config/single-node.ini'), join(dir, 'node1/etc/local.d/20-single-node.ini'));
    await run('bash', [SCRIPT, 'start-node', dir, '1'], { timeout: 300_000 });
    return { url: value('COUCHDB_URL'), user: value('COUCHDB_USER'), password: value('COUCHDB_PASSWORD'), stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Runs the first sync in a child process whose test network is on `couch`. */
function measureInChild(couch: CouchDbAddress, firstSync: FirstSyncRun): Promise<FirstSyncFigures> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      COUCHDB_TEST_URL: couch.url,
      COUCHDB_TEST_USER: couch.user,
      COUCHDB_TEST_PASSWORD: couch.password,
      COUCHDB_TEST_PREFIX: `bench${Date.now().toString(36)}_`,
      BENCH_FIRST_SYNC: JSON.stringify(firstSync),
    };
    const child = fork(SELF, ['--child'], { cwd: ROOT, env, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let figures: FirstSyncFigures | null = null;
    child.on('message', (message) => {
      figures = message as FirstSyncFigures;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0 && figures !== null) resolve(figures);
      else reject(new Error(`the CouchDB first-sync run exited with ${String(code)}`));
    });
  });
}

/** The first sync on Apache CouchDB, or null when none is at hand (said in `log`). */
export async function measureFirstSyncOnCouchDb(firstSync: FirstSyncRun, log: (line: string) => void): Promise<FirstSyncFigures | null> {
  if (process.env.BENCH_COUCHDB === '0') return null;
  const given = process.env.BENCH_COUCHDB_URL;
  if (given !== undefined) {
    return measureInChild({ url: given, user: process.env.BENCH_COUCHDB_USER ?? 'admin', password: process.env.BENCH_COUCHDB_PASSWORD ?? 'admin' }, firstSync);
  }
  if (!(await stat(SCRIPT).then(() => true, () => false))) {
    log(`(no Apache CouchDB: ${SCRIPT} is not there and BENCH_COUCHDB_URL is not set; couchdbFirstSyncRatio left out)`);
    return null;
  }
  const couch = await startCouchDb();
  log(`(Apache CouchDB single node at ${couch.url}, with ops/couchdb/config)`);
  try {
    return await measureInChild(couch, firstSync);
  } finally {
    await couch.stop();
  }
}

async function child(): Promise<void> {
  const { startTestNetwork } = await import('../helpers/test-network.ts');
  const { runFirstSync } = await import('./first-sync.ts');
  const firstSync = JSON.parse(process.env.BENCH_FIRST_SYNC ?? '{}') as FirstSyncRun;
  const network = await startTestNetwork();
  try {
    const figures = await runFirstSync(network, firstSync);
    await new Promise<void>((resolve, reject) => {
      process.send?.(figures, (err: Error | null) => (err === null ? resolve() : reject(err)));
    });
  } finally {
    await network.stop();
  }
}

if (process.argv.includes('--child')) {
  child().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`CouchDB first sync failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
