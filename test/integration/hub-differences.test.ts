import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { basicAuthorization, type HubCredentials } from '../../server/hub/hub-credentials.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';

type Hub = 'embedded' | 'couchdb';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

interface Answer {
  readonly status: number;
  readonly json: unknown;
  readonly text: string;
  readonly headers: Headers;
}

/**
 * docs/couchdb-differences.md, row by row, measured on the hub the run uses: the embedded hub by
 * default, Apache CouchDB 3.4.3 in `npm run test:couchdb`. Each `it` names its row; a row whose
 * behaviour changes fails here before anyone relies on the table.
 */
describe('the embedded hub and Apache CouchDB differ exactly as docs/couchdb-differences.md says', () => {
  const hub: Hub = EXTERNAL_HUB === null ? 'embedded' : 'couchdb';
  const on = <T>(values: Record<Hub, T>): T => values[hub];
  let embedded: EmbeddedHub | null = null;
  let dataDir: string | null = null;
  let url: string;
  let admin: HubCredentials;
  const prefix = EXTERNAL_HUB === null ? 'diff_' : freshDatabasePrefix(EXTERNAL_HUB);
  const DB = `${prefix}probe`;

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Answer> {
    const init: RequestInit = { method, headers: { authorization: basicAuthorization(admin), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    if (signal !== undefined) init.signal = signal;
    const res = await fetch(`${url}${path}`, init);
    const text = await res.text();
    return { status: res.status, json: parseJson(text), text, headers: res.headers };
  }

  /** Whether a request is still unanswered after `ms`. */
  async function stillOpenAfter(path: string, ms: number): Promise<boolean> {
    const abort = new AbortController();
    const answered = call('GET', path, undefined, {}, abort.signal).then(() => true, () => true);
    const open = await Promise.race([answered.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms))]);
    abort.abort();
    await answered;
    return open;
  }

  beforeAll(async () => {
    if (EXTERNAL_HUB === null) {
      dataDir = await mkdtemp(join(tmpdir(), 'liandong-differences-'));
      embedded = await startEmbeddedHub({ dataDir });
      ({ url, admin } = embedded);
    } else {
      url = EXTERNAL_HUB.urls[0] ?? '';
      admin = EXTERNAL_HUB.admin;
    }
    expect((await call('PUT', `/${DB}`)).status).toBe(201);
    const docs = Array.from({ length: 5 }, (_, i) => ({ _id: `d${i}`, n: i, status: i % 2 === 0 ? 'open' : 'done' }));
    expect((await call('POST', `/${DB}/_bulk_docs`, { docs })).status).toBe(201);
    await call('PUT', `/${DB}/_design/x`, { views: { by_status: { map: 'function (doc) { if (doc.status) emit(doc.status, doc.n); }', reduce: '_count' }, distinct: { map: 'function (doc) { if (doc.status) emit(doc.status, 1); }', reduce: '_approx_count_distinct' } } });
  });

  afterAll(async () => {
    await embedded?.stop();
    if (dataDir !== null) await rm(dataDir, { recursive: true, force: true });
    if (EXTERNAL_HUB !== null) await dropDatabases(EXTERNAL_HUB, prefix);
  });

  it('Sequence values: integers on the embedded hub, opaque strings on CouchDB, which refuses an integer since', async () => {
    const info = await call('GET', `/${DB}`);
    expect(typeof (info.json as { update_seq: unknown }).update_seq).toBe(on({ embedded: 'number', couchdb: 'string' }));
    expect((await call('GET', `/${DB}/_changes?since=3`)).status).toBe(on({ embedded: 200, couchdb: 400 }));
    const foreign = await call('GET', `/${DB}/_changes?since=3-abc`);
    expect(foreign.status).toBe(on({ embedded: 200, couchdb: 400 }));
    if (hub === 'embedded') expect((foreign.json as { results: unknown[] }).results).toEqual([]);
  });

  it('pending: both hubs say how many changes follow a page (the embedded hub\'s front adds it)', async () => {
    const page = (await call('GET', `/${DB}/_changes?limit=2`)).json as { pending?: unknown };
    expect(page.pending).toEqual(on({ embedded: 1, couchdb: 4 }));
    expect(((await call('GET', `/${DB}/_changes`)).json as { pending?: unknown }).pending).toBe(0);
  });

  it('Longpoll timeout: the embedded hub ignores it; CouchDB honours it, unless a heartbeat is asked for too', async () => {
    expect(await stillOpenAfter(`/${DB}/_changes?feed=longpoll&since=now&timeout=500`, 4_000)).toBe(on({ embedded: true, couchdb: false }));
    expect(await stillOpenAfter(`/${DB}/_changes?feed=longpoll&since=now&timeout=500&heartbeat=200`, 4_000)).toBe(true);
  });

  it('Authentication: nobody without the admin\'s credentials; both take a cookie session from POST /_session', async () => {
    const anonymous = await fetch(`${url}/${DB}/_all_docs`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const session = await fetch(`${url}/_session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: admin.username, password: admin.password }) });
    expect(session.status).toBe(200);
    await session.body?.cancel();
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^AuthSession=/);
    const withCookie = await fetch(`${url}/${DB}`, { headers: { cookie } });
    expect(withCookie.status).toBe(200);
    await withCookie.body?.cancel();
  });

  it('_security: no route on the embedded hub; CouchDB keeps one', async () => {
    expect((await call('GET', `/${DB}/_security`)).status).toBe(on({ embedded: 404, couchdb: 200 }));
  });

  it('_changes?filter: refused by the embedded hub\'s guard, served by CouchDB', async () => {
    expect((await call('POST', `/${DB}/_changes?filter=_doc_ids`, { doc_ids: ['d1'] })).status).toBe(on({ embedded: 400, couchdb: 200 }));
  });

  it('Content-Type on writes: CouchDB stores a JSON body PUT as text/plain (the guard refuses it); both refuse it POSTed, and a write with no body', async () => {
    expect((await call('PUT', `/${DB}/plain`, '{"a":1}', { 'content-type': 'text/plain' })).status).toBe(on({ embedded: 415, couchdb: 201 }));
    if (hub === 'couchdb') expect((await call('GET', `/${DB}/plain`)).json).toMatchObject({ a: 1 });
    expect((await call('POST', `/${DB}`, '{"a":1}', { 'content-type': 'text/plain' })).status).toBe(415);
    const bodyless = await fetch(`${url}/${DB}/empty`, { method: 'PUT', headers: { authorization: basicAuthorization(admin) } });
    expect(bodyless.status).toBe(400);
    await bodyless.body?.cancel();
  });

  it('_find / Mango: both answer', async () => {
    const found = await call('POST', `/${DB}/_find`, { selector: { status: 'open' } });
    expect(found.status).toBe(200);
    expect((found.json as { docs: unknown[] }).docs).toHaveLength(3);
  });

  it('Built-in reduces: _count on both; _approx_count_distinct on CouchDB only', async () => {
    expect(((await call('GET', `/${DB}/_design/x/_view/by_status?group=true`)).json as { rows: unknown[] }).rows).toEqual([{ key: 'done', value: 2 }, { key: 'open', value: 3 }]);
    expect((await call('GET', `/${DB}/_design/x/_view/distinct`)).status).toBe(on({ embedded: 500, couchdb: 200 }));
  });

  it('View freshness: update_seq=true says which seq the index reflects, usable as since on both; _info on CouchDB only', async () => {
    const view = (await call('GET', `/${DB}/_design/x/_view/by_status?limit=0&update_seq=true`)).json as { update_seq?: unknown };
    expect(view.update_seq).toBeDefined();
    const since = typeof view.update_seq === 'string' ? view.update_seq : JSON.stringify(view.update_seq);
    expect((await call('GET', `/${DB}/_changes?since=${encodeURIComponent(since)}`)).status).toBe(200);
    expect((await call('GET', `/${DB}/_design/x/_info`)).status).toBe(on({ embedded: 404, couchdb: 200 }));
  });

  it('_view_cleanup and _compact', async () => {
    expect((await call('POST', `/${DB}/_view_cleanup`, {})).status).toBe(on({ embedded: 501, couchdb: 202 }));
    expect((await call('POST', `/${DB}/_compact`, {})).status).toBe(202);
  });

  it('_all_docs by keys: the same shape on both', async () => {
    await call('DELETE', `/${DB}/d4?rev=${((await call('GET', `/${DB}/d4`)).json as { _rev: string })._rev}`);
    const rows = ((await call('POST', `/${DB}/_all_docs?include_docs=true`, { keys: ['d0', 'nope', 'd4'] })).json as { rows: Record<string, unknown>[] }).rows;
    expect(rows[0]).toMatchObject({ id: 'd0', key: 'd0', doc: { n: 0 } });
    expect(rows[1]).toEqual({ key: 'nope', error: 'not_found' });
    expect(rows[2]).toMatchObject({ id: 'd4', value: { deleted: true }, doc: null });
  });

  it('doc_del_count: CouchDB counts deleted documents; the embedded hub says 0 only for a database never written to', async () => {
    const info = (await call('GET', `/${DB}`)).json as { doc_del_count?: unknown };
    expect(info.doc_del_count).toBe(on({ embedded: undefined, couchdb: 1 }));
    await call('PUT', `/${prefix}fresh`);
    expect(((await call('GET', `/${prefix}fresh`)).json as { doc_del_count?: unknown }).doc_del_count).toBe(0);
  });

  it('Errors and status codes: a wrong rev, an unknown _field, a bad database name', async () => {
    expect((await call('DELETE', `/${DB}/d0?rev=1-00000000000000000000000000000000`)).status).toBe(on({ embedded: 404, couchdb: 409 }));
    expect((await call('PUT', `/${DB}/odd`, { _odd: 1 })).status).toBe(on({ embedded: 500, couchdb: 400 }));
    expect((await call('PUT', `/${prefix}Upper`)).status).toBe(on({ embedded: 201, couchdb: 400 }));
  });

  it('Attachments inline, _local documents, _bulk_get (also with no documents), _revs_diff and new_edits=false work on both', async () => {
    expect((await call('PUT', `/${DB}/att`, { _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('办件').toString('base64') } } })).status).toBe(201);
    expect(Buffer.from(await (await fetch(`${url}/${DB}/att/a.txt`, { headers: { authorization: basicAuthorization(admin) } })).arrayBuffer()).toString('utf8')).toBe('办件');
    expect((await call('PUT', `/${DB}/_local/probe`, { x: 1 })).status).toBe(201);
    expect(((await call('POST', `/${DB}/_bulk_get`, { docs: [] })).json as { results: unknown[] }).results).toEqual([]);
    expect(((await call('POST', `/${DB}/_bulk_get`, { docs: [{ id: 'd1' }] })).json as { results: unknown[] }).results).toHaveLength(1);
    expect((await call('POST', `/${DB}/_revs_diff`, { d1: ['9-x'] })).status).toBe(200);
    expect((await call('POST', `/${DB}/_bulk_docs`, { new_edits: false, docs: [{ _id: 'd1', _rev: '9-abc', n: 9 }] })).status).toBe(201);
  });

  it('Document size: 9 MB is stored by the embedded hub and refused by CouchDB (max_document_size 8 MB)', async () => {
    expect((await call('PUT', `/${DB}/big`, { text: 'x'.repeat(9_000_000) })).status).toBe(on({ embedded: 201, couchdb: 413 }));
  });

  it('Request line: CouchDB refuses one above about 8 KB, the embedded hub (Node) above 16 KB', async () => {
    const at = async (length: number): Promise<number> => (await call('GET', `/${DB}/_changes?limit=1&pad=${'a'.repeat(length)}`)).status;
    expect(await at(7_800)).toBe(200);
    expect(await at(9_000)).toBe(on({ embedded: 200, couchdb: 400 }));
    expect(await at(17_000)).toBe(on({ embedded: 431, couchdb: 400 }));
  });

  it('Other endpoints: _up, _uuids and GET / as each hub has them', async () => {
    expect((await call('GET', '/_up')).status).toBe(on({ embedded: 404, couchdb: 200 }));
    expect((await call('GET', '/_uuids')).status).toBe(on({ embedded: 404, couchdb: 200 }));
    const root = (await call('GET', '/')).json as Record<string, unknown>;
    // The embedded hub's is express-pouchdb's own version.
    expect([root.couchdb, root.version]).toEqual(on({ embedded: [undefined, '4.2.0'], couchdb: ['Welcome', '3.4.3'] }));
  });
});
