import { createHash } from 'node:crypto';
import { createServer, request } from 'node:http';
import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32, startFaultProxy } from '../helpers/fault-proxy.ts';
import type { FaultProxy, FaultRates } from '../helpers/fault-proxy.ts';

type Outcome =
  | { kind: 'ok'; status: number; body: Buffer }
  | { kind: 'reset' }
  | { kind: 'cut'; received: number; expected: number | undefined }
  | { kind: 'timeout' };

const BIG = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 31 + 7) % 251));
const SMALL = Buffer.from('{"ok":true,"rows":[1,2,3,4,5,6,7,8,9]}');
const CHUNKS = Array.from({ length: 40 }, (_, i) => `chunk-${i};`);

function sha(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** One request on a fresh connection (no keep-alive pool), classified by what the client saw. */
function call(port: number, path: string, opts: { method?: string; body?: Buffer; timeoutMs?: number } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome): void => {
      if (!settled) {
        settled = true;
        resolve(o);
      }
    };
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      const header = res.headers['content-length'];
      const expected = header === undefined ? undefined : Number(header);
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ kind: 'ok', status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      const cut = (): void => done({ kind: 'cut', received: Buffer.concat(chunks).length, expected });
      res.on('aborted', cut);
      res.on('error', cut);
      res.on('close', () => {
        if (!res.complete) cut();
      });
    });
    req.setTimeout(opts.timeoutMs ?? 5_000, () => {
      done({ kind: 'timeout' });
      req.destroy();
    });
    // An error before any response: the connection was reset or closed under us.
    req.on('error', () => done({ kind: 'reset' }));
    req.end(opts.body);
  });
}

describe('fault proxy', () => {
  let target: Server;
  let targetPort: number;
  const proxies: FaultProxy[] = [];

  async function proxy(seed: number, faults?: FaultRates): Promise<FaultProxy> {
    const p = await startFaultProxy(faults === undefined ? { targetPort, seed } : { targetPort, seed, faults });
    proxies.push(p);
    return p;
  }

  beforeAll(async () => {
    target = createServer((req, res) => {
      if (req.url === '/small') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': SMALL.length });
        res.end(SMALL);
      } else if (req.url === '/big') {
        res.writeHead(200, { 'Content-Length': BIG.length });
        res.end(BIG);
      } else if (req.url === '/chunked') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        let i = 0;
        const next = (): void => {
          const chunk = CHUNKS[i];
          i += 1;
          if (chunk === undefined) res.end();
          else res.write(chunk, () => setTimeout(next, 2));
        };
        next();
      } else if (req.url === '/echo') {
        const parts: Buffer[] = [];
        req.on('data', (c: Buffer) => parts.push(c));
        req.on('end', () => res.end(Buffer.concat(parts)));
      } else if (req.url === '/hang') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.write('started');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const address = target.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    targetPort = address.port;
  });

  afterEach(async () => {
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });

  afterAll(async () => {
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });

  it('passes bodies intact when healthy, both ways', async () => {
    const p = await proxy(1);
    const big = await call(p.port, '/big');
    expect(big.kind).toBe('ok');
    if (big.kind === 'ok') expect(sha(big.body)).toBe(sha(BIG));
    const echo = await call(p.port, '/echo', { method: 'POST', body: BIG });
    expect(echo.kind === 'ok' && sha(echo.body) === sha(BIG)).toBe(true);
    const chunked = await call(p.port, '/chunked');
    expect(chunked.kind === 'ok' && chunked.body.toString()).toBe(CHUNKS.join(''));
    expect(p.stats()).toEqual({ connections: 3, delayed: 0, cut: 0, reset: 0, blackholed: 0 });
  });

  it('delays every chunk in both directions and keeps their order', async () => {
    const p = await proxy(2, { delayMs: [60, 80] });
    const started = Date.now();
    const small = await call(p.port, '/small');
    // At least one delay on the request and one on the response.
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    expect(small.kind === 'ok' && small.body.equals(SMALL)).toBe(true);
    const chunked = await call(p.port, '/chunked');
    expect(chunked.kind === 'ok' && chunked.body.toString()).toBe(CHUNKS.join(''));
    const p2 = await proxy(3, { delayMs: [0, 5] });
    const echo = await call(p2.port, '/echo', { method: 'POST', body: BIG });
    expect(echo.kind === 'ok' && sha(echo.body) === sha(BIG)).toBe(true);
    expect(p.stats().delayed).toBe(2);
  });

  it('cuts a response mid-body after at least one byte', async () => {
    const p = await proxy(4, { cutMidBody: 1 });
    for (const path of ['/small', '/big', '/chunked']) {
      const outcome = await call(p.port, path);
      expect(outcome.kind, path).toBe('cut');
      if (outcome.kind === 'cut' && outcome.expected !== undefined) {
        expect(outcome.received).toBeGreaterThanOrEqual(1);
        expect(outcome.received).toBeLessThan(outcome.expected);
      }
    }
    expect(p.stats().cut).toBe(3);
  });

  it('cuts inside the head when the body is too short to cut', async () => {
    const p = await proxy(5, { cutMidBody: 1 });
    const outcome = await call(p.port, '/echo', { method: 'POST', body: Buffer.from('x') });
    // The head never completes, so the client sees the connection fail.
    expect(outcome.kind).toBe('reset');
    expect(p.stats().cut).toBe(1);
  });

  it('resets connections', async () => {
    const p = await proxy(6, { reset: 1 });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => call(p.port, '/small')));
    expect(outcomes.every((o) => o.kind === 'reset')).toBe(true);
    expect(p.stats()).toMatchObject({ connections: 6, reset: 6 });
  });

  it('black-holes connections until the client gives up, and close() destroys them', async () => {
    const p = await proxy(7, { blackhole: 1 });
    const started = Date.now();
    const outcome = await call(p.port, '/small', { timeoutMs: 300 });
    expect(outcome.kind).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    const hanging = call(p.port, '/small', { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(p.stats().blackholed).toBe(2);
    await p.close();
    expect((await hanging).kind).toBe('reset');
  });

  it('goes down (refusing new connections, cutting open ones) and comes back', async () => {
    const p = await proxy(8);
    const open = call(p.port, '/hang', { timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    p.setFaults('down');
    expect((await open).kind).toBe('cut');
    expect((await call(p.port, '/small')).kind).toBe('reset');
    p.setFaults('healthy');
    const back = await call(p.port, '/small');
    expect(back.kind === 'ok' && back.body.equals(SMALL)).toBe(true);
  });

  it('replays the same fault sequence for the same seed', async () => {
    const faults: FaultRates = { reset: 0.25, cutMidBody: 0.25, blackhole: 0.1, delayMs: [0, 3] };
    const run = async (seed: number): Promise<string[]> => {
      const p = await proxy(seed, faults);
      const seen: string[] = [];
      for (let i = 0; i < 30; i += 1) {
        const o = await call(p.port, '/small', { timeoutMs: 400 });
        seen.push(o.kind === 'cut' ? `cut@${o.received}` : o.kind);
      }
      return seen;
    };
    const a = await run(42);
    const b = await run(42);
    const c = await run(43);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(new Set(a.map((k) => k.replace(/@.*/, '')))).toEqual(new Set(['ok', 'reset', 'cut', 'timeout']));
  });

  it('draws from a reproducible PRNG', () => {
    const a = mulberry32(9);
    const b = mulberry32(9);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
