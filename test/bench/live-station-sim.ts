import type { Agent } from 'node:http';
import { STATION_COLLECTION_NAMES, type StationCollectionName } from '../../schemas/collections.ts';
import type { Actor, Heartbeat, Unit } from '../../schemas/types.ts';
import { httpRequest, type RawHttpAnswer } from '../helpers/raw-http.ts';
import { buildStationCases } from './case-factory.ts';
import { sleep } from './timing.ts';

/**
 * Live stations simulated at the HTTP level: a station is a token, one long-poll per collection it
 * replicates, and a timer that pushes a case or a heartbeat now and then. No RxDB: a thousand
 * databases in this process would measure the bench, not the gateway.
 */

/** What every simulated station and reader of one run shares. */
export interface LiveContext {
  readonly baseUrl: string;
  readonly agent: Agent;
  readonly ledger: LiveLedger;
  /** The network's units, so each case is judged against the tree the gateway holds. */
  readonly units: readonly Unit[];
  /** What a station asks a long-poll to wait (its `longpollMs`); the gateway may cut it shorter. */
  readonly longpollMs: number;
  /** As the station's replication: a silent long-poll is dead after `longpollMs` plus this. */
  readonly graceMs: number;
}

export interface LiveAccount {
  readonly username: string;
  readonly password: string;
}

/** Latency samples (ms) and errors of one run; samples count only while `measuring`. */
export class LiveLedger {
  measuring = false;
  /** Set once the run is being torn down: what fails then is the teardown, not the gateway. */
  stopped = false;
  readonly logins: number[] = [];
  readonly pushes: number[] = [];
  readonly propagations: number[] = [];
  readonly errors = new Map<string, number>();
  /** Pushed cases acknowledged, not yet seen by their street's reader: case id → `Date.now()`. */
  private readonly awaiting = new Map<string, number>();
  /** Cases a reader returned before their push's answer reached the station. */
  private readonly seenEarly = new Map<string, number>();

  error(kind: string): void {
    if (this.stopped) return;
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  get errorCount(): number {
    let n = 0;
    for (const count of this.errors.values()) n += count;
    return n;
  }

  acknowledged(caseId: string, at: number): void {
    const seen = this.seenEarly.get(caseId);
    if (seen === undefined) {
      this.awaiting.set(caseId, at);
      return;
    }
    this.seenEarly.delete(caseId);
    this.propagations.push(Math.max(0, seen - at));
  }

  delivered(caseId: string, at: number): void {
    const acked = this.awaiting.get(caseId);
    if (acked === undefined) {
      // Only this run's pushes are awaited; anything else on the feed is no sample.
      if (this.measuring) this.seenEarly.set(caseId, at);
      return;
    }
    this.awaiting.delete(caseId);
    this.propagations.push(at - acked);
  }

  get undelivered(): number {
    return this.awaiting.size;
  }
}

interface ChangesPage {
  readonly results: readonly { readonly id: string }[];
  readonly last_seq: string;
}

function isChangesPage(value: unknown): value is ChangesPage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as { results?: unknown; last_seq?: unknown };
  return Array.isArray(page.results) && typeof page.last_seq === 'string';
}

interface SessionAnswer {
  readonly token: string;
  readonly unitId: string;
  readonly tier: Actor['tier'];
  readonly role: Actor['role'];
  readonly workerName: string;
}

function isSessionAnswer(value: unknown): value is SessionAnswer {
  return typeof value === 'object' && value !== null && typeof (value as { token?: unknown }).token === 'string';
}

