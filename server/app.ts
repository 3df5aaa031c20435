import Fastify, { type FastifyInstance } from 'fastify';
import { createGatewayServices, type GatewayServices } from './gateway-services.ts';
import type { HubPort } from './hub/hub-port.ts';
import { authentication } from './plugins/authentication.ts';
import { asGatewayError, errorHandling } from './plugins/error-handling.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { supervisionRoutes } from './routes/supervision-routes.ts';
import { syncRoutes } from './routes/sync-routes.ts';

export interface AppOptions {
  /** The hub, reached as its admin. */
  readonly hub: HubPort;
  /** HMAC key for tokens; shared by every gateway instance. */
  readonly tokenSecret: Buffer;
  readonly tokenTtlSeconds?: number;
  readonly longpollMaxMs?: number;
  readonly bodyLimitBytes?: number;
  readonly now?: () => number;
  readonly logger?: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    gateway: GatewayServices;
  }
}

/** The gateway, ready to `listen` or `inject`; it starts its changes followers when ready. */
export async function build(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: opts.bodyLimitBytes ?? 8 * 1024 * 1024,
    // Case ids and seq tokens are the only long path parts; anything longer is an error.
    routerOptions: { maxParamLength: 200 },
    // Long-polls would hold a closing gateway open for their full timeout; clients retry anyway.
    forceCloseConnections: true,
    // Errors raised before routing (a malformed URL, an over-long parameter) get our shape too.
    frameworkErrors: (error, _request, reply) => {
      const gatewayError = asGatewayError(error);
      reply.raw.writeHead(gatewayError.status, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify(gatewayError.toBody()));
    },
  });
  const services = createGatewayServices(opts.hub, now);
  app.decorate('gateway', services);
  app.addHook('onReady', async () => services.start());
  app.addHook('onClose', async () => services.stop());

  await app.register(errorHandling);
  await app.register(authentication, { accounts: services.accounts, tokenSecret: opts.tokenSecret, now });
  await app.register(healthRoutes, { services });
  await app.register(authRoutes, { accounts: services.accounts, tokenSecret: opts.tokenSecret, tokenTtlSeconds: opts.tokenTtlSeconds ?? 2 * 3600, now });
  await app.register(accountRoutes, { accounts: services.accounts });
  await app.register(syncRoutes, { services, longpollMaxMs: opts.longpollMaxMs ?? 60_000 });
  // The city console's network figures (hub views).
  await app.register(supervisionRoutes, { hub: opts.hub, now });
  return app;
}
