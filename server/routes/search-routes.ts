import type { FastifyInstance } from 'fastify';
import { caseSearchPageSchema } from '../../schemas/api/case-search-page.schema.ts';
import { worksOnCases } from '../../schemas/rules/case-roles.ts';
import { GatewayError } from '../errors.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { CaseSearchService, type CaseSearchCriteria } from '../services/case-search.ts';

const date = { type: 'string', maxLength: 10, description: 'A local date, YYYY-MM-DD.' } as const;

interface SearchQuery extends CaseSearchCriteria {
  readonly name?: string;
  readonly phone?: string;
  readonly cursor?: string;
  readonly limit: number;
}

/** The city's case search: by case number, ID number (exact), item, unit and acceptance dates, a page at a time. */
export async function searchRoutes(app: FastifyInstance, opts: { hub: HubPort }): Promise<void> {
  const service = new CaseSearchService(opts.hub);
  app.get<{ Querystring: SearchQuery }>('/api/supervision/search', {
    schema: {
      summary: 'Search the city\'s cases (city case workers)',
      description: 'Criteria combine. `q` takes a case number or a full ID number, searched exactly; a name, a phone number or part of an ID number is refused with a code saying so '
        + '(`ERR_SEARCH_BY_NAME`, `ERR_SEARCH_BY_PHONE`, `ERR_SEARCH_PARTIAL_ID`, `ERR_SEARCH_TEXT`): names are not unique and the hub indexes no personal data but the exact ID number. '
        + 'Newest accepted first; the applicant is masked in the results.',
      tags: ['supervision'],
      security: [{ bearer: [] }],
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          q: { type: 'string', maxLength: 60, description: 'A case number (LD20260315ABCDEF) or a full ID number.' },
          item: { type: 'string', maxLength: 40, description: 'An item code of the catalog.' },
          unit: { type: 'string', maxLength: 64, description: 'A unit id: cases accepted or handled there.' },
          from: date,
          to: date,
          name: { type: 'string', maxLength: 60, description: 'Not supported: answers 400 `ERR_SEARCH_BY_NAME` (use `q` with the case number or the ID number).' },
          phone: { type: 'string', maxLength: 30, description: 'Not supported: answers 400 `ERR_SEARCH_BY_PHONE`.' },
          cursor: { type: 'string', maxLength: 1000, description: 'The `next` of the page before.' },
          limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
        },
      },
      response: { 200: caseSearchPageSchema },
    },
  }, async (request) => {
    const actor = await app.requireActor(request);
    if (actor.tier !== 'city') throw new GatewayError('ERR_ROLE_FORBIDS_API', `tier ${actor.tier} may not search the city's cases`);
    // Cases hold citizens' data: only for the roles that work on cases.
    if (!worksOnCases(actor.role)) throw new GatewayError('ERR_ROLE_NO_CASES', `role ${actor.role} may not search cases`);
    const { name, phone, cursor, limit, ...criteria } = request.query;
    if (name !== undefined) throw new GatewayError('ERR_SEARCH_BY_NAME');
    if (phone !== undefined) throw new GatewayError('ERR_SEARCH_BY_PHONE');
    return service.search(criteria, cursor, limit);
  });
}
