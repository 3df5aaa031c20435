import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubDataInUseError, loadOrCreateHubAdmin, startEmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';
import { basicAuthorization } from '../../server/hub/hub-credentials.ts';
import { isAlive } from '../helpers/hub-http.ts';
import { onExternalHub } from '../helpers/test-hub.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EMBEDDED_HUB = fileURLToPath(new URL('../../server/hub/embedded-hub.ts', import.meta.url));

function adminHeaders(hub: EmbeddedHub, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: basicAuthorization(hub.admin), ...extra };
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

// The embedded hub itself; docs/couchdb-differences.md and hub-differences.test.ts compare it with Apache CouchDB.
describe.skipIf(onExternalHub)('embedded hub', () => {
  let dataDir: string;
  let hub: EmbeddedHub;
  const started: EmbeddedHub[] = [];
  const strayPids: number[] = [];
  const parents: ChildProcess[] = [];

  async function start(port?: number): Promise<EmbeddedHub> {
    const h = await startEmbeddedHub(port === undefined ? { dataDir } : { dataDir, port });
    started.push(h);
    return h;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-hub-'));
    hub = await start();
  });

  afterAll(async () => {
    await Promise.all(started.map((h) => h.stop()));
    for (const parent of parents) if (parent.exitCode === null) parent.kill('SIGKILL');
    for (const pid of strayPids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses requests without credentials', async () => {
    const res = await fetch(`${hub.url}/`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: string; reason: string };
    expect(body.error).toBe('unauthorized');
    expect(typeof body.reason).toBe('string');
  });

  it('refuses a wrong password and a wrong user name', async () => {
    const wrongPass = await fetch(`${hub.url}/_all_dbs`, { headers: { Authorization: basicAuthorization({ username: hub.admin.username, password: 'nope' }) } });
    expect(wrongPass.status).toBe(401);
    await wrongPass.arrayBuffer();
    const wrongUser = await fetch(`${hub.url}/_all_dbs`, { headers: { Authorization: basicAuthorization({ username: 'admin', password: hub.admin.password }) } });
    expect(wrongUser.status).toBe(401);
    await wrongUser.arrayBuffer();
  });

  it('answers the admin, on loopback, with credentials kept out of the url', async () => {
    expect(hub.url).toBe(`http://127.0.0.1:${hub.port}`);
    const res = await fetch(`${hub.url}/`, { headers: adminHeaders(hub) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ 'express-pouchdb-mode': 'minimumForPouchDB' });
  });

  it('persists the admin credentials with mode 0600', async () => {
    const file = join(dataDir, 'hub-admin.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(hub.admin);
    expect(hub.admin.password.length).toBeGreaterThanOrEqual(32);
  });

  it('names a damaged admin file and what to do, instead of failing on a bare parse error', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'liandong-broken-admin-'));
    try {
      const file = join(broken, 'hub-admin.json');
      await writeFile(file, '{"username": "liandong-hub-admin", "passw', { mode: 0o600 });
      await expect(loadOrCreateHubAdmin(broken)).rejects.toThrow(new RegExp(`${file.replaceAll('/', '\\/')} is damaged .*Delete .* and start again`));
      await writeFile(file, '{"user": 1}', { mode: 0o600 });
      await expect(loadOrCreateHubAdmin(broken)).rejects.toThrow(/does not hold hub admin credentials\. Delete/);
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });

  it('works through the nano hub client, including _find', async () => {
    const client = createHubClient(hub.url, hub.admin);
    await client.db.create('find_check');
    const db = client.use<{ kind: string }>('find_check');
    await db.bulk({ docs: [{ _id: 'a', kind: 'x' }, { _id: 'b', kind: 'y' }] });
    const found = await db.find({ selector: { kind: 'y' } });
    expect(found.docs.map((d) => d._id)).toEqual(['b']);
    expect(await client.db.list()).toContain('find_check');
  });

  it('refuses _changes with a filter parameter and stays up', async () => {
    await createDb(hub, 'filter_check');
    for (const query of ['filter=_selector', 'feed=longpoll&filter=_selector', 'filter=_doc_ids']) {
      const res = await fetch(`${hub.url}/filter_check/_changes?${query}`, { headers: adminHeaders(hub) });
      expect(res.status).toBe(400);
      await res.arrayBuffer();
    }
    const post = await fetch(`${hub.url}/filter_check/_changes?filter=_selector`, {
      method: 'POST',
      headers: adminHeaders(hub, { 'Content-Type': 'application/json' }),
      body: JSON.stringify({ selector: { a: 1 } }),
    });
    expect(post.status).toBe(400);
    await post.arrayBuffer();
    const plain = await fetch(`${hub.url}/filter_check/_changes`, { headers: adminHeaders(hub) });
    expect(plain.status).toBe(200);
    await plain.arrayBuffer();
  });

  it('answers _view_cleanup with 501 instead of hanging', async () => {
    await createDb(hub, 'cleanup_check');
    const res = await fetch(`${hub.url}/cleanup_check/_view_cleanup`, {
      method: 'POST',
      headers: adminHeaders(hub, { 'Content-Type': 'application/json' }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(res.status).toBe(501);
    await res.arrayBuffer();
  });

  it('refuses a PUT without a JSON content type and stores nothing', async () => {
    await createDb(hub, 'ctype_check');
    const noType = await fetch(`${hub.url}/ctype_check/doc1`, {
      method: 'PUT',
      headers: adminHeaders(hub),
      body: Buffer.from(JSON.stringify({ a: 1 })),
    });
    expect(noType.status).toBe(415);
    await noType.arrayBuffer();
    const textType = await fetch(`${hub.url}/ctype_check/doc1`, {
      method: 'PUT',
      headers: adminHeaders(hub, { 'Content-Type': 'text/plain' }),
      body: JSON.stringify({ a: 1 }),
    });
    expect(textType.status).toBe(415);
    await textType.arrayBuffer();
    const noBody = await fetch(`${hub.url}/ctype_check/doc1`, { method: 'PUT', headers: adminHeaders(hub) });
    expect(noBody.status).toBe(400);
    await noBody.arrayBuffer();
    const get = await fetch(`${hub.url}/ctype_check/doc1`, { headers: adminHeaders(hub) });
    expect(get.status).toBe(404);
    await get.arrayBuffer();
    const ok = await fetch(`${hub.url}/ctype_check/doc1`, {
      method: 'PUT',
      headers: adminHeaders(hub, { 'Content-Type': 'application/json; charset=utf-8' }),
      body: JSON.stringify({ a: 1 }),
    });
    expect(ok.status).toBe(201);
    await ok.arrayBuffer();
  });

  it('survives a kill mid-write and restarts on the same port with its data and credentials', async () => {
    const client = createHubClient(hub.url, hub.admin);
    await client.db.create('crash_check');
    const db = client.use<{ n: number }>('crash_check');
    const acknowledged = Array.from({ length: 200 }, (_, n) => ({ _id: `ack-${n}`, n }));
    await db.bulk({ docs: acknowledged });
    // A large write is in flight when the hub dies.
    const inFlight = db.bulk({ docs: Array.from({ length: 5000 }, (_, n) => ({ _id: `late-${n}`, n })) }).catch(() => 'failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    const { port, admin } = hub;
    hub.kill();
    expect(await hub.exited).toBeNull();
    await inFlight;

    hub = await start(port);
    expect(hub.port).toBe(port);
    expect(hub.admin).toEqual(admin);
    const after = createHubClient(hub.url, hub.admin).use<{ n: number }>('crash_check');
    const rows = await after.fetch({ keys: acknowledged.map((d) => d._id) });
    expect(rows.rows.every((r) => !('error' in r))).toBe(true);
    const write = await after.insert({ _id: 'after-restart', n: -1 });
    expect(write.ok).toBe(true);
  });

  it('stops gracefully and lets a new hub open the same data', async () => {
    const { port } = hub;
    await hub.stop();
    expect(await hub.exited).toBe(0);
    expect(isAlive(hub.pid)).toBe(false);
    hub = await start(port);
    const info = await createHubClient(hub.url, hub.admin).db.get('crash_check');
    expect(info.doc_count).toBeGreaterThanOrEqual(201);
  });

  it('refuses to start a second hub on a data folder in use', async () => {
    await expect(startEmbeddedHub({ dataDir })).rejects.toThrow(HubDataInUseError);
    // The first hub is unaffected.
    const res = await fetch(`${hub.url}/_all_dbs`, { headers: adminHeaders(hub) });
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it('dies with its parent process', async () => {
    const parentDir = await mkdtemp(join(dataDir, 'orphan-'));
    const code = [
      `import { startEmbeddedHub } from ${JSON.stringify(EMBEDDED_HUB)};`,
      `const hub = await startEmbeddedHub({ dataDir: ${JSON.stringify(parentDir)} });`,
      `process.stdout.write(JSON.stringify({ pid: hub.pid }) + '\\n');`,
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    parents.push(parent);
    const hubPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n')[0];
        if (out.includes('\n') && line !== undefined) resolve((JSON.parse(line) as { pid: number }).pid);
      });
      parent.once('exit', () => reject(new Error('parent exited before the hub started')));
    });
    strayPids.push(hubPid);
    expect(isAlive(hubPid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isAlive(hubPid), 10_000)).toBe(true);
  });
});

async function createDb(hub: EmbeddedHub, name: string): Promise<void> {
  const res = await fetch(`${hub.url}/${name}`, { method: 'PUT', headers: adminHeaders(hub) });
  expect(res.status).toBe(201);
  await res.arrayBuffer();
}
