import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicCaseAnswerSchema, publicRatingBodySchema, type PublicRatingBody } from '../../schemas/api/public-case.schema.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayServices } from '../gateway-services.ts';
import { PublicCaseService, type PublicPageLimits } from '../services/public-cases.ts';

export interface PublicRouteOptions {
  readonly services: GatewayServices;
  readonly limits: PublicPageLimits;
  readonly caseTime: { readonly maxClockAheadMs?: number; readonly offlineWindowMs?: number };
}

export const PUBLIC_CASE_ROUTE = '/api/public/cases/:caseNumber';
export const PUBLIC_RATING_ROUTE = '/api/public/cases/:caseNumber/rating';

const caseNumberParams = {
  type: 'object',
  required: ['caseNumber'],
  properties: { caseNumber: { type: 'string', maxLength: 60, description: 'The case number on the acceptance receipt (受理回执), e.g. LD20260315ABCDEF.' } },
} as const;

/** The refusal everything wrong gets, as the document describes it. */
const notFound = { description: 'No case with this number and code (a wrong code and an unknown number answer alike): `ERR_PUBLIC_CASE_NOT_FOUND`.', type: 'object', additionalProperties: true } as const;
const tooMany = { description: 'Too many look-ups from this address, or of this number: `ERR_PUBLIC_RATE_LIMITED`.', type: 'object', additionalProperties: true } as const;

/**
 * The citizen's own page, without sign-in: a case by its number and query code, and its rating,
 * once. Limited per network address (@fastify/rate-limit) and per case number.
 */
export async function publicRoutes(app: FastifyInstance, opts: PublicRouteOptions): Promise<void> {
  const service = new PublicCaseService(opts.services, opts.limits, opts.caseTime);
  const perAddress = (max: number) => ({
    max,
    timeWindow: opts.limits.perAddressWindowMs,
    errorResponseBuilder: () => new GatewayError('ERR_PUBLIC_RATE_LIMITED'),
    onExceeded: (request: FastifyRequest) => request.log.warn({ event: 'public_rate_limited', remoteAddress: request.ip }, 'public look-ups from one address over the limit'),
  });

  app.get<{ Params: { caseNumber: string }; Querystring: { code?: string } }>(PUBLIC_CASE_ROUTE, {
    schema: {
      summary: 'The citizen\'s own case, by its number and query code (no sign-in)',
      description: 'The item, status, timeline by unit, due date and what is missing, with no worker named and the applicant\'s data masked.',
      tags: ['public'],
      params: caseNumberParams,
      querystring: { type: 'object', properties: { code: { type: 'string', maxLength: 12, description: 'The six-digit query code on the acceptance receipt.' } } },
      response: { 200: publicCaseAnswerSchema, 404: notFound, 429: tooMany },
    },
    config: { rateLimit: perAddress(opts.limits.perAddress) },
  }, async (request) => service.view(request.params.caseNumber, request.query.code ?? ''));

  app.post<{ Params: { caseNumber: string }; Body: PublicRatingBody }>(PUBLIC_RATING_ROUTE, {
    schema: {
      summary: 'The citizen rates a decided or closed case, once (no sign-in)',
      description: 'Recorded as the rate step of the accepting unit, given by the citizen on the public page (`via: public_page`), through the same write rules as a station\'s. '
        + '409 `ERR_ALREADY_RATED` once rated (on any channel), 409 `ERR_PUBLIC_NOT_RATABLE` while the case is under way.',
      tags: ['public'],
      params: caseNumberParams,
      body: publicRatingBodySchema,
      response: { 200: publicCaseAnswerSchema, 404: notFound, 409: { description: 'Already rated, or not yet ratable.', type: 'object', additionalProperties: true }, 429: tooMany },
    },
    config: { rateLimit: perAddress(Math.max(1, Math.ceil(opts.limits.perAddress / 3))) },
  }, async (request) => {
    const { code, rating, note } = request.body;
    const answer = await service.rate(request.params.caseNumber, code, rating, note);
    request.log.info({ event: 'public_rating', rating }, 'a citizen rated a case on the public page');
    return answer;
  });
}
