import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { prepareHub } from '../../ops/prepare-hub.ts';
import { seedDemoNetwork, type DemoAccountFileEntry } from '../../ops/seed/demo-seed.ts';
import { build, type AppOptions } from '../../server/app.ts';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';
import { staticRoutes } from '../../server/routes/static-routes.ts';
import { CaseDesk } from '../../replication/case-desk.ts';
import { createStationDatabase, type StationDatabase } from '../../replication/station-database.ts';
import { startStationSync, type StationSync, type StationSyncOptions } from '../../replication/station-sync.ts';
import type { BackoffPolicy } from '../../replication/backoff.ts';
import type { Actor } from '../../schemas/types.ts';
import type { HubCredentials } from '../../server/hub/hub-credentials.ts';
import { RemoteStation } from './remote-station.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from './test-hub.ts';

export interface Session {
  readonly token: string;
  readonly actor: Actor;
}

export interface TestStation {
  readonly name: string;
  readonly actor: Actor;
  readonly db: StationDatabase;
  readonly desk: CaseDesk;
  readonly sync: StationSync;
  stop(): Promise<void>;
}

export interface StationOptions {
  /** Reach the gateway through this URL instead (a fault proxy). */
  readonly gatewayUrl?: string;
  readonly sync?: Partial<Omit<StationSyncOptions, 'db' | 'gatewayUrl' | 'unitId' | 'deviceId' | 'session'>>;
}

