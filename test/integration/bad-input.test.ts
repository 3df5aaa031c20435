import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { HUB_COLLECTION_NAMES } from '../../schemas/collections.ts';
import { build } from '../../server/app.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { hubSnapshot, omit, rawEvent, rawHeartbeat, rawNewCase, stopNetworkBounded, toWire, type Signature } from '../helpers/raw-cases.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const UNIT = 'community-xinghuacun';
const BULK = `/sync/${UNIT}/cases/_bulk_docs`;
const ALL_DOCS = `/sync/${UNIT}/cases/_all_docs`;
const CHANGES = `/sync/${UNIT}/cases/_changes`;
const MiB = 1024 * 1024;

const ITEM = DEMO_CATALOG.find((i) => i.code === 'HF-MZ-0001');

/** An answer from the listening gateway, read raw: status, content type and the parsed body. */
interface RawAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly body: unknown;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const base64 = (json: string): string => Buffer.from(json).toString('base64url');

/** A full garbage collection, for the tests that check what survives one. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
}

describe('bad input at the gateway: every malformed request gets a clear error and changes nothing', () => {
  let network: TestNetwork;
  let hub: HubPort;
  let worker: Session;
  let admin: Session;
  let before: Awaited<ReturnType<typeof hubSnapshot>>;

  async function send(method: string, path: string, opts: { body?: string | Uint8Array<ArrayBuffer>; contentType?: string | null; token?: string | null } = {}): Promise<RawAnswer> {
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? worker.token : opts.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const contentType = opts.contentType === undefined ? 'application/json' : opts.contentType;
    // A Blob body makes fetch send no content type of its own.
    const body = opts.body === undefined ? undefined : contentType === null ? new Blob([opts.body]) : opts.body;
    if (contentType !== null && opts.body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${network.url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, body: parse(text) };
  }

  /** Our error shape, in both languages: `{error, code, reason, reason_zh[, detail]}` and nothing else. */
  function expectGatewayError(answer: RawAnswer, status: number, code: string | readonly string[], what: string): void {
    expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBe(status);
    expect(answer.contentType, `${what}: content type`).toMatch(/^application\/json/);
    const body = answer.body;
    expect(typeof body === 'object' && body !== null && !Array.isArray(body), `${what}: body is an object: ${answer.text.slice(0, 300)}`).toBe(true);
    const fields = body as Record<string, unknown>;
    expect(Object.keys(fields).filter((k) => !['error', 'code', 'reason', 'reason_zh', 'detail'].includes(k)), `${what}: extra fields in ${answer.text.slice(0, 300)}`).toEqual([]);
    expect(typeof code === 'string' ? [code] : code, `${what}: code in ${answer.text.slice(0, 300)}`).toContain(fields.code);
    expect(typeof fields.error === 'string' && fields.error.length > 0, `${what}: error word`).toBe(true);
    expect(typeof fields.reason === 'string' && fields.reason.length > 0, `${what}: reason`).toBe(true);
    expect(typeof fields.reason_zh === 'string' && /[\u4e00-\u9fff]/.test(fields.reason_zh), `${what}: reason_zh in Chinese`).toBe(true);
    if (fields.detail !== undefined) expect(typeof fields.detail, `${what}: detail`).toBe('string');
  }

  async function expectHubUnchanged(what: string): Promise<void> {
    expect(await hubSnapshot(hub, HUB_COLLECTION_NAMES), `${what}: the hub changed`).toEqual(before);
  }

  const me = (): Signature => ({ unitId: UNIT, workerId: worker.actor.workerId });
  function validCase(): CaseDoc {
    if (ITEM === undefined) throw new Error('demo catalog lacks HF-MZ-0001');
    return rawNewCase(ITEM, me());
  }

  beforeAll(async () => {
    network = await startTestNetwork();
    hub = network.hubPort;
    worker = await network.login(UNIT);
    admin = await network.login('admin');
    before = await hubSnapshot(hub, HUB_COLLECTION_NAMES);
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`bad-input teardown: ${problem}`);
  });

  it('malformed JSON gets 400 ERR_BAD_JSON with reason and reason_zh, on every endpoint that takes a body', async () => {
    const bodies: [string, string][] = [
      ['cut short', '{"docs": ['],
      ['empty', ''],
      ['trailing garbage', '{"docs": []} trailing'],
      ['single quotes', "{'docs': []}"],
      ['trailing comma', '{"docs": [],}'],
      ['bare word', 'docs'],
      ['a NUL byte', '\u0000'],
      ['a __proto__ key', '{"docs": [], "__proto__": {"polluted": true}}'],
      ['a constructor.prototype key', '{"docs": [{"_id": "x", "constructor": {"prototype": {"polluted": true}}}]}'],
    ];
    const endpoints: [string, string | null][] = [
      [BULK, worker.token],
      [`/sync/${UNIT}/heartbeats/_bulk_docs`, worker.token],
      [ALL_DOCS, worker.token],
      ['/api/auth/login', null],
      ['/api/auth/refresh', worker.token],
      [`/api/accounts/${UNIT}/disabled`, admin.token],
    ];
    for (const [path, token] of endpoints) {
      for (const [label, body] of bodies) {
        expectGatewayError(await send('POST', path, { body, token }), 400, 'ERR_BAD_JSON', `POST ${path} with ${label} JSON`);
      }
    }
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
    await expectHubUnchanged('malformed JSON');
  });

  it('bodies that are not JSON get 415 ERR_UNSUPPORTED_MEDIA (text/plain, which fastify reads as a string, gets 400 ERR_BAD_REQUEST)', async () => {
    const json = JSON.stringify({ docs: [toWire(validCase())] });
    const login = JSON.stringify({ username: UNIT, password: 'wrong-but-well-formed' });
    const endpoints: [string, string, string | null][] = [
      [BULK, json, worker.token],
      [ALL_DOCS, JSON.stringify({ keys: ['a'] }), worker.token],
      ['/api/auth/login', login, null],
      [`/api/accounts/${UNIT}/disabled`, JSON.stringify({ disabled: true }), admin.token],
    ];
    const types: [string | null, number, string][] = [
      ['application/x-www-form-urlencoded', 415, 'ERR_UNSUPPORTED_MEDIA'],
      ['multipart/form-data; boundary=xyz', 415, 'ERR_UNSUPPORTED_MEDIA'],
      ['application/xml', 415, 'ERR_UNSUPPORTED_MEDIA'],
      ['image/png', 415, 'ERR_UNSUPPORTED_MEDIA'],
      [null, 415, 'ERR_UNSUPPORTED_MEDIA'],
      ['text/plain', 400, 'ERR_BAD_REQUEST'],
      ['text/plain; charset=utf-8', 400, 'ERR_BAD_REQUEST'],
    ];
    for (const [path, body, token] of endpoints) {
      for (const [contentType, status, code] of types) {
        expectGatewayError(await send('POST', path, { body, token, contentType }), status, code, `POST ${path} as ${contentType ?? 'no content type'}`);
      }
    }
    // JSON with parameters or in capitals is still JSON.
    for (const contentType of ['application/json; charset=utf-8', 'APPLICATION/JSON']) {
      const answer = await send('POST', BULK, { body: '{"docs": []}', contentType });
      expect(answer.status, `empty batch as ${contentType}: ${answer.text}`).toBe(201);
      expect(answer.body).toEqual([]);
    }
    await expectHubUnchanged('wrong content types');
  });

  it('schema-invalid documents each get their own ERR_SCHEMA row, and nothing is stored', async () => {
    const good = validCase();
    const event = good.events[0];
    if (event === undefined) throw new Error('a new case has its accept event');
    const withEventChange = (change: Record<string, unknown>): Record<string, unknown> => toWire({ ...good, events: [{ ...event, ...change }] });
    const noEvents = omit(good, 'events');
    const noCaseNumber = omit(good, 'caseNumber');
    // Too deep for JSON.stringify here: spliced into the body as text below.
    const NESTED = '__nested__';
    const nested = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const manyEvents = Array.from({ length: 600 }, (_, i) => (i === 0 ? event : rawEvent('resume', {}, me(), event.hlc)));
    const cases: [string, unknown][] = [
      ['no events', toWire({ ...noEvents, id: good.id })],
      ['no caseNumber', toWire({ ...noCaseNumber, id: good.id })],
      ['events as a string', toWire({ ...good, events: 'accept' })],
      ['events empty', toWire({ ...good, events: [] })],
      ['600 events', toWire({ ...good, events: manyEvents })],
      ['conflictCount as a string', toWire({ ...good, conflictCount: '0' })],
      ['status not a status', toWire({ ...good, status: 'done' })],
      ['an extra top-level field', toWire({ ...good, owner: 'me' })],
      ['an extra field nested 100000 deep', toWire({ ...good, nested: NESTED })],
      ['an extra field in an event', withEventChange({ signature: 'x' })],
      ['an extra field in event data', withEventChange({ data: { ...event.data, secret: true } })],
      ['an unknown event type', withEventChange({ type: 'teleport' })],
      ['deviceTime not ISO', withEventChange({ deviceTime: 'yesterday' })],
      ['an event id too short', withEventChange({ id: 'e_1' })],
      ['a unit id with capitals', withEventChange({ unitId: 'Community-X' })],
      ['a bad applicant id number', withEventChange({ data: { ...event.data, applicant: { name: 'x', idNumber: '123', phone: '13905510000' } } })],
      ['a note over 1000 characters', withEventChange({ data: { ...event.data, note: '长'.repeat(1001) } })],
      ['a bad id pattern', { ...good, id: 'bad id!', _id: 'bad id!' }],
      ['an id too short', { ...good, id: 'c_1', _id: 'c_1' }],
      ['an id too long', { ...good, id: `c_${'x'.repeat(120)}`, _id: `c_${'x'.repeat(120)}` }],
      ['_id and id differing', { ...good, _id: `${good.id}x` }],
      ['no _id', { ...good }],
      ['_id a number', { ...good, _id: 5 }],
      ['a number', 1],
      ['a string', 'case'],
      ['null', null],
      ['an array', [toWire(good)]],
      ['true', true],
      ['an empty object', {}],
    ];
    const answer = await send('POST', BULK, { body: JSON.stringify({ docs: cases.map(([, doc]) => doc) }).replace(`"${NESTED}"`, nested) });
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    const rows = answer.body as { id: string; ok?: boolean; code?: string; reason?: string; reason_zh?: string; detail?: string }[];
    expect(rows).toHaveLength(cases.length);
    cases.forEach(([label, doc], i) => {
      const row = rows[i];
      expect(row?.code, `${label}: ${JSON.stringify(row)}`).toBe('ERR_SCHEMA');
      expect(row?.ok, label).toBeUndefined();
      expect(row?.reason_zh, label).toMatch(/[\u4e00-\u9fff]/);
      expect(typeof row?.detail === 'string' && row.detail.length > 0, `${label}: detail says what is wrong`).toBe(true);
      const id = typeof doc === 'object' && doc !== null && '_id' in doc && typeof doc._id === 'string' ? doc._id : '';
      expect(row?.id, `${label}: row id`).toBe(id);
    });

    const heartbeat = rawHeartbeat(UNIT, 'bad-input');
    const noVersion = omit(heartbeat, 'appVersion');
    const heartbeats: [string, unknown][] = [
      ['no appVersion', noVersion],
      ['negative pendingOutbound', { ...heartbeat, pendingOutbound: -1 }],
      ['fractional pendingOutbound', { ...heartbeat, pendingOutbound: 1.5 }],
      ['an extra field', { ...heartbeat, battery: 99 }],
      ['deviceTime not ISO', { ...heartbeat, deviceTime: 'now' }],
      ['an id not unit:device', { ...heartbeat, id: `${UNIT}:other`, _id: `${UNIT}:other` }],
      ['_id and id differing', { ...heartbeat, _id: `${UNIT}:elsewhere` }],
      ['a string', 'beat'],
    ];
    const hbAnswer = await send('POST', `/sync/${UNIT}/heartbeats/_bulk_docs`, { body: JSON.stringify({ docs: heartbeats.map(([, doc]) => doc) }) });
    expect(hbAnswer.status, hbAnswer.text.slice(0, 300)).toBe(201);
    const hbRows = hbAnswer.body as { code?: string }[];
    heartbeats.forEach(([label], i) => expect(hbRows[i]?.code, `heartbeat with ${label}: ${JSON.stringify(hbRows[i])}`).toBe('ERR_SCHEMA'));
    await expectHubUnchanged('schema-invalid documents');
  });

  it('batches that are not batches get 400 ERR_BAD_REQUEST', async () => {
    const bulkBodies: [string, string][] = [
      ['docs an object', '{"docs": {"_id": "x"}}'],
      ['docs missing', '{"documents": []}'],
      ['the body an array', '[]'],
      ['the body null', 'null'],
      ['the body a string', '"docs"'],
      ['the body a number', '42'],
      ['501 documents', JSON.stringify({ docs: Array.from({ length: 501 }, (_, i) => ({ _id: `c_batch_${i}` })) })],
      ['new_edits false', '{"docs": [], "new_edits": false}'],
      ['new_edits a string', '{"docs": [], "new_edits": "no"}'],
    ];
    for (const [label, body] of bulkBodies) expectGatewayError(await send('POST', BULK, { body }), 400, 'ERR_BAD_REQUEST', `_bulk_docs with ${label}`);
    // Fastify coerces a scalar where an array is expected into a one-element array: one refused row.
    for (const body of ['{"docs": 5}', '{"docs": "case"}', '{"docs": true}']) {
      const answer = await send('POST', BULK, { body });
      expect(answer.status, `_bulk_docs with ${body}: ${answer.text.slice(0, 200)}`).toBe(201);
      expect((answer.body as { code?: string }[]).map((r) => r.code), `_bulk_docs with ${body}`).toEqual(['ERR_SCHEMA']);
    }
    const allDocsBodies: [string, string][] = [
      ['keys missing', '{}'],
      ['keys an object', '{"keys": {"a": 1}}'],
      ['1001 keys', JSON.stringify({ keys: Array.from({ length: 1001 }, (_, i) => `k${i}`) })],
      ['a key over 200 characters', JSON.stringify({ keys: ['k'.repeat(201)] })],
      ['keys holding objects', '{"keys": [{"a": 1}]}'],
    ];
    for (const [label, body] of allDocsBodies) expectGatewayError(await send('POST', ALL_DOCS, { body }), 400, 'ERR_BAD_REQUEST', `_all_docs with ${label}`);
    const loginBodies: [string, string][] = [
      ['no password', JSON.stringify({ username: UNIT })],
      ['a username over 64 characters', JSON.stringify({ username: 'u'.repeat(65), password: 'x' })],
      ['an empty password', JSON.stringify({ username: UNIT, password: '' })],
      ['a numeric password object', JSON.stringify({ username: UNIT, password: { $gt: '' } })],
    ];
    for (const [label, body] of loginBodies) expectGatewayError(await send('POST', '/api/auth/login', { body, token: null }), 400, 'ERR_BAD_REQUEST', `login with ${label}`);
    expectGatewayError(await send('POST', `/api/accounts/${UNIT}/disabled`, { body: '{"disabled": "yes please"}', token: admin.token }), 400, 'ERR_BAD_REQUEST', 'disable with a non-boolean');
    // Fastify strips properties a body schema does not know (removeAdditional): an extra field grants nothing.
    expectGatewayError(await send('POST', '/api/auth/login', { body: JSON.stringify({ username: UNIT, password: 'wrong', role: 'admin' }), token: null }), 401, 'ERR_LOGIN_FAILED', 'login with an extra role field');
    await expectHubUnchanged('malformed batches');
  });

  it('bodies over the 8 MiB limit get 413 ERR_BODY_TOO_LARGE, with a content length or chunked; 7 MiB is still fine', async () => {
    const big = new Uint8Array(9 * MiB).fill(0x20);
    big.set(Buffer.from('{"docs": ['));
    for (const [path, token] of [[BULK, worker.token], [ALL_DOCS, worker.token], ['/api/auth/login', null], [`/sync/${UNIT}/heartbeats/_bulk_docs`, worker.token]] as const) {
      expectGatewayError(await send('POST', path, { body: big, token }), 413, 'ERR_BODY_TOO_LARGE', `9 MiB to ${path}`);
    }

    // No content length: the gateway must count while reading and stop at the limit.
    const chunked = await new Promise<RawAnswer>((resolve, reject) => {
      const url = new URL(`${network.url}${BULK}`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), text, body: parse(text) });
        });
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(MiB, 0x20);
      let sent = 0;
      const pump = (): void => {
        while (sent < 9) {
          sent += 1;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      req.write('{"docs": [');
      pump();
    });
    expectGatewayError(chunked, 413, 'ERR_BODY_TOO_LARGE', '9 MiB chunked to _bulk_docs');

    const fine = await send('POST', BULK, { body: `{"docs": [${' '.repeat(7 * MiB)}]}` });
    expect(fine.status, `7 MiB of whitespace around an empty batch: ${fine.text.slice(0, 200)}`).toBe(201);
    await expectHubUnchanged('oversized bodies');
  });

  it('unknown collections get 404 ERR_UNKNOWN_COLLECTION on every endpoint; the hub\'s own databases are not reachable', async () => {
    const collections = ['accounts', 'liandong_accounts', 'liandong_cases', '_users', '_replicator', '_global_changes', 'foo', 'CASES', 'Cases', 'case', 'cases%20', 'cases%2F_all_docs'];
    for (const collection of collections) {
      const path = `/sync/${UNIT}/${collection}`;
      const answers: [string, RawAnswer][] = [
        ['db info', await send('GET', `${path}/`)],
        ['db info without slash', await send('GET', path)],
        ['_changes', await send('GET', `${path}/_changes?since=0`)],
        ['_all_docs', await send('POST', `${path}/_all_docs`, { body: '{"keys": ["admin"]}' })],
        ['_bulk_docs', await send('POST', `${path}/_bulk_docs`, { body: JSON.stringify({ docs: [{ _id: 'admin', username: 'admin', role: 'admin' }] }) })],
      ];
      for (const [endpoint, answer] of answers) expectGatewayError(answer, 404, 'ERR_UNKNOWN_COLLECTION', `${endpoint} of collection "${collection}"`);
    }
    await expectHubUnchanged('unknown collections');
  });

  it('unknown paths and methods get 404 ERR_NOT_FOUND', async () => {
    const caseId = validCase().id;
    const gets = [
      '/', '/nope', '/sync', '/sync/', `/sync/${UNIT}`, `/sync/${UNIT}/cases/${caseId}`, `/sync/${UNIT}/cases/_design/liandong`,
      `/sync/${UNIT}/cases/_design/liandong/_view/by_visible_unit`, `/sync/${UNIT}/cases/_all_docs`, `/sync/${UNIT}/cases/_local/checkpoint`,
      `/sync/${UNIT}/cases/_changes/extra`, '/liandong_cases', '/liandong_cases/_all_docs', '/liandong_accounts/admin', '/_all_dbs', '/_utils/',
      '/_session', '/_config', '/_node/_local/_config', '/api', '/api/changes/extra', `/api/accounts/${UNIT}`, '/healthz/extra',
      `/${'a'.repeat(3000)}`,
    ];
    for (const path of gets) expectGatewayError(await send('GET', path), 404, 'ERR_NOT_FOUND', `GET ${path.slice(0, 80)}`);
    const others: [string, string][] = [
      ['PUT', `/sync/${UNIT}/cases/${caseId}`],
      ['PUT', `/sync/${UNIT}/cases/`],
      ['DELETE', `/sync/${UNIT}/cases/`],
      ['DELETE', `/sync/${UNIT}/cases/${caseId}`],
      ['PATCH', `/sync/${UNIT}/cases/_bulk_docs`],
      ['POST', `/sync/${UNIT}/cases/`],
      ['POST', `/sync/${UNIT}/cases/_find`],
      ['POST', `/sync/${UNIT}/cases/_bulk_get`],
      ['POST', `/sync/${UNIT}/cases/_revs_diff`],
      ['POST', `/sync/${UNIT}/cases/_changes`],
      ['POST', '/liandong_cases/_bulk_docs'],
      ['POST', '/_replicate'],
      ['GET', '/api/auth/login'],
      ['DELETE', '/api/accounts/admin/disabled'],
    ];
    for (const [method, path] of others) {
      const body = method === 'GET' ? {} : { body: JSON.stringify({ docs: [toWire(validCase())], keys: [] }) };
      expectGatewayError(await send(method, path, body), 404, 'ERR_NOT_FOUND', `${method} ${path}`);
    }
    await expectHubUnchanged('unknown paths');
  });

  it('a unit id over 64 characters gets 400 ERR_BAD_REQUEST', async () => {
    expectGatewayError(await send('GET', `/sync/${'a'.repeat(100)}/cases/`), 400, 'ERR_BAD_REQUEST', 'a 100-character unit id');
    expectGatewayError(await send('GET', `/sync/${UNIT}/${'c'.repeat(40)}/`), 400, 'ERR_BAD_REQUEST', 'a 40-character collection');
  });

  it('malformed URL escapes and over-long path parts get our error shape too', async () => {
    // Fastify reports these before routing; they must still leave as {error, code, reason, reason_zh}.
    const longUnit = `/sync/${'a'.repeat(250)}/cases/`;
    const checks: [string, string, number][] = [
      ['a broken percent escape in the unit id', '/sync/%E0%A4%A/cases/', 400],
      ['a lone % in the collection', `/sync/${UNIT}/%/_changes`, 400],
      ['a 250-character unit id (over the router\'s 200)', longUnit, 0],
    ];
    const problems: string[] = [];
    for (const [label, path, status] of checks) {
      const answer = await send('GET', path);
      try {
        // Over-long path parts: 400, 404 or 414 are all fair, in our words.
        if (status === 0) expect([400, 404, 414], `${label}: status`).toContain(answer.status);
        expectGatewayError(answer, status === 0 ? answer.status : status, ['ERR_BAD_REQUEST', 'ERR_NOT_FOUND'], label);
      } catch {
        problems.push(`${label}: GET ${path.slice(0, 40)} answered ${answer.status} ${answer.text.slice(0, 160)}`);
      }
    }
    expect(problems, problems.join(' | ')).toEqual([]);
  });

  it('since values the gateway did not issue get 400 ERR_BAD_REQUEST', async () => {
    const bad: [string, string][] = [
      ['a word', 'abc'],
      ['a negative number', '-1'],
      ['a bare hub seq', '12'],
      ['nearly now', 'now2'],
      ['base64 of an object', base64('{"a":1}')],
      ['an unknown phase', base64('["x",1]')],
      ['a phase without a seq', base64('["c"]')],
      ['a null seq', base64('["c",null]')],
      ['too many parts', base64('["c",1,2]')],
      ['an index position without afterId', base64('["i",1]')],
      ['an index position with a numeric afterId', base64('["i",1,5]')],
      ['base64 of nothing JSON', base64('\u0000\u0001')],
      ['over 4096 characters', 'x'.repeat(4097)],
      ['a percent-encoded mess', '%E0%A4%A'],
    ];
    for (const [label, since] of bad) {
      expectGatewayError(await send('GET', `${CHANGES}?since=${since}&limit=10`), 400, 'ERR_BAD_REQUEST', `since as ${label}`);
    }
    // What the gateway does issue works.
    const first = await send('GET', `${CHANGES}?since=0&limit=10`);
    expect(first.status).toBe(200);
    const lastSeq = (first.body as { last_seq: string }).last_seq;
    expect((await send('GET', `${CHANGES}?since=${encodeURIComponent(lastSeq)}&limit=10`)).status, 'its own last_seq').toBe(200);
    expect((await send('GET', `${CHANGES}?since=now`)).status, 'since=now').toBe(200);
    // A well-formed position past the hub's end is CouchDB's "nothing yet", not an error. Apache
    // CouchDB's seqs are strings that name shard positions; its own end is the furthest one we can
    // name without forging one.
    const hubId = await hub.database('cases').identity();
    const end = network.hubAddress.external ? await hub.database('cases').updateSeq() : 999999999;
    const future = await send('GET', `${CHANGES}?since=${base64(JSON.stringify(['c', end, null, 'cases', hubId]))}`);
    expect(future.status, future.text).toBe(200);
    expect((future.body as { results: unknown[] }).results).toEqual([]);
  });

  it('since positions whose hub seq is neither a number nor a string get 400, not passed to the hub', async () => {
    // Found by this test: decodeSeq accepts any JSON value as the hub seq and the route hands it to
    // the hub as `since`. The embedded hub answers 200 with nothing and the bogus token echoed back.
    const bogus: [string, string][] = [
      ['an object', base64('["c",{"x":1}]')],
      ['a boolean', base64('["c",true]')],
      ['an array', base64('["c",[1,2]]')],
      ['an object in an index position', base64('["i",{"x":1},null]')],
    ];
    const accepted: string[] = [];
    for (const [label, since] of bogus) {
      const answer = await send('GET', `${CHANGES}?since=${since}&limit=10`);
      if (answer.status !== 400) accepted.push(`hub seq as ${label} (since=${since}) answered ${answer.status} ${answer.text.slice(0, 120)}`);
      else expectGatewayError(answer, 400, 'ERR_BAD_REQUEST', `hub seq as ${label}`);
    }
    expect(accepted, accepted.join(' | ')).toEqual([]);
  });

  it('limit, feed, timeout, heartbeat and flags out of range get 400 ERR_BAD_REQUEST', async () => {
    const queries = [
      'limit=0', 'limit=-1', 'limit=1001', 'limit=99999999999', 'limit=abc', 'limit=1.5', 'limit=',
      'feed=continuous', 'feed=eventsource', 'feed=',
      'timeout=-1', 'timeout=3600001', 'timeout=soon',
      'heartbeat=5', 'heartbeat=600001', 'heartbeat=abc',
      'include_docs=maybe', 'style=everything',
      'since=0&since=1', 'limit=1&limit=2',
    ];
    for (const query of queries) {
      expectGatewayError(await send('GET', `${CHANGES}?${query}`), 400, 'ERR_BAD_REQUEST', `_changes?${query}`);
    }
    for (const query of ['limit=1', 'limit=1000', 'feed=normal', 'include_docs=true', 'style=all_docs', 'timeout=0&feed=longpoll&since=now']) {
      const answer = await send('GET', `${CHANGES}?${query}`);
      expect(answer.status, `_changes?${query}: ${answer.text.slice(0, 200)}`).toBe(200);
    }
  });

  it('a long-poll answers at its timeout even after a garbage collection', async () => {
    // Found while testing: `AbortSignal.any([closed, AbortSignal.timeout(ms)])` loses its timeout
    // once the collector has run (Node 20), so the poll waits for a change that may never come.
    const started = Date.now();
    const poll = send('GET', `${CHANGES}?feed=longpoll&since=now&timeout=1500`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    collectGarbage();
    const answer = await Promise.race([poll, new Promise<null>((resolve) => setTimeout(() => resolve(null), 8_000))]);
    expect(answer, `a long-poll with timeout=1500 had not answered after ${Date.now() - started} ms`).not.toBeNull();
    expect(answer?.status).toBe(200);
    expect((answer?.body as { results: unknown[] }).results).toEqual([]);
  });

  it('a gateway closes within seconds even after a garbage collection', async () => {
    // Found while testing: after a collection, aborting the signal handed to nano no longer ends the
    // follower's in-flight hub long-poll, and the embedded hub ignores `timeout`: app.close() hangs.
    const second: FastifyInstance = await build({ hub, tokenSecret: Buffer.from('another-gateway-another-gateway-!!') });
    await second.ready();
    await new Promise((resolve) => setTimeout(resolve, 500));
    collectGarbage();
    const started = Date.now();
    const closed = await Promise.race([second.close().then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 8_000))]);
    expect(closed, `app.close() had not finished after ${Date.now() - started} ms`).toBe(true);
  });

  it('after all of it the gateway is healthy and the hub holds exactly what it held', async () => {
    const health = await send('GET', '/healthz', { token: null });
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', hub: { reachable: true } });
    await expectHubUnchanged('the whole bad-input run');
    // And it still does its job.
    const answer = await send('POST', BULK, { body: JSON.stringify({ docs: [toWire(validCase())] }) });
    expect(answer.status).toBe(201);
    expect((answer.body as { ok?: boolean }[])[0]?.ok, answer.text.slice(0, 300)).toBe(true);
  });
});
