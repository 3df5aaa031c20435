import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NETWORK_CASE_LISTS, NETWORK_LIST_ORDERS, type NetworkCaseList, type NetworkListOrder } from '../../schemas/api/network-case-page.schema.ts';
import { worksOnCases } from '../../schemas/rules/case-roles.ts';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { NetworkCaseLists } from '../services/network-lists.ts';
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
  const lists = new NetworkCaseLists(opts.hub);
  const now = opts.now ?? Date.now;
  const requireCity = async (request: FastifyRequest): Promise<Actor> => {
    const actor = await app.requireActor(request);
    if (actor.tier !== 'city') throw new GatewayError('ERR_ROLE_FORBIDS_API', `tier ${actor.tier} may not read network figures`);
    return actor;
  };
  /** Cases hold citizens' data: only for the city's roles that work on cases. */
  const requireCityCaseWorker = async (request: FastifyRequest): Promise<Actor> => {
    const actor = await requireCity(request);
    if (!worksOnCases(actor.role)) throw new GatewayError('ERR_ROLE_NO_CASES', `role ${actor.role} may not read cases`);
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
    await requireCityCaseWorker(request);
    return { cases: await service.casesByNumber(request.query.number.trim().toUpperCase()) };
  });

  app.get<{ Querystring: { list: NetworkCaseList; order: NetworkListOrder; cursor?: string; limit: number } }>('/api/supervision/lists', {
    schema: {
      summary: 'A page of a network-wide case list, whole cases (city case workers)',
      description: 'The city\'s device copies only the cases its unit works on; the network\'s cases under way (`underWay`) and its open rectifications (`rectifying`) are read here, '
        + 'newest step first (`recent`, green channel before) or most urgent first (`urgency`), with how many the list holds. A case acted on is then copied by the device\'s sync.',
      tags: ['supervision'],
      security: [{ bearer: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        required: ['list'],
        properties: {
          list: { type: 'string', enum: NETWORK_CASE_LISTS },
          order: { type: 'string', enum: NETWORK_LIST_ORDERS, default: 'recent' },
          cursor: { type: 'string', maxLength: 1000, description: 'The `next` of the page before.' },
          limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
        },
      },
    },
  }, async (request) => {
    await requireCityCaseWorker(request);
    const { list, order, cursor, limit } = request.query;
    return lists.page(list, order, cursor, limit);
  });
}
