import type { FastifyInstance } from 'fastify';
import type { Account } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { AccountService } from '../services/accounts.ts';
import { signToken } from '../services/tokens.ts';

export interface AuthRouteOptions {
  readonly accounts: AccountService;
  readonly tokenSecret: Buffer;
  readonly tokenTtlSeconds: number;
  readonly now: () => number;
}

const loginBody = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;

const sessionResponse = {
  type: 'object',
  required: ['token', 'unitId', 'tier', 'role', 'workerName', 'expiresAt'],
  properties: {
    token: { type: 'string' },
    unitId: { type: 'string' },
    tier: { type: 'string' },
    role: { type: 'string' },
    workerName: { type: 'string' },
    expiresAt: { type: 'string' },
  },
} as const;

export async function authRoutes(app: FastifyInstance, opts: AuthRouteOptions): Promise<void> {
  const issue = (account: Account): { token: string; unitId: string; tier: string; role: string; workerName: string; expiresAt: string } => {
    const iat = Math.floor(opts.now() / 1000);
    const exp = iat + opts.tokenTtlSeconds;
    const token = signToken({ sub: account.username, unitId: account.unitId, tier: account.tier, role: account.role, iat, exp }, opts.tokenSecret);
    return { token, unitId: account.unitId, tier: account.tier, role: account.role, workerName: account.workerName, expiresAt: new Date(exp * 1000).toISOString() };
  };

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    schema: { body: loginBody, response: { 200: sessionResponse } },
  }, async (request) => issue(await opts.accounts.login(request.body.username, request.body.password)));

  /** A still-valid token buys a fresh one, so a station online all day is never logged out. */
  app.post('/api/auth/refresh', { schema: { response: { 200: sessionResponse } } }, async (request) => {
    const actor = await app.requireActor(request);
    const account = await opts.accounts.find(actor.workerId);
    if (account === null) throw new GatewayError('ERR_TOKEN_INVALID');
    return issue(account);
  });
}