/** One request; a non-2xx answer or a failed socket is recorded as an error of `kind` and gives null. */
async function exchange(ctx: LiveContext, kind: string, path: string, opts: { method?: string; token?: string; body?: unknown; timeoutMs?: number } = {}): Promise<RawHttpAnswer | null> {
  try {
    const answer = await httpRequest(`${ctx.baseUrl}${path}`, {
      agent: ctx.agent,
      timeoutMs: opts.timeoutMs ?? 30_000,
      ...(opts.method === undefined ? {} : { method: opts.method }),
      ...(opts.token === undefined ? {} : { token: opts.token }),
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    const code = typeof answer.json === 'object' && answer.json !== null ? String((answer.json as { code?: unknown }).code ?? '') : '';
    ctx.ledger.error(`${kind} ${answer.status} ${code}`.trim());
    return null;
  } catch (err) {
    ctx.ledger.error(`${kind} ${(err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err))}`);
    return null;
  }
}

/** Signs in over HTTP, timing the exchange; null (an error recorded) when refused. */
async function signIn(ctx: LiveContext, account: LiveAccount): Promise<{ token: string; actor: Actor } | null> {
  const started = performance.now();
  const answer = await exchange(ctx, 'login', '/api/auth/login', { method: 'POST', body: { username: account.username, password: account.password } });
  if (answer === null || !isSessionAnswer(answer.json)) return null;
  ctx.ledger.logins.push(performance.now() - started);
  const s = answer.json;
  return { token: s.token, actor: { unitId: s.unitId, tier: s.tier, role: s.role, workerId: account.username, workerName: s.workerName } };
}

/** The collection's current position for this unit (db info's `update_seq`). */
async function positionNow(ctx: LiveContext, token: string, unitId: string, collection: StationCollectionName): Promise<string | null> {
  const answer = await exchange(ctx, `db info ${collection}`, `/sync/${unitId}/${collection}`, { token });
  const seq = typeof answer?.json === 'object' && answer.json !== null ? (answer.json as { update_seq?: unknown }).update_seq : undefined;
  return typeof seq === 'string' ? seq : null;
}

/**
 * A community station: what `LiveStream` and the pull do, minus the database. Each collection
 * holds a long-poll (`limit=1`, heartbeat newlines every 10 s); when one returns a change, the
 * station pulls pages with their documents until it is current, then polls again.
 */
export class SimulatedStation {
  private token = '';
  private actor: Actor | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private pushed = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly ctx: LiveContext, private readonly account: LiveAccount, private readonly seed: number) {}

  private get deviceId(): string {
    return `dev-live-${this.seed}`;
  }

  async signIn(): Promise<boolean> {
    const session = await signIn(this.ctx, this.account);
    if (session === null) return false;
    this.token = session.token;
    this.actor = session.actor;
    return true;
  }

  /** Starts one long-poll loop per collection, from where each collection is now. */
  async goLive(): Promise<void> {
    const actor = this.actor;
    if (actor === null) return;
    const positions = await Promise.all(STATION_COLLECTION_NAMES.map((c) => positionNow(this.ctx, this.token, actor.unitId, c)));
    STATION_COLLECTION_NAMES.forEach((collection, i) => {
      const since = positions[i];
      if (since !== null && since !== undefined) void this.follow(actor.unitId, collection, since);
    });
  }

  /** A case every `caseEveryMs` and a heartbeat every `heartbeatEveryMs`, first ones after the offsets. */
  startLoad(caseOffsetMs: number, caseEveryMs: number, heartbeatOffsetMs: number, heartbeatEveryMs: number): void {
    const repeat = (offsetMs: number, everyMs: number, work: () => Promise<void>): void => {
      const run = (): void => {
        const p = work().finally(() => this.inFlight.delete(p));
        this.inFlight.add(p);
      };
      this.timers.push(setTimeout(() => {
        run();
        this.timers.push(setInterval(run, everyMs));
      }, offsetMs));
    };
    repeat(caseOffsetMs, caseEveryMs, () => this.pushCase());
    repeat(heartbeatOffsetMs, heartbeatEveryMs, () => this.heartbeat());
  }

  /** Stops the timers; resolves when the pushes already sent have their answers. */
  async stopLoad(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private async follow(unitId: string, collection: StationCollectionName, from: string): Promise<void> {
    const { ctx } = this;
    let since = from;
    while (!ctx.ledger.stopped) {
      const path = `/sync/${unitId}/${collection}/_changes?feed=longpoll&since=${encodeURIComponent(since)}&limit=1&timeout=${ctx.longpollMs}&heartbeat=10000`;
      const answer = await exchange(ctx, `longpoll ${collection}`, path, { token: this.token, timeoutMs: ctx.longpollMs + ctx.graceMs });
      if (answer === null || !isChangesPage(answer.json)) {
        // As the station does: back off before polling again.
        await sleep(1_000);
        continue;
      }
      since = answer.json.results.length === 0 ? answer.json.last_seq : await this.pull(unitId, collection, since);
    }
  }

  /** Pages of changes with their documents, 100 at a time, until the last short page. */
  private async pull(unitId: string, collection: StationCollectionName, from: string): Promise<string> {
    let since = from;
    for (;;) {
      const path = `/sync/${unitId}/${collection}/_changes?since=${encodeURIComponent(since)}&limit=100&include_docs=true&style=all_docs`;
      const answer = await exchange(this.ctx, `pull ${collection}`, path, { token: this.token });
      if (answer === null || !isChangesPage(answer.json)) return since;
      since = answer.json.last_seq;
      if (answer.json.results.length < 100) return since;
    }
  }

  private async pushCase(): Promise<void> {
    const actor = this.actor;
    if (actor === null) return;
    this.pushed += 1;
    const [doc] = buildStationCases({ actor, deviceId: this.deviceId, count: 1, startMs: Date.now(), seed: this.seed * 10_000 + this.pushed, units: this.ctx.units });
    if (doc === undefined) return;
    const started = performance.now();
    const answer = await exchange(this.ctx, 'push cases', `/sync/${actor.unitId}/cases/_bulk_docs`, { method: 'POST', token: this.token, body: { docs: [{ ...doc, _id: doc.id }] } });
    if (answer === null) return;
    const row: unknown = Array.isArray(answer.json) ? answer.json[0] : undefined;
    if (typeof row !== 'object' || row === null || (row as { ok?: unknown }).ok !== true) {
      this.ctx.ledger.error(`push cases refused ${typeof row === 'object' && row !== null ? String((row as { code?: unknown }).code ?? '') : ''}`.trim());
      return;
    }
    if (!this.ctx.ledger.measuring) return;
    this.ctx.ledger.pushes.push(performance.now() - started);
    this.ctx.ledger.acknowledged(doc.id, answer.at);
  }

  private async heartbeat(): Promise<void> {
    const actor = this.actor;
    if (actor === null) return;
    const beat: Heartbeat = {
      id: `${actor.unitId}:${this.deviceId}`,
      unitId: actor.unitId,
      deviceId: this.deviceId,
      deviceTime: new Date().toISOString(),
      lastSyncAt: new Date().toISOString(),
      pendingOutbound: 0,
      appVersion: 'bench-live',
    };
    await exchange(this.ctx, 'push heartbeats', `/sync/${actor.unitId}/heartbeats/_bulk_docs`, { method: 'POST', token: this.token, body: { docs: [{ ...beat, _id: beat.id }] } });
  }
}

/**
 * A street hall's reader: one long-poll on the street's cases (ids only, up to 1,000 a time),
 * noting when each case arrived. Propagation is measured here.
 */
export class StreetReader {
  constructor(private readonly ctx: LiveContext, private readonly account: LiveAccount) {}

  async start(): Promise<boolean> {
    const session = await signIn(this.ctx, this.account);
    if (session === null) return false;
    const since = await positionNow(this.ctx, session.token, session.actor.unitId, 'cases');
    if (since === null) return false;
    void this.follow(session.token, session.actor.unitId, since);
    return true;
  }

  private async follow(token: string, unitId: string, from: string): Promise<void> {
    const { ctx } = this;
    let since = from;
    while (!ctx.ledger.stopped) {
      const path = `/sync/${unitId}/cases/_changes?feed=longpoll&since=${encodeURIComponent(since)}&limit=1000&timeout=${ctx.longpollMs}`;
      const answer = await exchange(ctx, 'street longpoll cases', path, { token, timeoutMs: ctx.longpollMs + ctx.graceMs });
      if (answer === null || !isChangesPage(answer.json)) {
        await sleep(1_000);
        continue;
      }
      for (const change of answer.json.results) ctx.ledger.delivered(change.id, answer.at);
      since = answer.json.last_seq;
    }
  }
}
