import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { GatewayError } from './errors.ts';
import { createGatewayServices, type GatewayServices } from './gateway-services.ts';
import { DEFAULT_HEARTBEAT_FLUSH_MS } from './sync/heartbeat-batches.ts';
import type { HubPort } from './hub/hub-port.ts';
import { httpTimeouts } from './http-timeouts.ts';
import { loggerOptions, REQUEST_ID_HEADER, requestIdOf, requestIds, type GatewayLogOptions } from './logging.ts';
import { authentication } from './plugins/authentication.ts';
import { metricsPlugin, metricsRoute } from './plugins/metrics.ts';
import { compression } from './plugins/compression.ts';
import { asGatewayError, errorHandling, logGatewayError } from './plugins/error-handling.ts';
import { openApi } from './plugins/openapi.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { tokenBeforeBody } from './plugins/token-before-body.ts';
import { accountRoutes } from './routes/account-routes.ts';
import { adminRoutes } from './routes/admin-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { indicatorRoutes } from './routes/indicator-routes.ts';
import { publicRoutes } from './routes/public-routes.ts';
import { searchRoutes } from './routes/search-routes.ts';
import { supervisionRoutes } from './routes/supervision-routes.ts';
import { syncRoutes, type CaseTimeLimits } from './routes/sync-routes.ts';
import { createAdministration } from './services/administration.ts';
import { GatewayMetrics } from './services/gateway-metrics.ts';
import { lastHeartbeats } from './services/heartbeat-ages.ts';
import { DEFAULT_LOGIN_LIMITS, type LoginLimits } from './services/login-limits.ts';
import { DEFAULT_PUBLIC_PAGE_LIMITS, type PublicPageLimits } from './services/public-cases.ts';

export interface AppOptions {
  /** The hub, reached as its admin. */
  readonly hub: HubPort;
  /** HMAC key for tokens; shared by every gateway instance. */
  readonly tokenSecret: Buffer;
  readonly tokenTtlSeconds?: number;
  readonly longpollMaxMs?: number;
  /** Long-polls one sign-in token may hold at once (a station holds one per collection). Default 6. */
  readonly longpollsPerToken?: number;
  /** Devices one unit may report heartbeats from; a new device beyond is refused. Default 20. */
  readonly devicesPerUnit?: number;
  /** How long heartbeats wait in the gateway before one batch writes them to the hub. Default 2 s. */
  readonly heartbeatFlushMs?: number;
  /** The longest a client may take to send one whole request. Default 60 s. */
  readonly requestTimeoutMs?: number;
  /** How long an idle keep-alive connection is kept. Default 10 s. */
  readonly keepAliveTimeoutMs?: number;
  readonly bodyLimitBytes?: number;
  readonly now?: () => number;
  /** JSON lines through pino: `true` on stdout, or a destination (tests); default none. */
  readonly logger?: GatewayLogOptions;
  /** The longest a session lasts from its sign-in; refreshes never extend it. Default 12 h. */
  readonly sessionMaxAgeSeconds?: number;
  /** How far ahead of the hub a step may be stamped, how long a station may have been offline. */
  readonly caseTime?: CaseTimeLimits;
  /** Sign-in limits: per address, per account, hashes at once (`login-limits.ts`). */
  readonly login?: Partial<LoginLimits>;
  /** The bearer token `/metrics` is scraped with; absent or null: no `/metrics`. */
  readonly metricsToken?: string | null;
  /** The citizen's page: look-ups per address and per case number, the least time a refusal takes (`public-cases.ts`). */
  readonly publicPage?: Partial<PublicPageLimits>;
}

/** A session's maximum age when none is configured. */
export const DEFAULT_SESSION_MAX_AGE_SECONDS = 12 * 3600;

declare module 'fastify' {
  interface FastifyInstance {
    gateway: GatewayServices;
  }
}

