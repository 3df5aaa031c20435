import { Agent } from 'node:http';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { hubDatabaseName } from '../../schemas/collections.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import type { Account } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { hashPassword } from '../../server/services/passwords.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';
import { benchHub, bulkWrite } from './bench-kit.ts';
import { extraCommunities } from './case-factory.ts';
import { LiveLedger, SimulatedStation, StreetReader, type LiveContext } from './live-station-sim.ts';
import { describeUsage, startPhase, type PhaseUsage } from './resources.ts';
import { fmtMs, log, nowMs, sleep, waitFor } from './timing.ts';

export interface LiveStationsRun {
  /** Station counts to try, in order; the ladder stops at the first that fails. */
  readonly steps: readonly number[];
  /** How long each step is measured once every station is live. */
  readonly seconds: number;
  /** Sign-ins in flight at once while the stations come up. */
  readonly loginConcurrency: number;
  readonly details: boolean;
}

export interface LiveStepFigures {
  readonly stations: number;
  readonly rampMs: number;
  readonly loginP50Ms: number;
  readonly loginP99Ms: number;
  readonly pushes: number;
  readonly pushP50Ms: number;
  readonly pushP99Ms: number;
  readonly propagations: number;
  readonly propagationP50Ms: number;
  readonly propagationP99Ms: number;
  readonly errors: number;
  readonly errorKinds: string;
  readonly usage: PhaseUsage;
  /** This process's event-loop delay over the window (gateway and stations share the loop). */
  readonly loopDelayP99Ms: number;
  /** The machine's 1-minute load average at the window's end: other work skews the figures. */
  readonly loadAverage: number;
  readonly passed: boolean;
}

export interface LiveStationsFigures {
  readonly steps: readonly LiveStepFigures[];
  /** The most stations served with p99 propagation < 2 s and no errors; 0 when the first step failed. */
  readonly liveStations: number;
  /** At 500 stations, or the largest step tried when 500 was not. */
  readonly liveP99PropagationMs: number | null;
}

const CASE_EVERY_MS = 30_000;
const HEARTBEAT_EVERY_MS = 60_000;
/** What the station's replication asks (`longpollMs`) and adds before a silent poll is dead. */
const STATION_LONGPOLL_MS = 30_000;
const STATION_GRACE_MS = 20_000;
/** How long a pushed case may still reach its street after the window before it counts as lost. */
const DRAIN_MS = 5_000;
const P99_TARGET_MS = 2_000;
const PASSWORD = 'bench-live-password';

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Tries each step on a fresh network: `n` bench communities, each with one account, sign in
 * (ramped), go live, then push and beat for `seconds` while one reader per street hall times how
 * long each acknowledged case takes to reach it.
 */
export async function runLiveStations(run: LiveStationsRun): Promise<LiveStationsFigures> {
  log(`\n== live stations: ${run.steps.join(', ')} simulated stations, ${run.seconds} s each`);
  const steps: LiveStepFigures[] = [];
  for (const stations of run.steps) {
    const figures = await runStep(stations, run);
    steps.push(figures);
    if (!figures.passed) break;
  }
  let liveStations = 0;
  for (const step of steps) if (step.passed) liveStations = step.stations;
  const at500 = steps.find((s) => s.stations === 500) ?? steps.at(-1);
  return { steps, liveStations, liveP99PropagationMs: at500 === undefined ? null : Math.round(at500.propagationP99Ms) };
}

/**
 * The gateway as it would be configured behind a load balancer: sign-ins come from thousands of
 * addresses there, so the per-address sign-in limit (60 a minute) would here refuse all but the
 * first 60 stations, which share 127.0.0.1. Everything else is the production default, with the
 * production long-poll cap (60 s; tests use 10 s).
 */
function startLiveNetwork(): Promise<TestNetwork> {
  return startTestNetwork({ longpollMaxMs: 60_000, gateway: { login: { perAddress: 1_000_000 } } });
}

async function addStationAccounts(network: TestNetwork, count: number): Promise<{ username: string; password: string }[]> {
  const hub = benchHub(network);
  const communities = extraCommunities(count);
  await bulkWrite(hub, hubDatabaseName('units'), communities.map((u) => asCouchDoc('units', u)));
  // One scrypt verifier for every account (same password, same format as the seed's): hashing
  // a thousand would take a minute and measure nothing.
  const password = await hashPassword(PASSWORD);
  const accounts = communities.map((u): Account => ({ username: u.id, unitId: u.id, tier: 'community', role: 'community_worker', workerName: u.name.zh, password, disabled: false }));
  for (const account of accounts) {
    const { username } = account;
    if (!validators.account(account)) throw new Error(`bench: account ${username} does not match its schema`);
  }
  await bulkWrite(hub, hubDatabaseName('accounts'), accounts.map((a) => asCouchDoc('accounts', a)));
  // The gateway learns new units through its follower: wait until its tree holds the last one.
  const last = communities.at(-1)?.id;
  if (last !== undefined) {
    await waitFor('the gateway to know the bench communities', async () => (await network.app.gateway.network.current()).tree.has(last), (known) => known, { startedAt: nowMs(), everyMs: 100, timeoutMs: 30_000 });
  }
  return accounts.map((a) => ({ username: a.username, password: PASSWORD }));
}

