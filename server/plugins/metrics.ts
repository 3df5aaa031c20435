import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.ts';
import type { GatewayMetrics } from '../services/gateway-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: GatewayMetrics;
  }
}

export interface MetricsOptions {
  readonly metrics: GatewayMetrics;
  /**
   * The bearer token Prometheus scrapes `/metrics` with (LIANDONG_METRICS_TOKEN). `null`: no
   * `/metrics` at all. The figures name units and reveal load: not for everyone who can reach
   * the gateway, and a gateway behind a proxy on the same machine cannot tell who is local.
   */
  readonly token: string | null;
}

const METRICS_PATH = '/metrics';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function isLongPoll(request: FastifyRequest): boolean {
  const query = request.query as { feed?: unknown } | undefined;
  return request.routeOptions.url?.endsWith('/_changes') === true && query?.feed === 'longpoll';
}

/**
 * Counts every request by route pattern (never the raw URL: ids would make a series per case),
 * times the answer and keeps the number of open long-polls; `metricsRoute` serves them in
 * Prometheus' text format to whoever holds the metrics token.
 */
export const metricsPlugin = fp(async (app: FastifyInstance, opts: MetricsOptions) => {
  const { metrics } = opts;
  app.decorate('metrics', metrics);
  const started = new WeakMap<FastifyRequest, bigint>();
  const longPolls = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (request) => {
    started.set(request, process.hrtime.bigint());
  });
  app.addHook('preHandler', async (request, reply) => {
    if (!isLongPoll(request)) return;
    longPolls.add(request);
    metrics.longpollsOpen.inc();
    reply.raw.once('close', () => metrics.longpollsOpen.dec());
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
    const since = started.get(request);
    if (since !== undefined && !longPolls.has(request)) metrics.httpDuration.observe({ method: request.method, route }, Number(process.hrtime.bigint() - since) / 1e9);
  });
});

/**
 * `GET /metrics`, registered with the other routes (after the error handling, so its refusals
 * leave in our error shape).
 */
export async function metricsRoute(app: FastifyInstance, opts: MetricsOptions): Promise<void> {
  const { metrics } = opts;
  const expected = opts.token === null ? null : digest(`Bearer ${opts.token}`);
  app.get(METRICS_PATH, { schema: { summary: 'Prometheus metrics (bearer: LIANDONG_METRICS_TOKEN)', tags: ['ops'] } }, async (request, reply) => {
    if (expected === null) throw new GatewayError('ERR_NOT_FOUND', 'metrics are off: set LIANDONG_METRICS_TOKEN to turn them on');
    const header = request.headers.authorization;
    if (header === undefined) throw new GatewayError('ERR_METRICS_TOKEN');
    if (!timingSafeEqual(digest(header), expected)) throw new GatewayError('ERR_METRICS_TOKEN');
    const { contentType, body } = await metrics.scrape();
    return reply.header('cache-control', 'no-store').type(contentType).send(body);
  });
}
