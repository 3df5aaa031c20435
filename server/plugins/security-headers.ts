import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

/**
 * The consoles' Content-Security-Policy: scripts, styles, workers and the manifest come only from
 * this origin, with no inline script and no `eval` (the PWA ships validators generated at build
 * time, not compiled in the browser); it talks only to this origin; nobody may frame it.
 */
export const CONSOLE_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  // Lit adopts constructed style sheets, which need no 'unsafe-inline'.
  'style-src': ["'self'"],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Answers that carry tokens or citizens' data: never stored by a browser or a proxy. */
const PRIVATE_PATH = /^\/(api|sync)(\/|\?|$)/;

/**
 * Security headers on every answer (@fastify/helmet): the CSP above, `X-Frame-Options: DENY`,
 * `nosniff`, no referrer; and `Cache-Control: no-store` on every `/api` and `/sync` answer, errors
 * included.
 */
export const securityHeaders = fp(async (app: FastifyInstance) => {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: Object.fromEntries(Object.entries(CONSOLE_CSP).map(([k, v]) => [k, [...v]])) },
    frameguard: { action: 'deny' },
  });
  app.addHook('onSend', async (request, reply, payload) => {
    // By route pattern too: `/%61pi/…` reaches the `/api/…` routes.
    if (PRIVATE_PATH.test(request.url) || PRIVATE_PATH.test(request.routeOptions.url ?? '')) reply.header('cache-control', 'no-store');
    return payload;
  });
});
