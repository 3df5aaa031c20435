import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stopNetworkBounded } from '../helpers/raw-cases.ts';
import { httpRequest } from '../helpers/raw-http.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const UNIT = 'community-xinghuacun';
const REQUEST_TIMEOUT_MS = 3_000;

/** A raw TCP client: what it was sent back, and when the server closed on it. */
interface RawClient {
  readonly socket: Socket;
  /** Everything received so far. */
  received(): string;
  /** Resolves with the time the server closed the connection. */
  readonly closed: Promise<number>;
}

function rawClient(url: string): Promise<RawClient> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        text += chunk.toString('utf8');
      });
      // A write after the server closed fails; that is what these tests expect to happen.
      socket.on('error', () => undefined);
      const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now())));
      resolve({ socket, received: () => text, closed });
    });
    socket.once('error', reject);
  });
}

/** Resolves with `value`, or with `fallback` once `ms` have passed. */
function within<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    void work.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

function headerBlock(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Slow and anonymous clients from outside, over raw sockets: a body trickled a byte at a time is
 * cut within the request timeout, an anonymous body is refused before a byte of it is read, and
 * long-polls, which wait on the response, not the request, are not cut by either.
 */
describe('slow clients: request timeouts, and the token checked before the body', () => {
  let network: TestNetwork;
  let worker: Session;
  const clients: Socket[] = [];

  beforeAll(async () => {
    network = await startTestNetwork({ longpollMaxMs: 10_000, gateway: { requestTimeoutMs: REQUEST_TIMEOUT_MS } });
    worker = await network.login(UNIT);
  });

  afterEach(() => {
    for (const socket of clients.splice(0)) socket.destroy();
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`slow-clients teardown: ${problem}`);
  });

  async function client(): Promise<RawClient> {
    const made = await rawClient(network.url);
    clients.push(made.socket);
    return made;
  }

  it('a body trickled one byte a second is cut within the request timeout, with 408 in our shape', async () => {
    const c = await client();
    const started = Date.now();
    c.socket.write(headerBlock([
      `POST /sync/${UNIT}/cases/_bulk_docs HTTP/1.1`,
      `Host: 127.0.0.1`,
      `Authorization: Bearer ${worker.token}`,
      'Content-Type: application/json',
      'Content-Length: 1000',
    ]));
    const body = '{"docs":[' + ' '.repeat(990);
    let sent = 0;
    const trickle = setInterval(() => {
      if (!c.socket.destroyed && sent < body.length) c.socket.write(body[sent++] ?? ' ');
    }, 1_000);
    try {
      const closedAt = await within(c.closed, 40_000, null);
      expect(closedAt, `the gateway was still reading the trickle after 40 s (${sent} bytes sent)`).not.toBeNull();
      // The timeout, plus Node's once-a-second check, plus a loaded machine's slack.
      expect((closedAt ?? Infinity) - started).toBeLessThan(REQUEST_TIMEOUT_MS + 12_000);
    } finally {
      clearInterval(trickle);
    }
    expect(c.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(c.received()).toContain('"code":"ERR_REQUEST_TIMEOUT"');
  });

  it('headers trickled a line at a time are cut too', async () => {
    const c = await client();
    const lines = [`GET /sync/${UNIT}/cases HTTP/1.1\r\n`, 'Host: 127.0.0.1\r\n', ...Array.from({ length: 60 }, (_, i) => `X-Slow-${i}: 1\r\n`)];
    let sent = 0;
    const trickle = setInterval(() => {
      if (!c.socket.destroyed && sent < lines.length) c.socket.write(lines[sent++] ?? '');
    }, 1_000);
    try {
      const started = Date.now();
      const closedAt = await within(c.closed, 40_000, null);
      expect(closedAt, 'the gateway was still reading trickled headers after 40 s').not.toBeNull();
      expect((closedAt ?? Infinity) - started).toBeLessThan(REQUEST_TIMEOUT_MS + 12_000);
    } finally {
      clearInterval(trickle);
    }
  });

  it('an anonymous request announcing a 7 MB body gets 401 at once, and the connection is closed without reading the body', async () => {
    const paths = [
      `/sync/${UNIT}/cases/_bulk_docs`,
      `/sync/${UNIT}/heartbeats/_bulk_docs`,
      `/sync/${UNIT}/cases/_all_docs`,
      '/api/auth/refresh',
      `/api/accounts/${UNIT}/disabled`,
      // The same route, its path percent-encoded: the route decides, not the spelling.
      `/%73ync/${UNIT}/cases/_bulk_docs`,
      // No route at all.
      '/api/nothing-here',
    ];
    for (const path of paths) {
      const method = 'POST';
      const c = await client();
      const started = Date.now();
      c.socket.write(headerBlock([`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 7000000']));
      // Not a byte of the body is sent: the answer must come anyway, and the server must hang up.
      const closedAt = await within(c.closed, 20_000, null);
      expect(closedAt, `${path}: no answer and no close within 20 s (the gateway waited for the body)`).not.toBeNull();
      expect((closedAt ?? Infinity) - started, path).toBeLessThan(10_000);
      const answer = c.received();
      expect(answer, path).toMatch(/^HTTP\/1\.1 401 /);
      expect(answer.toLowerCase(), path).toContain('connection: close');
      expect(answer.toLowerCase(), path).toContain('cache-control: no-store');
      expect(answer, path).toContain('"code":"ERR_AUTH_REQUIRED"');
    }
  });

  it('the sign-in, which takes no token, refuses an announced 7 MB body from its length alone (413), and closes', async () => {
    const c = await client();
    c.socket.write(headerBlock(['POST /api/auth/login HTTP/1.1', 'Host: 127.0.0.1', 'Content-Type: application/json', 'Content-Length: 7000000']));
    const closedAt = await within(c.closed, 20_000, null);
    expect(closedAt, 'no answer and no close within 20 s (the gateway waited for the body)').not.toBeNull();
    expect(c.received()).toMatch(/^HTTP\/1\.1 413 /);
    expect(c.received()).toContain('"code":"ERR_BODY_TOO_LARGE"');
  });

  it('with a bad token too: 401 before the body, connection closed', async () => {
    const c = await client();
    c.socket.write(headerBlock([`POST /sync/${UNIT}/cases/_bulk_docs HTTP/1.1`, 'Host: 127.0.0.1', 'Authorization: Bearer not.a.token', 'Content-Type: application/json', 'Content-Length: 7000000']));
    const closedAt = await within(c.closed, 20_000, null);
    expect(closedAt, 'no close within 20 s').not.toBeNull();
    expect(c.received()).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('long-polls, which wait on the response, outlast the request timeout and are answered as asked', async () => {
    const started = Date.now();
    const since = ((await httpRequest(`${network.url}/sync/${UNIT}/cases/_changes?since=now`, { token: worker.token })).json as { last_seq: string }).last_seq;
    const polls = await Promise.all([
      httpRequest(`${network.url}/sync/${UNIT}/cases/_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=${3 * REQUEST_TIMEOUT_MS}`, { token: worker.token }),
      httpRequest(`${network.url}/sync/${UNIT}/cases/_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=${3 * REQUEST_TIMEOUT_MS}&heartbeat=1000`, { token: worker.token }),
    ]);
    for (const poll of polls) {
      expect(poll.status, poll.text).toBe(200);
      expect(poll.json).toMatchObject({ results: [] });
      expect(poll.at - started).toBeGreaterThanOrEqual(3 * REQUEST_TIMEOUT_MS - 500);
    }
  });
});
