import { request, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStationCases } from '../bench/case-factory.ts';
import { plantCases } from '../helpers/planted-cases.ts';
import { stopNetworkBounded } from '../helpers/raw-cases.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const UNIT = 'community-xinghuacun';
const CITY = 'hefei-center';

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The body as it travelled. */
  readonly raw: Buffer;
  /** The body decoded as its `content-encoding` says. */
  readonly text: string;
}

function decode(raw: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8');
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8');
  return raw.toString('utf8');
}

/** A GET as a plain client makes it, with the `Accept-Encoding` given (none: the header is left out). */
/**
 * A sync page with the hub's own part of each sequence cut off: Apache CouchDB encodes the same
 * sequence differently from one read to the next (a cluster's opaque `seq`), the embedded hub does not.
 */
function comparable(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => ((key === 'seq' || key === 'last_seq') && typeof value === 'string' ? value.split('-')[0] : value));
}

function get(url: string, token: string, acceptEncoding: string | null): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
  if (acceptEncoding !== null) headers['accept-encoding'] = acceptEncoding;
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, text: decode(raw, encoding) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sync pages travel compressed when the client takes it: a page of 100 cases is about twelve times
 * smaller. A long-poll's keep-alive newlines still reach the client as they are written.
 */
describe('compressed answers', () => {
  let network: TestNetwork;
  let station: Session;
  let city: Session;

  beforeAll(async () => {
    network = await startTestNetwork();
    [station, city] = await Promise.all([network.login(UNIT), network.login(CITY)]);
    const cases = buildStationCases({ actor: station.actor, deviceId: 'dev-compressed', count: 150, startMs: Date.now() - 3_600_000, seed: 5 });
    await plantCases(network.hubPort.database('cases'), cases, Date.now());
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`compressed-answers teardown: ${problem}`);
  });

  const page = (): string => `${network.url}/sync/${UNIT}/cases/_changes?since=0&limit=100&include_docs=true&style=all_docs`;

  it('a sync page comes in brotli or gzip as the client accepts, and as it is when it accepts neither', async () => {
    const plain = await get(page(), station.token, null);
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const pageJson = comparable(plain.text) as { results: unknown[] };
    expect(pageJson.results).toHaveLength(100);

    // What a browser sends: the gateway prefers brotli.
    const browser = await get(page(), station.token, 'gzip, deflate, br, zstd');
    expect(browser.headers['content-encoding']).toBe('br');
    expect(browser.headers.vary).toMatch(/accept-encoding/i);
    expect(comparable(browser.text)).toEqual(pageJson);
    expect(browser.raw.length * 5, `${browser.raw.length} bytes against ${plain.raw.length}`).toBeLessThan(plain.raw.length);

    // What Node's fetch sends unless told otherwise.
    const node = await get(page(), station.token, 'gzip, deflate');
    expect(node.headers['content-encoding']).toBe('gzip');
    expect(comparable(node.text)).toEqual(pageJson);

    const refused = await get(page(), station.token, 'gzip;q=0, identity');
    expect(refused.headers['content-encoding']).toBeUndefined();
    // Still no caching of what carries citizens' data.
    expect(browser.headers['cache-control']).toBe('no-store');
  });

  it('API answers are compressed too; a small answer goes as it is', async () => {
    const overview = await get(`${network.url}/api/supervision/overview`, city.token, 'br, gzip');
    expect(overview.status).toBe(200);
    expect(overview.headers['content-encoding']).toBe('br');
    expect(JSON.parse(overview.text)).toHaveProperty('units');
    const info = await get(`${network.url}/sync/${UNIT}/cases`, station.token, 'br, gzip');
    expect(info.status).toBe(200);
    expect(info.headers['content-encoding']).toBeUndefined();
  });

  it('the station asks for compressed pages, and pulls them', async () => {
    const encodings: (string | null)[] = [];
    const asked: (string | null)[] = [];
    const watching: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/cases/_changes') && !url.includes('feed=longpoll')) {
        asked.push(new Headers(init?.headers).get('accept-encoding'));
        encodings.push(response.headers.get('content-encoding'));
      }
      return response;
    };
    const node = await network.station(UNIT, { sync: { fetch: watching } });
    await node.sync.awaitInSync();
    await eventually(() => node.db.cases.count().exec(), (n) => n >= 150, 60_000, 'the station to pull the cases');
    expect(asked[0]).toBe('br, gzip');
    expect(encodings[0]).toBe('br');
  });

  it('a long-poll waiting under gzip gets each keep-alive newline as it is written, then its answer', async () => {
    const since = (JSON.parse((await get(`${network.url}/sync/${UNIT}/cases`, station.token, null)).text) as { update_seq: string }).update_seq;
    const url = `${network.url}/sync/${UNIT}/cases/_changes?feed=longpoll&since=${encodeURIComponent(since)}&limit=1&timeout=3000&heartbeat=1000&include_docs=true`;
    const started = Date.now();
    const { firstNewlineAfterMs, body, encoding } = await new Promise<{ firstNewlineAfterMs: number; body: string; encoding: string | undefined }>((resolve, reject) => {
      const req = request(url, { headers: { authorization: `Bearer ${station.token}`, 'accept-encoding': 'gzip' } }, (res) => {
        const gunzip = createGunzip();
        let text = '';
        let firstNewline = -1;
        gunzip.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (firstNewline === -1 && text.includes('\n')) firstNewline = Date.now() - started;
        });
        gunzip.on('end', () => resolve({ firstNewlineAfterMs: firstNewline, body: text, encoding: res.headers['content-encoding'] }));
        gunzip.on('error', reject);
        res.pipe(gunzip);
      });
      req.on('error', reject);
      req.end();
    });
    const total = Date.now() - started;
    expect(encoding).toBe('gzip');
    expect(firstNewlineAfterMs).toBeGreaterThan(0);
    // The newline came while the long-poll still waited, not with its end.
    expect(firstNewlineAfterMs).toBeLessThan(total - 500);
    expect(JSON.parse(body.trim())).toMatchObject({ results: [] });
  });
});

