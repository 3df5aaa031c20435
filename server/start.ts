import type { FastifyInstance } from 'fastify';
import type nano from 'nano';
import { setupHub } from '../ops/couchdb/setup.ts';
import { build } from './app.ts';
import type { ServerConfig } from './config.ts';
import { createHubClient } from './hub/hub-client.ts';
import { staticRoutes } from './routes/static-routes.ts';
import { superviseEmbeddedHub, type SupervisedHub } from './hub/hub-supervisor.ts';
import { seedDemoNetwork, type DemoSeedResult } from './services/demo-seed.ts';
import { loadTokenSecret } from './services/token-secret.ts';

export interface RunningLiandong {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly hub: nano.ServerScope;
  readonly embeddedHub: SupervisedHub | null;
  readonly seed: DemoSeedResult | null;
  stop(): Promise<void>;
}

/** Hub (embedded unless COUCHDB_URL), idempotent setup, demo seed, gateway listening. */
export async function startLiandong(config: ServerConfig, log: (msg: string) => void = () => undefined): Promise<RunningLiandong> {
  const embeddedHub = config.couchdbUrl === null ? await superviseEmbeddedHub(config.dataDir, 0, log) : null;
  const hub = embeddedHub !== null
    ? createHubClient(embeddedHub.url, embeddedHub.admin)
    : createHubClient(config.couchdbUrl ?? '', { username: config.couchdbUser ?? '', password: config.couchdbPassword ?? '' });
  try {
    await setupHub(hub);
    const app = await build({ hub, tokenSecret: await loadTokenSecret(config.dataDir, config.tokenSecret) });
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
