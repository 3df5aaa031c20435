import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { AccountService } from '../services/accounts.ts';
import { verifyToken } from '../services/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

export interface AuthenticationOptions {
  readonly accounts: AccountService;
  readonly tokenSecret: Buffer;
  readonly now: () => number;
}

/**
 * Reads the bearer token and checks it against the account on every request: a disabled account,
 * or one moved to another unit, stops working even while its token has time left.
 */
export const authentication = fp(async (app: FastifyInstance, opts: AuthenticationOptions) => {
  app.decorateRequest('actor', null);
  app.decorate('requireActor', async (request: FastifyRequest): Promise<Actor> => {
    const header = request.headers.authorization;
    if (header === undefined) throw new GatewayError('ERR_AUTH_REQUIRED');
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (match?.[1] === undefined) throw new GatewayError('ERR_TOKEN_INVALID');
    const claims = verifyToken(match[1], opts.tokenSecret, opts.now());
    const account = await opts.accounts.find(claims.sub);
    if (account === null || account.unitId !== claims.unitId || account.role !== claims.role) throw new GatewayError('ERR_TOKEN_INVALID');
    if (account.disabled) throw new GatewayError('ERR_ACCOUNT_DISABLED');
    const actor: Actor = { unitId: account.unitId, tier: account.tier, role: account.role, workerId: account.username };
    request.actor = actor;
    return actor;
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    requireActor(request: FastifyRequest): Promise<Actor>;
  }
}
