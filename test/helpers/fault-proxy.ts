// A TCP proxy that makes the link between a station and the gateway as flaky as a township
// line: delays, responses cut mid-body, resets, black holes, or no link at all. Faults are drawn
// per connection from a seeded PRNG, so a failing run can be replayed with the same seed.
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export interface FaultRates {
  /** Every chunk, in both directions, is held for a random time in [min, max] ms (order kept). */
  delayMs?: [number, number];
  /** Probability that a connection's first response is cut after some bytes. */
  cutMidBody?: number;
  /** Probability that a connection is reset (TCP RST) at once or when the request arrives. */
  reset?: number;
  /** Probability that a connection is accepted and never answered. */
  blackhole?: number;
}

export interface FaultStats {
  connections: number;
  delayed: number;
  cut: number;
  reset: number;
  blackholed: number;
}

export interface FaultProxy {
  port: number;
  /** http://127.0.0.1:PORT */
  url: string;
  /** 'healthy': no faults; 'down': refuse new connections and cut open ones. */
  setFaults(f: FaultRates | 'healthy' | 'down'): void;
  stats(): FaultStats;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  targetPort: number;
  targetHost?: string;
  seed: number;
  faults?: FaultRates;
}

type Random = () => number;
type Plan = 'pass' | 'cut' | 'reset' | 'blackhole';

/** mulberry32: tiny, fast, good enough to replay a fault sequence. */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedFrom(random: Random): number {
  return Math.floor(random() * 4294967296);
}

function choosePlan(u: number, rates: FaultRates): Plan {
  let edge = rates.blackhole ?? 0;
  if (u < edge) return 'blackhole';
  edge += rates.reset ?? 0;
  if (u < edge) return 'reset';
  edge += rates.cutMidBody ?? 0;
  if (u < edge) return 'cut';
  return 'pass';
}

/** One direction of a connection; with a delay, actions are queued and replayed in order. */
interface Sink {
  write(chunk: Buffer): void;
  end(): void;
  /** Flushes what was written, then runs `after`. */
  flushThen(after: () => void): void;
}

function directSink(to: Socket): Sink {
  return {
    write: (chunk) => void (to.destroyed || to.write(chunk)),
    end: () => void (to.destroyed || to.end()),
    // An empty write's callback runs once every earlier write has been handed to the kernel.
    flushThen: (after) => (to.destroyed || to.writableEnded ? after() : void to.write(Buffer.alloc(0), () => after())),
  };
}

