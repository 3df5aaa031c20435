import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

const packageVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** Where the gateway serves its OpenAPI document (public: it describes the API, not its data). */
export const OPENAPI_PATH = '/api/openapi.json';

/**
 * The OpenAPI 3.1 document of every route, made by @fastify/swagger from the routes' own schemas
 * (params, query, body, answers, summaries), so it cannot drift from what the gateway checks and
 * sends. Registered before the routes: it learns them as they are added.
 */
export const openApi = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: '联动 Liandong gateway',
        version: packageVersion,
        description: 'The only door to the hub of a three-tier government service network (city, street, community). '
          + 'Every answer that is refused has the shape `{error, code, reason, reason_zh}`: a code from the gateway\'s catalog, and what to do in English and Chinese. '
          + 'Routes marked with `bearer` need the token from `POST /api/auth/login`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The token from `POST /api/auth/login` (or `/api/auth/refresh`).' } } },
      tags: [
        { name: 'auth', description: 'Sign-in and session' },
        { name: 'sync', description: 'The CouchDB endpoints a unit\'s device replicates through, under `/sync/<unitId>/<collection>/`' },
        { name: 'supervision', description: 'The city\'s network figures and case search' },
        { name: 'indicators', description: 'Indicators per unit and period' },
        { name: 'public', description: 'The citizen\'s own page: no sign-in, rate limited per address' },
        { name: 'admin', description: 'The city\'s administration' },
        { name: 'ops', description: 'Health, metrics, this document and the consoles\' files' },
      ],
    },
  });
  app.get(OPENAPI_PATH, {
    schema: { summary: 'This OpenAPI document', tags: ['ops'], response: { 200: { type: 'object', additionalProperties: true, description: 'OpenAPI 3.1' } } },
  }, async () => app.swagger());
});
