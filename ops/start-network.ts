import type { FastifyInstance } from 'fastify';
import { build } from '../server/app.ts';
import type { ServerConfig } from '../server/config.ts';
import type { HubPort } from '../server/hub/hub-port.ts';
import { superviseEmbeddedHub, type SupervisedHub } from '../server/hub/hub-supervisor.ts';
import { createNanoHub } from '../server/hub/nano-hub.ts';
import { makePrivate } from '../server/private-files.ts';
import { writeLogLine } from '../server/logging.ts';
import { staticRoutes } from '../server/routes/static-routes.ts';
import { loadTokenSecret } from '../server/services/token-secret.ts';
import { prepareHub } from './prepare-hub.ts';
import { seedDemoNetwork, type DemoSeedResult } from './seed/demo-seed.ts';

export interface RunningLiandong {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly hub: HubPort;
  readonly embeddedHub: SupervisedHub | null;
  readonly seed: DemoSeedResult | null;
  stop(): Promise<void>;
}

/** Hub (embedded unless COUCHDB_URL), idempotent setup, demo seed, gateway listening. */
export async function startLiandong(config: ServerConfig, log: (msg: string) => void = () => undefined): Promise<RunningLiandong> {
  // DATA_DIR holds the token secret and, on the embedded hub, citizens' data: private, at every start.
  await makePrivate(config.dataDir);
  // Before anything starts: a missing, short or unwritable key stops the start with what to do.
  const tokenSecret = await loadTokenSecret(config.dataDir, config.tokenSecret);
  const embeddedHub = config.couchdbUrl === null ? await superviseEmbeddedHub(config.dataDir, 0, log) : null;
  const hub = embeddedHub !== null
    ? createNanoHub({ url: embeddedHub.url, credentials: embeddedHub.admin, databasePrefix: config.databasePrefix })
    : createNanoHub({
      url: config.couchdbUrls ?? [],
      databasePrefix: config.databasePrefix,
      credentials: { username: config.couchdbUser ?? '', password: config.couchdbPassword ?? '' },
      // A cluster node stopped answering: calls go to the next one listed in COUCHDB_URL.
      onNodeSwitch: (change) => writeLogLine('warn', `hub node ${change.from} failed (${change.reason}); using ${change.to}`, { event: 'hub_node_switch', from: change.from, to: change.to }),
    });
  try {
    const prepared = await prepareHub(hub);
    if (prepared.casesRematerialized > 0) log(`hub: ${prepared.casesRematerialized} stored cases brought up to the current case schema`);
    if (prepared.calendarYearsAdded > 0) log(`hub: ${prepared.calendarYearsAdded} calendar years added`);
    // The gateway logs JSON lines (pino) on stdout.
    const app = await build({ hub, tokenSecret, devicesPerUnit: config.devicesPerUnit, sessionMaxAgeSeconds: config.sessionMaxAgeSeconds, logger: true, caseTime: { maxClockAheadMs: config.maxClockAheadMs, offlineWindowMs: config.offlineWindowMs }, metricsToken: config.metricsToken });
    // The consoles (the built PWA from client/dist) at `/`; `build()` alone stays a pure API gateway.
    await app.register(staticRoutes, {});
    const seed = config.seedDemo ? await seedDemoNetwork(app.gateway, config.dataDir, Date.now()) : null;
    const address = await app.listen({ port: config.port, host: config.host });
    return {
      app,
      url: address,
      hub,
      embeddedHub,
      seed,
      async stop() {
        await app.close();
        await embeddedHub?.stop();
      },
    };
  } catch (err) {
    await embeddedHub?.stop();
    throw err;
  }
}
