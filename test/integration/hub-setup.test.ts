import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type nano from 'nano';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DDOCS_DIR, loadDesignDocs } from '../../ops/couchdb/load-ddocs.ts';
import { setupHub } from '../../ops/couchdb/setup.ts';
import { HUB_COLLECTION_NAMES, hubDatabaseName, isHubCollectionName } from '../../schemas/collections.ts';
import { startEmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';
import type { HubCredentials } from '../../server/hub/hub-credentials.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';

interface CaseLike {
  _id: string;
  visibleTo: string[];
  caseNumber: string;
  holderUnitId: string;
  status: string;
}

/** On Apache CouchDB (COUCHDB_TEST_URL) this file's databases get a prefix of their own. */
const PREFIX = EXTERNAL_HUB === null ? undefined : freshDatabasePrefix(EXTERNAL_HUB);
const CASES_DB = hubDatabaseName('cases', PREFIX);
const ACCOUNTS_DB = hubDatabaseName('accounts', PREFIX);
const HEARTBEATS_DB = hubDatabaseName('heartbeats', PREFIX);
const PROBE_PREFIX = `${PREFIX ?? ''}setup_probe_`;

async function designRevs(client: nano.ServerScope, prefix: string | undefined = PREFIX): Promise<Record<string, string>> {
  const revs: Record<string, string> = {};
  for (const name of HUB_COLLECTION_NAMES.map((collection) => hubDatabaseName(collection, prefix))) {
    const list = await client.use(name).list({ startkey: '_design/', endkey: '_design0' });
    for (const row of list.rows) revs[`${name}/${row.id}`] = row.value.rev;
  }
  return revs;
}

/** `<database>/<design doc id>` of every design doc under ops/couchdb/ddocs, for a deployment's prefix. */
async function expectedDesignDocs(prefix: string | undefined): Promise<string[]> {
  const docs = await loadDesignDocs();
  return Object.entries(docs)
    .flatMap(([collection, ddocs]) => (isHubCollectionName(collection) ? ddocs.map((d) => `${hubDatabaseName(collection, prefix)}/${d._id}`) : []))
    .sort();
}

/** Every document's revision in every database of a deployment: what a run of setup may not change. */
async function allRevs(client: nano.ServerScope): Promise<Record<string, string>> {
  const revs: Record<string, string> = {};
  for (const name of HUB_COLLECTION_NAMES.map((collection) => hubDatabaseName(collection, PREFIX))) {
    const list = await client.use(name).list();
    for (const row of list.rows) revs[`${name}/${row.id}`] = row.value.rev;
  }
  return revs;
}

describe('hub setup', () => {
  let dataDir: string;
  let hub: EmbeddedHub | null = null;
  let url: string;
  let admin: HubCredentials;
  /** Raw CouchDB calls, to look at what setup left behind. */
  let client: nano.ServerScope;
  let port: HubPort;
  const portFor = (databasePrefix: string | undefined): HubPort => createNanoHub({ url, credentials: admin, ...(databasePrefix === undefined ? {} : { databasePrefix }) });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-setup-'));
    if (EXTERNAL_HUB === null) {
      hub = await startEmbeddedHub({ dataDir });
      ({ url, admin } = hub);
    } else {
      url = EXTERNAL_HUB.urls[0] ?? '';
      admin = EXTERNAL_HUB.admin;
    }
    client = createHubClient(url, admin);
    port = portFor(PREFIX);
  });

  afterAll(async () => {
    await hub?.stop();
    if (EXTERNAL_HUB !== null && PREFIX !== undefined) await dropDatabases(EXTERNAL_HUB, PREFIX);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('loads design docs from ops/couchdb/ddocs', async () => {
    const docs = await loadDesignDocs();
    // Each folder names a hub database; a database may hold several design docs (cases: the sync
    // indexes in `liandong`, the administration's `admin`, ...).
    expect(Object.keys(docs).every(isHubCollectionName)).toBe(true);
    expect(Object.keys(docs)).toEqual(expect.arrayContaining(['accounts', 'audit', 'cases', 'heartbeats']));
    expect(docs.cases?.map((d) => d._id)).toEqual(expect.arrayContaining(['_design/liandong', '_design/admin']));
    const cases = docs.cases?.find((d) => d._id === '_design/liandong');
    expect(Object.keys(cases?.views ?? {})).toEqual(expect.arrayContaining(['by_holder_status', 'by_number', 'by_visible_unit']));
    expect(docs.cases?.find((d) => d._id === '_design/admin')?.views.open_work?.reduce).toBe('_count');
    expect(cases?.views.by_holder_status?.reduce).toBe('_count');
    expect(cases?.views.by_number?.reduce).toBeUndefined();
    expect(cases?.views.by_number?.map.startsWith('function (doc)')).toBe(true);
  });

  it('creates every database and design doc, and a second run changes nothing', async () => {
    await setupHub(port);
    const dbs = await client.db.list();
    for (const name of HUB_COLLECTION_NAMES) expect(dbs).toContain(hubDatabaseName(name, PREFIX));
    const first = await designRevs(client);
    expect(Object.keys(first).sort()).toEqual(await expectedDesignDocs(PREFIX));
    // Not the databases' update_seq: a cluster answers it from whichever copy of each shard
    // replies first, so two reads of an unchanged database may differ (measured on 3.4.3, 3 nodes).
    const revsBefore = await allRevs(client);

    await setupHub(port);
    expect(await designRevs(client)).toEqual(first);
    expect(await allRevs(client)).toEqual(revsBefore);
  });

  it.runIf(EXTERNAL_HUB !== null)('on Apache CouchDB, leaves every database admin-only', async () => {
    await setupHub(port);
    for (const name of HUB_COLLECTION_NAMES.map((collection) => hubDatabaseName(collection, PREFIX))) {
      expect(await client.request({ db: name, path: '_security' }), name).toEqual({ admins: { names: [], roles: ['_admin'] }, members: { names: [], roles: ['_admin'] } });
      const anonymous = await fetch(`${url}/${name}/_all_docs`);
      expect(anonymous.status, `${name} without credentials`).toBe(401);
      await anonymous.body?.cancel();
    }
  });

  it('answers the case views as specified', async () => {
    await setupHub(port);
    const cases = client.use<Omit<CaseLike, '_id'>>(CASES_DB);
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
    await setupHub(port);
    await client.use<{ unitId: string }>(ACCOUNTS_DB).insert({ _id: 'acc-1', unitId: 'comm-1' });
    await client.use<{ unitId: string; receivedAt: number }>(HEARTBEATS_DB).insert({ _id: 'hb-comm-1', unitId: 'comm-1', receivedAt: 1700000000000 });
    const accounts = await client.use(ACCOUNTS_DB).view('liandong', 'by_unit', { key: 'comm-1' });
    expect(accounts.rows.map((r) => r.id)).toEqual(['acc-1']);
    await client.use<{ unitId: string; receivedAt: number }>(HEARTBEATS_DB).insert({ _id: 'hb-comm-1b', unitId: 'comm-1', receivedAt: 1700000009000 });
    // A unit's heartbeats, newest first: the overview reads at most the device cap of them.
    const beats = await client.use(HEARTBEATS_DB).view('liandong', 'by_unit', { startkey: ['comm-1', {}], endkey: ['comm-1'], descending: true });
    expect(beats.rows).toEqual([
      { id: 'hb-comm-1b', key: ['comm-1', 1700000009000], value: null },
      { id: 'hb-comm-1', key: ['comm-1', 1700000000000], value: null },
    ]);
  });

  it('upgrades a design doc whose view source changed, once', async () => {
    await setupHub(port);
    const before = await designRevs(client);
    // Simulate an older deployment: the hub holds a different map function.
    const accounts = client.use<Record<string, unknown>>(ACCOUNTS_DB);
    const current = await accounts.get('_design/liandong');
    await accounts.insert({ ...current, views: { by_unit: { map: 'function (doc) { emit(doc._id, null); }' } } });
    await setupHub(port);
    const after = await designRevs(client);
    const key = `${ACCOUNTS_DB}/_design/liandong`;
    expect(after[key]).not.toEqual(before[key]);
    const restored = await accounts.get('_design/liandong');
    const docs = await loadDesignDocs();
    expect(restored.views).toEqual(docs.accounts?.[0]?.views);
    await setupHub(port);
    expect(await designRevs(client)).toEqual(after);
  });

  it('rejects a ddocs folder that names no hub database, before writing anything', async () => {
    const root = await mkdtemp(join(dataDir, 'ddocs-'));
    await cp(DDOCS_DIR, root, { recursive: true });
    await cp(join(root, 'cases'), join(root, 'casez'), { recursive: true });
    await writeFile(join(root, 'README'), 'a file, not a folder: ignored');
    const before = await designRevs(client);
    await expect(setupHub(portFor(PREFIX), root)).rejects.toThrow(/casez names no hub database/);
    expect(await designRevs(client)).toEqual(before);
  });

  it('sets up a deployment under another database prefix beside the default one', async () => {
    await setupHub(port);
    const defaultRevs = await designRevs(client);
    await setupHub(portFor(PROBE_PREFIX));
    const dbs = await client.db.list();
    for (const name of HUB_COLLECTION_NAMES) expect(dbs).toContain(hubDatabaseName(name, PROBE_PREFIX));
    expect(Object.keys(await designRevs(client, PROBE_PREFIX)).sort()).toEqual(await expectedDesignDocs(PROBE_PREFIX));
    expect(await designRevs(client)).toEqual(defaultRevs);
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
    const fake = createNanoHub({ url, credentials: { username: 'a', password: 'b' } });
    await setupHub(fake);
    const security = writes.filter((w) => w.endsWith('/_security'));
    expect(security).toHaveLength(HUB_COLLECTION_NAMES.length);
    expect(store.get(`/${hubDatabaseName('cases')}/_security`)).toMatchObject({
      admins: { names: [], roles: ['_admin'] },
      members: { names: [], roles: ['_admin'] },
    });
    writes.length = 0;
    await setupHub(fake);
    expect(writes).toEqual([]);
  });
});
