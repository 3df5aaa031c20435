import type { FastifyInstance, FastifyRequest } from 'fastify';
import { worksOnCases } from '../../schemas/rules/case-roles.ts';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { SupervisionService } from '../services/supervision.ts';

export interface SupervisionRouteOptions {
  readonly hub: HubPort;
  readonly now?: () => number;
  /** The most heartbeats the overview shows per unit (the device cap). */
  readonly devicesPerUnit: number;
}

/** The city console's network view: figures from hub views, for city-tier accounts only. */
export async function supervisionRoutes(app: FastifyInstance, opts: SupervisionRouteOptions): Promise<void> {
  const service = new SupervisionService(opts.hub, opts.devicesPerUnit);
  const now = opts.now ?? Date.now;
  const requireCity = async (request: FastifyRequest): Promise<Actor> => {
    const actor = await app.requireActor(request);
    if (actor.tier !== 'city') throw new GatewayError('ERR_ROLE_FORBIDS_API', `tier ${actor.tier} may not read network figures`);
    return actor;
  };

  app.get('/api/supervision/overview', { schema: { summary: 'The network\'s units, heartbeats and case counts by holder and status (city)', tags: ['supervision'], security: [{ bearer: [] }] } }, async (request) => {
    await requireCity(request);
    return service.overview(now());
  });

  app.get<{ Querystring: { number: string } }>('/api/supervision/cases', {
    schema: {
      summary: 'The case bound to a case number, whole (city case workers)',
      tags: ['supervision'],
      security: [{ bearer: [] }],
      querystring: { type: 'object', required: ['number'], properties: { number: { type: 'string', minLength: 4, maxLength: 40 } } },
    },
  }, async (request) => {
    const actor = await requireCity(request);
    // Cases hold citizens' data: only for the roles that work on cases.
    if (!worksOnCases(actor.role)) throw new GatewayError('ERR_ROLE_NO_CASES', `role ${actor.role} may not search cases`);
    return { cases: await service.casesByNumber(request.query.number.trim().toUpperCase()) };
  });
}
