import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { superviseEmbeddedHub, type SupervisedHub } from '../../server/hub/hub-supervisor.ts';
import { hubCall, isAlive } from '../helpers/hub-http.ts';
import { eventually } from '../helpers/test-network.ts';
import { onExternalHub } from '../helpers/test-hub.ts';

// Plain CouchDB HTTP, so this test does not depend on the hub client.
const DB = 'supervisor_probe';
const RESTART_DEADLINE_MS = 90_000;

/** The status of GET /, or the connection error's code when nothing answers on the port. */
async function probe(hub: SupervisedHub): Promise<number | string> {
  try {
    return (await hubCall(hub, 'GET', '/')).status;
  } catch (err) {
    const cause = err instanceof Error ? err.cause : undefined;
    return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : String(err);
  }
}

function running(hub: SupervisedHub): EmbeddedHub {
  const current = hub.current();
  if (current === null) throw new Error('the supervised hub is not running');
  return current;
}

/** Waits until the supervisor reports a hub process other than `dead`, and it answers. */
async function restartedAfter(hub: SupervisedHub, dead: EmbeddedHub): Promise<EmbeddedHub> {
  const back = await eventually(() => hub.current(), (h) => h !== null && h.pid !== dead.pid, RESTART_DEADLINE_MS, 'the supervisor to start the hub again');
  if (back === null) throw new Error('unreachable: eventually checked it');
  await eventually(() => probe(hub), (status) => status === 200, RESTART_DEADLINE_MS, 'the restarted hub to answer');
  return back;
}

// The embedded hub's supervisor; Apache CouchDB is kept running by systemd (docs/production.md).
describe.skipIf(onExternalHub)('the hub supervisor', () => {
  let dataDir: string;
  let hub: SupervisedHub;
  let log: string[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-supervisor-'));
    log = [];
    hub = await superviseEmbeddedHub(dataDir, 0, (msg) => log.push(msg));
    expect((await hubCall(hub, 'PUT', `/${DB}`)).status).toBe(201);
  });

  afterEach(async () => {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts a killed hub again by itself, on the same port, with its data, and keeps doing so', async () => {
    const first = running(hub);
    const written = await hubCall(hub, 'PUT', `/${DB}/before-crash`, { n: 1, text: '办件' });
    expect(written.status).toBe(201);

    first.kill();
    expect(await first.exited).toBeNull(); // ended by SIGKILL, not a clean exit
    expect(isAlive(first.pid)).toBe(false);

    const second = await restartedAfter(hub, first);
    expect(second.port).toBe(first.port);
    expect(second.url).toBe(hub.url);
    expect(isAlive(second.pid)).toBe(true);
    const read = await hubCall(hub, 'GET', `/${DB}/before-crash`);
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ _id: 'before-crash', n: 1, text: '办件' });
    expect((await hubCall(hub, 'PUT', `/${DB}/after-crash`, { n: 2 })).status).toBe(201);
    expect(log.filter((line) => line.includes('restarting'))).toHaveLength(1);

    // The restarted process is supervised too: a second crash, by pid this time.
    process.kill(second.pid, 'SIGKILL');
    await second.exited;
    const third = await restartedAfter(hub, second);
    expect(third.port).toBe(first.port);
    const docs = await hubCall(hub, 'GET', `/${DB}/_all_docs`);
    expect(docs.json).toMatchObject({ total_rows: 2, rows: [{ id: 'after-crash' }, { id: 'before-crash' }] });
    expect(log.filter((line) => line.includes('restarting'))).toHaveLength(2);
  });

  it('stops for good: after stop() the process is gone, the port is closed and nothing starts it again', async () => {
    const live = running(hub);
    expect(await probe(hub)).toBe(200);

    await hub.stop();

    expect(await live.exited).toBe(0); // a graceful exit
    expect(isAlive(live.pid)).toBe(false);
    // The supervisor logs before it starts a hub again; its exit handler has run by now.
    expect(log).toEqual([]);
    expect(await probe(hub)).toBe('ECONNREFUSED');
    expect(hub.current()).toBeNull();
  });

  it('stops for good when stop() comes while a restart is under way', async () => {
    const dead = running(hub);
    dead.kill();
    await dead.exited;
    // The exit handler has begun the restart; stop() must wait for it and stop what it starts.
    await eventually(() => log.some((line) => line.includes('restarting')), (seen) => seen, RESTART_DEADLINE_MS, 'the supervisor to begin restarting');
    await hub.stop();
    expect(hub.current()).toBeNull();
    expect(await probe(hub)).toBe('ECONNREFUSED');
    expect(log).not.toContain('embedded hub is back');
  });
});
