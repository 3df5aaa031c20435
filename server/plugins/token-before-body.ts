import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.ts';

/** The gateway's own paths: every answer under them needs a token, but for the routes below. */
const GUARDED_PATH = /^\/(api|sync)(\/|\?|$)/;

/** Routes under the guarded paths that take no token (method and route pattern). */
const PUBLIC_ROUTES: ReadonlySet<string> = new Set([
  'POST /api/auth/login',
  // The API's own description, and the citizen's page (rate limited per address and per case number).
  'GET /api/openapi.json',
  'HEAD /api/openapi.json',
  'GET /api/public/cases/:caseNumber',
  'HEAD /api/public/cases/:caseNumber',
  'POST /api/public/cases/:caseNumber/rating',
]);

/** The most an anonymous client may send: a sign-in is a name and a password, a rating a number and a note. */
const PUBLIC_BODY_LIMIT_BYTES = 4 * 1024;

function isPublic(method: string, url: string | undefined): boolean {
  return PUBLIC_ROUTES.has(`${method} ${url ?? ''}`);
}

/** Refused without reading the body, and the connection closed after the answer, so it is never drained. */
function refuseAndClose(reply: { header(name: string, value: string): unknown }, err: unknown): never {
  reply.header('connection', 'close');
  throw err;
}

/**
 * Checks the token when a request arrives, before its body is read: an anonymous client cannot
 * make the gateway read and parse megabytes only to be told 401. The few public routes (sign-in)
 * take small bodies only, refused from the announced length alone.
 *
 * Routes keep calling `app.requireActor`, which reads the same token again (its account lookup is
 * cached), so each stays correct on its own.
 */
export const tokenBeforeBody = fp(async (app: FastifyInstance) => {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.some((method) => isPublic(method, route.url))) route.bodyLimit = Math.min(route.bodyLimit ?? PUBLIC_BODY_LIMIT_BYTES, PUBLIC_BODY_LIMIT_BYTES);
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply) => {
    // The route's pattern decides (`/%73ync/…` reaches the `/sync/…` routes); the raw URL for what no route matches.
    if (!GUARDED_PATH.test(request.routeOptions.url ?? '') && !GUARDED_PATH.test(request.url)) return;
    if (isPublic(request.method, request.routeOptions.url)) {
      const announced = Number(request.headers['content-length'] ?? 0);
      if (announced > PUBLIC_BODY_LIMIT_BYTES) refuseAndClose(reply, new GatewayError('ERR_BODY_TOO_LARGE', `at most ${PUBLIC_BODY_LIMIT_BYTES} bytes here`));
      return;
    }
    try {
      await app.requireActor(request);
    } catch (err) {
      refuseAndClose(reply, err);
    }
  });
});