export interface TestNetwork {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly dataDir: string;
  readonly accounts: readonly DemoAccountFileEntry[];
  /** The hub's databases as the gateway reaches them: for reading what the hub holds. */
  readonly hubPort: HubPort;
  /**
   * Where the hub answers and as whom, and this network's database prefix: the embedded hub of
   * this network, or Apache CouchDB when the run has `COUCHDB_TEST_URL` (see test-hub.ts).
   */
  readonly hubAddress: TestHubAddress;
  /** The embedded hub process; throws on Apache CouchDB, where no test may stop the shared hub. */
  hub(): EmbeddedHub;
  account(unitId: string): DemoAccountFileEntry;
  login(username: string): Promise<Session>;
  station(unitId: string, opts?: StationOptions): Promise<TestStation>;
  /** A station in its own process: for more than three stations (RxDB's free collection limit). */
  remoteStation(unitId: string, opts: { gatewayUrl?: string; requestTimeoutMs?: number; longpollMs?: number; backoff?: BackoffPolicy }): Promise<RemoteStation>;
  killHub(): void;
  restartHub(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestHubAddress {
  readonly urls: readonly string[];
  readonly admin: HubCredentials;
  /** `undefined`: the default `liandong_`. */
  readonly databasePrefix: string | undefined;
  readonly external: boolean;
}

let stationCounter = 0;

/** The key the test gateway signs tokens with: lets a test mint tokens of its own. */
export const TEST_TOKEN_SECRET = Buffer.from('test-secret-test-secret-test-secret!');

/** Gateway options a test may set (a log stream, login limits, a clock, the session age). */
export type GatewayTestOptions = Partial<Omit<AppOptions, 'hub' | 'tokenSecret'>>;

/**
 * A real network on loopback: the embedded hub (a child process), the real gateway listening on
 * an ephemeral port, the demo units, catalog and accounts (and, if asked, sample cases).
 */
export async function startTestNetwork(opts: { sampleCases?: boolean; longpollMaxMs?: number; gateway?: GatewayTestOptions; clientDir?: string; wrapHub?: (hub: HubPort) => HubPort } = {}): Promise<TestNetwork> {
  const dataDir = await mkdtemp(join(tmpdir(), 'liandong-test-'));
  let embedded: EmbeddedHub | null = EXTERNAL_HUB === null ? await startEmbeddedHub({ dataDir }) : null;
  // A restarted hub comes back on the same port, so this one address serves the whole run.
  const hubAddress: TestHubAddress = embedded !== null
    ? { urls: [embedded.url], admin: embedded.admin, databasePrefix: undefined, external: false }
    : { urls: EXTERNAL_HUB?.urls ?? [], admin: EXTERNAL_HUB?.admin ?? { username: '', password: '' }, databasePrefix: EXTERNAL_HUB === null ? undefined : freshDatabasePrefix(EXTERNAL_HUB), external: true };
  const hubPort = createNanoHub({ url: hubAddress.urls, credentials: hubAddress.admin, ...(hubAddress.databasePrefix === undefined ? {} : { databasePrefix: hubAddress.databasePrefix }) });
  const embeddedHub = (): EmbeddedHub => {
    if (embedded === null) throw new Error('this test needs the embedded hub; it runs against Apache CouchDB (COUCHDB_TEST_URL)');
    return embedded;
  };
  await prepareHub(hubPort);
  // `wrapHub`: the gateway reaches the hub through the test's wrapper (one that counts reads, say).
  const app = await build({ hub: opts.wrapHub?.(hubPort) ?? hubPort, tokenSecret: TEST_TOKEN_SECRET, longpollMaxMs: opts.longpollMaxMs ?? 10_000, ...opts.gateway });
  // The consoles' static files, as `npm start` serves them, when a test reads files under load.
  if (opts.clientDir !== undefined) await app.register(staticRoutes, { clientDir: opts.clientDir });
  // Most tests count their own cases, so sample cases only on request.
  const seed = await seedDemoNetwork(app.gateway, dataDir, Date.now(), opts.sampleCases === true ? 5 : 0);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const stations: TestStation[] = [];
  const remoteStations: RemoteStation[] = [];

  const network: TestNetwork = {
    url,
    app,
    dataDir,
    accounts: seed.accounts,
    hubPort,
    hubAddress,
    hub: embeddedHub,
    account(unitId) {
      const found = seed.accounts.find((a) => a.unitId === unitId && (a.role !== 'catalog_editor' && a.role !== 'admin'));
      if (found === undefined) throw new Error(`no demo account at ${unitId}`);
      return found;
    },
    async login(username) {
      const entry = seed.accounts.find((a) => a.username === username);
      if (entry === undefined) throw new Error(`no demo account ${username}`);
      const answer = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: entry.password } });
      if (answer.statusCode !== 200) throw new Error(`login ${username}: ${answer.body}`);
      const body = answer.json<{ token: string; unitId: string; tier: Actor['tier']; role: Actor['role']; workerName: string }>();
      return { token: body.token, actor: { unitId: body.unitId, tier: body.tier, role: body.role, workerId: username, workerName: body.workerName } };
    },
    async station(unitId, stationOpts = {}) {
      const session = await network.login(network.account(unitId).username);
      stationCounter += 1;
      const name = `st${stationCounter}${Math.random().toString(36).slice(2, 8)}`;
      const deviceId = `dev-${name}`;
      const db = await createStationDatabase({ name, storage: getRxStorageMemory() });
      const sync = await startStationSync({
        db,
        gatewayUrl: stationOpts.gatewayUrl ?? url,
        unitId,
        deviceId,
        session: { token: () => session.token },
        longpollMs: 5_000,
        backoff: { baseMs: 100, maxMs: 2_000 },
        heartbeatMs: 2_000,
        ...stationOpts.sync,
      });
      const desk = new CaseDesk({ db, actor: session.actor, deviceId, now: () => sync.hubClock.now() });
      const station: TestStation = {
        name,
        actor: session.actor,
        db,
        desk,
        sync,
        async stop() {
          await slowWarning(`station ${name}: sync stop`, sync.stop());
          await slowWarning(`station ${name}: database close`, db.close());
        },
      };
      stations.push(station);
      return station;
    },
    async remoteStation(unitId, remoteOpts) {
      const session = await network.login(network.account(unitId).username);
      stationCounter += 1;
      const name = `rst${stationCounter}${Math.random().toString(36).slice(2, 8)}`;
      const station = await RemoteStation.start({
        name,
        gatewayUrl: remoteOpts.gatewayUrl ?? url,
        actor: session.actor,
        token: session.token,
        deviceId: `dev-${name}`,
        requestTimeoutMs: remoteOpts.requestTimeoutMs ?? 5_000,
        longpollMs: remoteOpts.longpollMs ?? 5_000,
        backoff: remoteOpts.backoff ?? { baseMs: 100, maxMs: 2_000 },
      });
      remoteStations.push(station);
      return station;
    },
    killHub() {
      embeddedHub().kill();
    },
    async restartHub() {
      const hub = embeddedHub();
      await hub.exited;
      embedded = await startEmbeddedHub({ dataDir, port: hub.port });
    },
    async stop() {
      await Promise.allSettled([...stations, ...remoteStations].map((s) => s.stop()));
      await slowWarning('gateway close', app.close());
      if (embedded !== null) await slowWarning('hub stop', embedded.stop().catch(() => undefined));
      else if (EXTERNAL_HUB !== null && hubAddress.databasePrefix !== undefined) await dropDatabases(EXTERNAL_HUB, hubAddress.databasePrefix).catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return network;
}

/** Teardown that hangs should say where: name any step that takes longer than a few seconds. */
async function slowWarning<T>(label: string, work: Promise<T>): Promise<T> {
  const timer = setTimeout(() => {
    const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
    console.warn(`[test-network] still waiting for ${label} after 5 s; open handles: ${handles.map((h) => h.constructor.name).join(' ')}`);
  }, 5_000);
  try {
    return await work;
  } finally {
    clearTimeout(timer);
  }
}

/** Polls until `check` holds; fails with the last value seen so a timeout says what was wrong. */
export async function eventually<T>(read: () => Promise<T> | T, check: (value: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const started = Date.now();
  let last: T = await read();
  while (!check(last)) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
