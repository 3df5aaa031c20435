import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { AccountService } from '../services/accounts.ts';
import { isExpired, readSignedToken } from '../services/tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** When the verified token's session signed in (ms since the epoch), once `requireActor` ran. */
    signedInAt: number | null;
  }
}

export interface AuthenticationOptions {
  readonly accounts: AccountService;
  readonly tokenSecret: Buffer;
  /** The longest a session lasts from its sign-in, whatever refreshes it had. */
  readonly sessionMaxAgeMs: number;
  readonly now: () => number;
}

/**
 * Reads the bearer token and checks it against the account on every request: a disabled account,
 * or one moved to another unit, stops working even while its token has time left; so does a
 * session older than the maximum age, or one signed in before the account was last disabled.
 */
export const authentication = fp(async (app: FastifyInstance, opts: AuthenticationOptions) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('signedInAt', null);
  app.decorate('requireActor', async (request: FastifyRequest): Promise<Actor> => {
    const header = request.headers.authorization;
    if (header === undefined) throw new GatewayError('ERR_AUTH_REQUIRED');
    const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(header);
    if (match?.[1] === undefined) throw new GatewayError('ERR_TOKEN_INVALID');
    const nowMs = opts.now();
    const claims = readSignedToken(match[1], opts.tokenSecret);
    const account = await opts.accounts.find(claims.sub);
    if (account === null || account.unitId !== claims.unitId || account.role !== claims.role) throw new GatewayError('ERR_TOKEN_INVALID');
    // Disabled before the other refusals, expiry included: that answer is what tells a device to
    // wipe its data, also one back after a long time offline. A sign-in never says it.
    if (account.disabled) throw new GatewayError('ERR_ACCOUNT_DISABLED');
    if (isExpired(claims, nowMs)) throw new GatewayError('ERR_TOKEN_EXPIRED');
    if (account.tokensValidAfter !== undefined && claims.signedInAt < account.tokensValidAfter) throw new GatewayError('ERR_TOKEN_REVOKED');
    if (nowMs - claims.signedInAt >= opts.sessionMaxAgeMs) throw new GatewayError('ERR_SESSION_EXPIRED');
    const actor: Actor = { unitId: account.unitId, tier: account.tier, role: account.role, workerId: account.username, workerName: account.workerName };
    request.actor = actor;
    request.signedInAt = claims.signedInAt;
    return actor;
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    requireActor(request: FastifyRequest): Promise<Actor>;
  }
}