/** Runs `work` over `items` with at most `concurrency` at once. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      const item = items[index];
      if (item !== undefined) await work(item, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
}

async function runStep(count: number, run: LiveStationsRun): Promise<LiveStepFigures> {
  const network = await startLiveNetwork();
  // Kept-alive sockets without a per-host cap: each station holds five long-polls at once.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const ledger = new LiveLedger();
  try {
    const accounts = await addStationAccounts(network, count);
    const ctx: LiveContext = { baseUrl: network.url, agent, ledger, units: [...DEMO_UNITS, ...extraCommunities(count)], longpollMs: STATION_LONGPOLL_MS, graceMs: STATION_GRACE_MS };
    const streets = DEMO_UNITS.filter((u) => u.tier === 'street');
    for (const street of streets) {
      const account = network.account(street.id);
      if (!(await new StreetReader(ctx, { username: account.username, password: account.password }).start())) throw new Error(`bench: the reader of ${street.id} could not start`);
    }
    // Readers' sign-ins are not the stations'.
    ledger.logins.length = 0;

    const rampStarted = nowMs();
    const stations = accounts.map((a, i) => new SimulatedStation(ctx, a, i + 1));
    await inPool(stations, run.loginConcurrency, async (station) => {
      if (await station.signIn()) await station.goLive();
    });
    const rampMs = nowMs() - rampStarted;
    log(`${count} stations: signed in and live after ${fmtMs(rampMs)} (${run.loginConcurrency} sign-ins at a time)`);

    const hub = network.hub();
    const phase = startPhase(hub.pid, hub.url);
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    ledger.measuring = true;
    // Spread evenly: station i pushes at i/n of each 30 s and beats at i/n of each 60 s.
    stations.forEach((s, i) => s.startLoad((i / count) * CASE_EVERY_MS, CASE_EVERY_MS, (i / count) * HEARTBEAT_EVERY_MS, HEARTBEAT_EVERY_MS));
    await sleep(run.seconds * 1000);
    await Promise.all(stations.map((s) => s.stopLoad()));
    const drained = nowMs();
    while (ledger.undelivered > 0 && nowMs() - drained < DRAIN_MS) await sleep(50);
    const usage = phase();
    loop.disable();
    ledger.measuring = false;
    if (ledger.undelivered > 0) {
      for (let i = 0; i < ledger.undelivered; i += 1) ledger.error(`case not at its street within ${DRAIN_MS / 1000} s`);
    }
    const errorKinds = [...ledger.errors.entries()].map(([kind, n]) => `${kind} x${n}`).join(', ');
    const figures: LiveStepFigures = {
      stations: count,
      rampMs,
      loginP50Ms: percentile(ledger.logins, 50),
      loginP99Ms: percentile(ledger.logins, 99),
      pushes: ledger.pushes.length,
      pushP50Ms: percentile(ledger.pushes, 50),
      pushP99Ms: percentile(ledger.pushes, 99),
      propagations: ledger.propagations.length,
      propagationP50Ms: percentile(ledger.propagations, 50),
      propagationP99Ms: percentile(ledger.propagations, 99),
      errors: ledger.errorCount,
      errorKinds,
      usage,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      loadAverage: loadavg()[0] ?? Number.NaN,
      passed: false,
    };
    const passed = figures.errors === 0 && figures.propagations > 0 && figures.propagationP99Ms < P99_TARGET_MS;
    report({ ...figures, passed }, run.details);
    return { ...figures, passed };
  } finally {
    ledger.stopped = true;
    agent.destroy();
    await network.stop();
  }
}

function report(f: LiveStepFigures, details: boolean): void {
  const ms = (v: number): string => (Number.isNaN(v) ? 'n/a' : `${Math.round(v)} ms`);
  log(`${f.stations} live stations: propagation p50 ${ms(f.propagationP50Ms)} p99 ${ms(f.propagationP99Ms)} (${f.propagations} cases), ` +
    `push p50 ${ms(f.pushP50Ms)} p99 ${ms(f.pushP99Ms)} (${f.pushes}), login p50 ${ms(f.loginP50Ms)} p99 ${ms(f.loginP99Ms)} (ramp ${fmtMs(f.rampMs)}), ` +
    `errors ${f.errors}${f.errors > 0 ? ` (${f.errorKinds})` : ''}: ${f.passed ? 'passed' : 'FAILED'} (p99 < ${P99_TARGET_MS} ms, no errors)`);
  log(`    ${details ? describeUsage(f.usage) : describeUsage(f.usage).split('\n')[0] ?? ''}`);
  log(`    event-loop delay p99 ${ms(f.loopDelayP99Ms)} (gateway and stations share this process); machine load average ${f.loadAverage.toFixed(1)}`);
}
