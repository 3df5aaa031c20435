import fp from 'fastify-plugin';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError, type GatewayErrorCode } from '../errors.ts';

/** Fastify's own errors, in our catalog's words. */
const FASTIFY_CODES: Record<string, GatewayErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ERR_UNSUPPORTED_MEDIA',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ERR_BAD_REQUEST',
  FST_ERR_CTP_BODY_TOO_LARGE: 'ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ERR_BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ERR_BAD_JSON',
  FST_ERR_VALIDATION: 'ERR_BAD_REQUEST',
  FST_ERR_BAD_URL: 'ERR_BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'ERR_BAD_REQUEST',
};

export function asGatewayError(err: FastifyError): GatewayError {
  if (err instanceof GatewayError) return err;
  const mapped = FASTIFY_CODES[err.code];
  if (mapped !== undefined) return new GatewayError(mapped, err.message);
  if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) return new GatewayError('ERR_BAD_JSON', err.message);
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new GatewayError('ERR_BAD_REQUEST', err.message);
  return new GatewayError('ERR_INTERNAL');
}

/** Refusals a security review looks for: no token, a token refused, a role refused, too many tries. */
const SECURITY_STATUSES: ReadonlySet<number> = new Set([401, 403, 429]);

/**
 * One structured line per error answer: a refusal by its code only (its detail may echo what the
 * client sent), a server error with the error itself.
 */
export function logGatewayError(log: FastifyBaseLogger, gatewayError: GatewayError, err: unknown, actor: Actor | null = null): void {
  const fields = { code: gatewayError.code, statusCode: gatewayError.status, ...(actor === null ? {} : { unitId: actor.unitId, worker: actor.workerId }) };
  if (gatewayError.status >= 500) log.error({ event: 'server_error', ...fields, err }, 'request failed');
  else if (SECURITY_STATUSES.has(gatewayError.status)) log.warn({ event: 'request_refused', ...fields }, 'request refused');
  else log.info({ event: 'request_refused', ...fields }, 'request refused');
}

/** Every error leaves as `{error, code, reason, reason_zh}`; the process never goes down for one. */
export const errorHandling = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const gatewayError = asGatewayError(err);
    logGatewayError(request.log, gatewayError, err, request.actor);
    return reply.status(gatewayError.status).send(gatewayError.toBody());
  });
  app.setNotFoundHandler((_request, reply) => {
    const notFound = new GatewayError('ERR_NOT_FOUND');
    return reply.status(notFound.status).send(notFound.toBody());
  });
});
