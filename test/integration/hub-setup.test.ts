import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type nano from 'nano';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DDOCS_DIR, loadDesignDocs } from '../../ops/couchdb/load-ddocs.ts';
import { HUB_DATABASES, setupHub } from '../../ops/couchdb/setup.ts';
import { startEmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';

interface CaseLike {
  _id: string;
  visibleTo: string[];
  caseNumber: string;
  holderUnitId: string;
  status: string;
}

async function designRevs(client: nano.ServerScope): Promise<Record<string, string>> {
  const revs: Record<string, string> = {};
  for (const name of Object.values(HUB_DATABASES)) {
    const list = await client.use(name).list({ startkey: '_design/', endkey: '_design0' });
    for (const row of list.rows) revs[`${name}/${row.id}`] = row.value.rev;
  }
  return revs;
}

describe('hub setup', () => {
  let dataDir: string;
  let hub: EmbeddedHub;
  let client: nano.ServerScope;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-setup-'));
    hub = await startEmbeddedHub({ dataDir });
    client = createHubClient(hub.url, hub.admin);
  });

  afterAll(async () => {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loads design docs from ops/couchdb/ddocs', async () => {
    const docs = await loadDesignDocs();
    expect(Object.keys(docs).sort()).toEqual(['accounts', 'cases', 'heartbeats']);
    const cases = docs.cases?.[0];
    expect(cases?._id).toBe('_design/liandong');
    expect(Object.keys(cases?.views ?? {}).sort()).toEqual(['by_holder_status', 'by_number', 'by_visible_unit']);
    expect(cases?.views.by_holder_status?.reduce).toBe('_count');
    expect(cases?.views.by_number?.reduce).toBeUndefined();
    expect(cases?.views.by_number?.map.startsWith('function (doc)')).toBe(true);
  });

  it('creates every database and design doc, and a second run changes nothing', async () => {
    await setupHub(client);
    const dbs = await client.db.list();
    for (const name of Object.values(HUB_DATABASES)) expect(dbs).toContain(name);
    const first = await designRevs(client);
    expect(Object.keys(first).sort()).toEqual([
      'liandong_accounts/_design/liandong',
      'liandong_cases/_design/liandong',
      'liandong_heartbeats/_design/liandong',
    ]);
    const seqBefore = (await client.db.get(HUB_DATABASES.cases)).update_seq;

    await setupHub(client);
    expect(await designRevs(client)).toEqual(first);
    expect((await client.db.get(HUB_DATABASES.cases)).update_seq).toEqual(seqBefore);
  });

  it('answers the case views as specified', async () => {
    await setupHub(client);
    const cases = client.use<Omit<CaseLike, '_id'>>(HUB_DATABASES.cases);
    const docs: CaseLike[] = [
      { _id: 'c1', visibleTo: ['city', 'street-1', 'comm-1'], caseNumber: 'N-0001', holderUnitId: 'comm-1', status: 'handling' },
      { _id: 'c2', visibleTo: ['city', 'street-1', 'comm-2'], caseNumber: 'N-0002', holderUnitId: 'street-1', status: 'handling' },
      { _id: 'c3', visibleTo: ['city', 'street-1', 'comm-1'], caseNumber: 'N-0003', holderUnitId: 'comm-1', status: 'handling' },
    ];
    await cases.bulk({ docs });

    const visible = await cases.view('liandong', 'by_visible_unit', { startkey: ['comm-1'], endkey: ['comm-1', {}] });
    expect(visible.rows.map((r) => r.id)).toEqual(['c1', 'c3']);

    const byNumber = await cases.view('liandong', 'by_number', { key: 'N-0002' });
    expect(byNumber.rows.map((r) => r.id)).toEqual(['c2']);

    const counts = await cases.view('liandong', 'by_holder_status', { group: true });
    expect(counts.rows).toEqual([
      { key: ['comm-1', 'handling'], value: 2 },
      { key: ['street-1', 'handling'], value: 1 },
    ]);
  });

  it('answers the account and heartbeat views', async () => {
    await setupHub(client);
    await client.use<{ unitId: string }>(HUB_DATABASES.accounts).insert({ _id: 'acc-1', unitId: 'comm-1' });
    await client.use<{ unitId: string; receivedAt: number }>(HUB_DATABASES.heartbeats).insert({ _id: 'hb-comm-1', unitId: 'comm-1', receivedAt: 1700000000000 });
    const accounts = await client.use(HUB_DATABASES.accounts).view('liandong', 'by_unit', { key: 'comm-1' });
    expect(accounts.rows.map((r) => r.id)).toEqual(['acc-1']);
    const beats = await client.use(HUB_DATABASES.heartbeats).view('liandong', 'by_unit', { key: 'comm-1' });
    expect(beats.rows).toEqual([{ id: 'hb-comm-1', key: 'comm-1', value: 1700000000000 }]);
  });

  it('upgrades a design doc whose view source changed, once', async () => {
    await setupHub(client);
    const before = await designRevs(client);
    // Simulate an older deployment: the hub holds a different map function.
    const accounts = client.use<Record<string, unknown>>(HUB_DATABASES.accounts);
    const current = await accounts.get('_design/liandong');
    await accounts.insert({ ...current, views: { by_unit: { map: 'function (doc) { emit(doc._id, null); }' } } });
    await setupHub(client);
    const after = await designRevs(client);
    const key = 'liandong_accounts/_design/liandong';
    expect(after[key]).not.toEqual(before[key]);
    const restored = await accounts.get('_design/liandong');
    const docs = await loadDesignDocs();
    expect(restored.views).toEqual(docs.accounts?.[0]?.views);
    await setupHub(client);
    expect(await designRevs(client)).toEqual(after);
  });

  it('rejects a ddocs folder that names no hub database, before writing anything', async () => {
    const root = await mkdtemp(join(dataDir, 'ddocs-'));
    await cp(DDOCS_DIR, root, { recursive: true });
    await cp(join(root, 'cases'), join(root, 'casez'), { recursive: true });
    await writeFile(join(root, 'README'), 'a file, not a folder: ignored');
    const fresh = createHubClient(hub.url, hub.admin);
    const before = await designRevs(fresh);
    await expect(setupHub(fresh, root)).rejects.toThrow(/casez names no hub database/);
    expect(await designRevs(fresh)).toEqual(before);
  });
});

