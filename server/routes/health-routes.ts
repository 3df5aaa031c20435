import type { FastifyInstance } from 'fastify';
import type { GatewayServices } from '../gateway-services.ts';

/** Liveness plus the hub's state; 200 while the process serves, even when the hub is down. */
export async function healthRoutes(app: FastifyInstance, opts: { services: GatewayServices }): Promise<void> {
  app.get('/healthz', { schema: { summary: 'Liveness, and whether the hub answers', tags: ['ops'] } }, async () => {
    const started = Date.now();
    try {
      await opts.services.databases.cases.updateSeq();
      return { status: 'ok', hub: { reachable: true, latencyMs: Date.now() - started } };
    } catch (err) {
      return { status: 'degraded', hub: { reachable: false, error: err instanceof Error ? err.message : String(err) } };
    }
  });
}