function delayedSink(to: Socket, range: [number, number], random: Random, timers: Set<NodeJS.Timeout>): Sink {
  const inner = directSink(to);
  // One queue per direction and one timer for its head: actions run strictly in order, each
  // no earlier than its own random delay after it was queued.
  const queue: { at: number; action: () => void }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const pump = (): void => {
    timer = undefined;
    while (queue[0] !== undefined && queue[0].at <= Date.now()) queue.shift()?.action();
    const head = queue[0];
    if (head === undefined) return;
    const t = setTimeout(() => {
      timers.delete(t);
      pump();
    }, head.at - Date.now());
    timer = t;
    timers.add(t);
  };
  const later = (action: () => void): void => {
    const [min, max] = range;
    queue.push({ at: Date.now() + min + random() * (max - min), action });
    if (timer === undefined) pump();
  };
  return {
    write: (chunk) => later(() => inner.write(chunk)),
    end: () => later(() => inner.end()),
    flushThen: (after) => later(() => inner.flushThen(after)),
  };
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Decides how many bytes of the first response get through: inside the body when its length is
 * known and at least 2, otherwise inside the head, or inside the first body chunk when the length
 * is unknown (chunked or close-delimited). Always at least 1 byte.
 */
function cutPoint(random: Random): (chunk: Buffer) => number | undefined {
  let head = Buffer.alloc(0);
  let cutAt: number | undefined;
  let headEnd: number | undefined;
  return (chunk) => {
    if (cutAt !== undefined) return cutAt;
    if (headEnd === undefined) {
      head = Buffer.concat([head, chunk]);
      const at = head.indexOf(HEAD_END);
      if (at < 0) return undefined;
      headEnd = at + HEAD_END.length;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.subarray(0, headEnd).toString('latin1'))?.[1];
      if (length !== undefined) {
        const bodyLength = Number(length);
        cutAt = bodyLength >= 2
          ? headEnd + 1 + Math.floor(random() * (bodyLength - 1))
          : 1 + Math.floor(random() * (headEnd - 1));
        return cutAt;
      }
      const bodyBytes = head.length - headEnd;
      if (bodyBytes === 0) return undefined;
      cutAt = headEnd + 1 + Math.floor(random() * Math.max(0, bodyBytes - 1));
      return cutAt;
    }
    // Unknown length: cut inside the first chunk of body.
    cutAt = headEnd + 1 + Math.floor(random() * Math.max(0, chunk.length - 1));
    return cutAt;
  };
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  const random = mulberry32(opts.seed);
  const targetHost = opts.targetHost ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const counts: FaultStats = { connections: 0, delayed: 0, cut: 0, reset: 0, blackholed: 0 };
  let rates: FaultRates = opts.faults ?? {};
  let down = false;

  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Errors are the point of this proxy; they end in 'close'.
    socket.on('error', () => undefined);
    return socket;
  };

  const reset = (socket: Socket): void => {
    counts.reset += 1;
    if (!socket.destroyed) socket.resetAndDestroy();
  };

  const onConnection = (client: Socket): void => {
    track(client);
    counts.connections += 1;
    // 'down' draws nothing from the PRNG, so the faults after an outage replay unchanged.
    if (down) return reset(client);
    // Exactly two draws per connection: a fault plan and a seed for this connection's details,
    // whose number depends on network timing (one draw per delayed chunk). Delays and the cut
    // point draw from separate streams so that a cut lands on the same byte in every replay.
    const plan = choosePlan(random(), rates);
    const local = mulberry32(seedFrom(random));
    const cutRandom = mulberry32(seedFrom(local));
    const delayRandom = mulberry32(seedFrom(local));
    if (plan === 'blackhole') {
      counts.blackholed += 1;
      client.resume();
      return;
    }
    if (plan === 'reset') {
      if (local() < 0.5) reset(client);
      else client.once('data', () => reset(client));
      return;
    }
    const upstream = track(connect({ host: targetHost, port: opts.targetPort }));
    const destroyBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    const range = rates.delayMs;
    if (range) counts.delayed += 1;
    const toUpstream = range ? delayedSink(upstream, range, delayRandom, timers) : directSink(upstream);
    const toClient = range ? delayedSink(client, range, delayRandom, timers) : directSink(client);

    client.on('close', () => upstream.destroy());
    // An upstream that closed without ending cleanly (reset, refused) is passed on as a close,
    // after any bytes still held by a delay.
    upstream.on('close', () => toClient.flushThen(() => void (client.writableEnded || client.destroy())));

    let cutAt = plan === 'cut' ? cutPoint(cutRandom) : undefined;
    let forwarded = 0;
    let held: Buffer[] = [];
    let cutDone = false;
    // Clients keep connections alive across requests, so a plan per connection would leave a
    // healthy connection healthy forever: each further request on it draws a plan of its own.
    let answering = false;
    let swallowing = false;
    client.on('data', (chunk: Buffer) => {
      if (swallowing) return;
      if (answering) {
        answering = false;
        const next = choosePlan(random(), rates);
        if (next === 'reset') {
          upstream.destroy();
          return reset(client);
        }
        if (next === 'blackhole') {
          counts.blackholed += 1;
          swallowing = true;
          return;
        }
        cutAt = next === 'cut' ? cutPoint(mulberry32(seedFrom(random))) : undefined;
        forwarded = 0;
        held = [];
      }
      toUpstream.write(chunk);
    });
    client.on('end', () => toUpstream.end());

    const cutNow = (bytes: Buffer): void => {
      cutDone = true;
      if (bytes.length > 0) toClient.write(bytes);
      toClient.flushThen(() => {
        counts.cut += 1;
        destroyBoth();
      });
    };
    upstream.on('data', (chunk: Buffer) => {
      answering = true;
      if (cutDone || swallowing) return;
      if (!cutAt) return toClient.write(chunk);
      const at = cutAt(chunk);
      if (at === undefined) {
        held.push(chunk);
        return;
      }
      const pending = Buffer.concat([...held, chunk]);
      held = [];
      if (forwarded + pending.length < at) {
        forwarded += pending.length;
        return toClient.write(pending);
      }
      cutNow(pending.subarray(0, at - forwarded));
    });
    upstream.on('end', () => {
      if (cutDone) return;
      if (!cutAt) return toClient.end();
      // The response ended before the planned cut point: still cut, short of its last byte.
      const pending = Buffer.concat(held);
      cutNow(pending.subarray(0, Math.max(1, pending.length - 1)));
    });
  };

  const server: Server = createServer(onConnection);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy has no TCP address');

  const destroyAll = (): void => {
    for (const timer of timers) clearTimeout(timer);
    timers.clear();
    for (const socket of sockets) socket.destroy();
  };

  return {
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    setFaults(f) {
      down = f === 'down';
      if (f === 'down') destroyAll();
      else rates = f === 'healthy' ? {} : f;
    },
    stats: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll();
        server.close(() => resolve());
      }),
  };
}