// The embedded hub has no `_security`; this stand-in for Apache CouchDB checks that setup sets it
// once and leaves it alone afterwards.
describe('hub setup against a CouchDB with _security', () => {
  const store = new Map<string, unknown>();
  const writes: string[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        const reply = (status: number, body: unknown): void => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (req.method === 'PUT' || req.method === 'POST') {
          writes.push(`${req.method} ${path}`);
          const body: unknown = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
          // nano inserts a doc with an _id by POST /db.
          const id = typeof body === 'object' && body !== null && '_id' in body ? body._id : undefined;
          const target = req.method === 'POST' && typeof id === 'string' ? `${path}/${id}` : path;
          const isDoc = target.split('/').length > 2 && !target.endsWith('/_security');
          store.set(target, isDoc && typeof body === 'object' ? { ...body, _rev: '1-x' } : body);
          return reply(201, { ok: true, id: target, rev: '1-x' });
        }
        if (path.endsWith('/_security') && store.get(path) === undefined) {
          // Apache CouchDB answers an unset security object with {}.
          return store.has(path.slice(0, -'/_security'.length)) ? reply(200, {}) : reply(404, { error: 'not_found' });
        }
        const doc = store.get(path);
        return doc === undefined ? reply(404, { error: 'not_found', reason: 'missing' }) : reply(200, doc);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    url = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sets admin-only security once', async () => {
    const fake = createHubClient(url, { username: 'a', password: 'b' });
    await setupHub(fake);
    const security = writes.filter((w) => w.endsWith('/_security'));
    expect(security).toHaveLength(Object.keys(HUB_DATABASES).length);
    expect(store.get(`/${HUB_DATABASES.cases}/_security`)).toMatchObject({
      admins: { names: [], roles: ['_admin'] },
      members: { names: [], roles: ['_admin'] },
    });
    writes.length = 0;
    await setupHub(fake);
    expect(writes).toEqual([]);
  });
});
