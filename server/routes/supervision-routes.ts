import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { SupervisionService } from '../services/supervision.ts';

export interface SupervisionRouteOptions {
  readonly hub: HubPort;
  readonly now?: () => number;
}

/** The city console's network view: figures from hub views, for city-tier accounts only. */
export async function supervisionRoutes(app: FastifyInstance, opts: SupervisionRouteOptions): Promise<void> {
  const service = new SupervisionService(opts.hub);
  const now = opts.now ?? Date.now;
  const requireCity = async (request: FastifyRequest): Promise<void> => {
    const actor = await app.requireActor(request);
    if (actor.tier !== 'city') throw new GatewayError('ERR_ROLE_FORBIDS_API', `tier ${actor.tier} may not read network figures`);
  };

  app.get('/api/supervision/overview', async (request) => {
    await requireCity(request);
    return service.overview(now());
  });

  app.get<{ Querystring: { number: string } }>('/api/supervision/cases', {
    schema: { querystring: { type: 'object', required: ['number'], properties: { number: { type: 'string', minLength: 4, maxLength: 40 } } } },
  }, async (request) => {
    await requireCity(request);
    return { cases: await service.casesByNumber(request.query.number.trim().toUpperCase()) };
  });
}
