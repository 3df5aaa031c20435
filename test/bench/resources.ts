import diagnostics from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { fmtMs, nowMs } from './timing.ts';

/** CPU time of a process from /proc (user + system), in ms; null where /proc is not there. */
function procCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    // Linux reports clock ticks, 100 per second on every common configuration.
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * 10 : null;
  } catch {
    return null;
  }
}

export interface PhaseUsage {
  readonly wallMs: number;
  /** This process: the stations, the gateway, RxDB, the bench itself. */
  readonly benchCpuMs: number;
  /** The embedded hub's child process. */
  readonly hubCpuMs: number | null;
  /** What this process asked of the hub meanwhile, by kind. */
  readonly hubRequests: string;
}

/** Wall time and CPU time of both processes over a phase. */
export function startPhase(hubPid: number | null, hubUrl: string): () => PhaseUsage {
  const counter = new HubRequestCounter(new URL(hubUrl).origin);
  const wall = nowMs();
  const cpu = process.cpuUsage();
  const hub = hubPid === null ? null : procCpuMs(hubPid);
  return () => {
    const used = process.cpuUsage(cpu);
    const hubNow = hubPid === null ? null : procCpuMs(hubPid);
    return {
      wallMs: nowMs() - wall,
      benchCpuMs: (used.user + used.system) / 1000,
      hubCpuMs: hub === null || hubNow === null ? null : hubNow - hub,
      hubRequests: counter.stop(),
    };
  };
}

/** Wall time, CPU of both processes, and the requests sent to the hub. */
export function describeUsage(usage: PhaseUsage): string {
  const pct = (ms: number): string => `${Math.round((100 * ms) / Math.max(1, usage.wallMs))}%`;
  const hub = usage.hubCpuMs === null ? 'hub CPU n/a' : `hub process CPU ${fmtMs(usage.hubCpuMs)} (${pct(usage.hubCpuMs)} of a core)`;
  return `bench process CPU ${fmtMs(usage.benchCpuMs)} (${pct(usage.benchCpuMs)} of a core), ${hub}\n    requests to the hub: ${usage.hubRequests}`;
}

interface KindStats {
  count: number;
  totalMs: number;
  maxMs: number;
  bytesIn: number;
}

/**
 * A fetch that records, per kind of request (method and endpoint), how many were made and how
 * long each took from the client's side, body included.
 */
export class RequestStats {
  private readonly kinds = new Map<string, KindStats>();

  wrap(inner: typeof fetch): typeof fetch {
    return async (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const endpoint = url.pathname.split('/').filter((p) => p.length > 0).at(-1) ?? '/';
      const longpoll = url.searchParams.get('feed') === 'longpoll' ? ' longpoll' : '';
      const kind = `${init?.method ?? 'GET'} ${endpoint}${longpoll}`;
      const started = nowMs();
      const response = await inner(input, init);
      // Time the whole exchange: read the body here and hand the caller an identical response.
      const body = await response.arrayBuffer();
      this.add(kind, nowMs() - started, body.byteLength);
      return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
    };
  }

  private add(kind: string, ms: number, bytes: number): void {
    const stats = this.kinds.get(kind) ?? { count: 0, totalMs: 0, maxMs: 0, bytesIn: 0 };
    stats.count += 1;
    stats.totalMs += ms;
    stats.maxMs = Math.max(stats.maxMs, ms);
    stats.bytesIn += bytes;
    this.kinds.set(kind, stats);
  }

  lines(): string[] {
    return [...this.kinds.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([kind, s]) => `${kind}: ${s.count} requests, avg ${(s.totalMs / s.count).toFixed(1)} ms, max ${Math.round(s.maxMs)} ms, ${(s.bytesIn / 1e6).toFixed(1)} MB in`);
  }
}

interface UndiciRequestMessage {
  readonly request: { readonly origin?: unknown; readonly method?: unknown; readonly path?: unknown };
}

function isUndiciRequestMessage(message: unknown): message is UndiciRequestMessage {
  return typeof message === 'object' && message !== null && typeof (message as { request?: unknown }).request === 'object';
}

/**
 * Counts the HTTP requests this process sends to the hub (the gateway's nano calls, the direct
 * baseline's fetches, the bench's own polling), by kind, from undici's diagnostics channel.
 */
export class HubRequestCounter {
  private readonly kinds = new Map<string, number>();
  private readonly listener = (message: unknown): void => {
    if (!isUndiciRequestMessage(message)) return;
    const { origin, method, path } = message.request;
    if (String(origin) !== this.origin || typeof path !== 'string') return;
    const url = new URL(path, this.origin);
    const parts = url.pathname.split('/').filter((p) => p.length > 0);
    const endpoint = parts.length <= 1 ? 'db info' : parts.slice(1).filter((p) => p.startsWith('_') && p !== '_design').join('/') || 'doc';
    const longpoll = url.searchParams.get('feed') === 'longpoll' ? ' longpoll' : '';
    const kind = `${String(method)} ${parts[0] ?? '/'} ${endpoint}${longpoll}`;
    this.kinds.set(kind, (this.kinds.get(kind) ?? 0) + 1);
  };

  constructor(private readonly origin: string) {
    diagnostics.subscribe('undici:request:create', this.listener);
  }

  stop(): string {
    diagnostics.unsubscribe('undici:request:create', this.listener);
    return [...this.kinds.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([kind, n]) => `${kind} x${n}`).join(', ');
  }
}