/** The gateway, ready to `listen` or `inject`; it starts its changes followers when ready. */
export async function build(opts: AppOptions): Promise<FastifyInstance> {
  const now = opts.now ?? Date.now;
  const longpollMaxMs = opts.longpollMaxMs ?? 60_000;
  const devicesPerUnit = opts.devicesPerUnit ?? 20;
  const app = Fastify({
    ...httpTimeouts({ longpollMaxMs, requestTimeoutMs: opts.requestTimeoutMs ?? 60_000, keepAliveTimeoutMs: opts.keepAliveTimeoutMs ?? 10_000 }),
    logger: loggerOptions(opts.logger),
    // Our own request ids: an incoming x-request-id only when it is well-formed.
    requestIdHeader: false,
    genReqId: requestIdOf,
    bodyLimit: opts.bodyLimitBytes ?? 8 * 1024 * 1024,
    // Case ids and seq tokens are the only long path parts; anything longer is an error.
    routerOptions: { maxParamLength: 200 },
    // Long-polls would hold a closing gateway open for their full timeout; clients retry anyway.
    forceCloseConnections: true,
    // Errors raised before routing (a malformed URL, an over-long parameter) get our shape too.
    frameworkErrors: (error, request, reply) => {
      const gatewayError = asGatewayError(error);
      logGatewayError(request.log, gatewayError, error);
      reply.raw.writeHead(gatewayError.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', [REQUEST_ID_HEADER]: request.id });
      reply.raw.end(JSON.stringify(gatewayError.toBody()));
    },
  });
  const loginLimits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, ...opts.login };
  const sessionMaxAgeMs = (opts.sessionMaxAgeSeconds ?? DEFAULT_SESSION_MAX_AGE_SECONDS) * 1000;
  // Prometheus metrics; every hub call of this gateway is timed through the measured port.
  const metrics = new GatewayMetrics({
    now,
    hubReachable: () => services.databases.cases.updateSeq().then(() => true, () => false),
    lastHeartbeats: () => lastHeartbeats(services.databases.heartbeats),
  });
  const services = createGatewayServices(metrics.measuredHub(opts.hub), now, { devicesPerUnit, loginLimits, heartbeatFlushMs: opts.heartbeatFlushMs ?? DEFAULT_HEARTBEAT_FLUSH_MS });
  app.decorate('gateway', services);
  app.addHook('onReady', async () => services.start());
  app.addHook('onClose', async () => services.stop());

  await app.register(requestIds);
  // Devices set their step clocks by this header (replication/hub-clock.ts): it tells the gateway's own time.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('date', new Date(now()).toUTCString());
  });
  await app.register(metricsPlugin, { metrics, token: opts.metricsToken ?? null });
  await app.register(securityHeaders);
  // Before any route: answers are compressed when the client accepts it.
  await app.register(compression);
  await app.register(errorHandling);
  await app.register(authentication, { accounts: services.accounts, tokenSecret: opts.tokenSecret, sessionMaxAgeMs, now });
  // Per-address limits, only on the routes that ask for one (sign-in); refused in our error shape.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () => new GatewayError('ERR_LOGIN_RATE_LIMITED'),
    onExceeded: (request) => request.log.warn({ event: 'login_rate_limited', remoteAddress: request.ip }, 'sign-ins from one address over the limit'),
  });
  // Before any route: the OpenAPI document learns every route as it is added.
  await app.register(openApi);
  await app.register(tokenBeforeBody);
  await app.register(healthRoutes, { services });
  await app.register(metricsRoute, { metrics, token: opts.metricsToken ?? null });
  await app.register(authRoutes, { accounts: services.accounts, tokenSecret: opts.tokenSecret, tokenTtlSeconds: opts.tokenTtlSeconds ?? 2 * 3600, sessionMaxAgeMs, loginLimits, unitName: async (unitId) => services.network.unitName(unitId), now });
  // The city's administration: catalog, calendars, units, accounts, and the record of every change.
  const administration = createAdministration(services, devicesPerUnit);
  await app.register(accountRoutes, { accounts: administration.accounts });
  await app.register(adminRoutes, { admin: administration });
  await app.register(syncRoutes, { services, longpollMaxMs, longpollsPerToken: opts.longpollsPerToken ?? 6, caseTime: opts.caseTime ?? {} });
  // The city console's network figures (hub views).
  await app.register(supervisionRoutes, { hub: services.hub, now, devicesPerUnit });
  // Evaluation and openness: indicators per unit and period, the city's case search, the citizen's own page.
  await app.register(indicatorRoutes, { hub: services.hub, now });
  await app.register(searchRoutes, { hub: services.hub });
  await app.register(publicRoutes, { services, limits: { ...DEFAULT_PUBLIC_PAGE_LIMITS, ...opts.publicPage }, caseTime: opts.caseTime ?? {} });
  return app;
}
