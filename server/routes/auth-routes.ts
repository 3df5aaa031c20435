import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { accountSchema } from '../../schemas/json/account.schema.ts';
import type { Account } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';
import type { AccountService, LoginOutcome } from '../services/accounts.ts';
import type { LoginLimits } from '../services/login-limits.ts';
import { signToken } from '../services/tokens.ts';

export interface AuthRouteOptions {
  readonly accounts: AccountService;
  readonly tokenSecret: Buffer;
  readonly tokenTtlSeconds: number;
  /** The longest a session lasts from its sign-in; a refresh never extends it. */
  readonly sessionMaxAgeMs: number;
  readonly loginLimits: LoginLimits;
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

/** Seconds a client is told to wait when every hash slot is taken. */
const BUSY_RETRY_AFTER_SECONDS = 2;

const USERNAME = new RegExp(accountSchema.properties.username.pattern);

/**
 * A username fit for the log: only one that could name an account, and never for an unknown
 * account, which is where a password typed into the wrong field would end up.
 */
function loggedUsername(username: string, outcome: LoginOutcome): string | undefined {
  if (!outcome.ok && outcome.reason === 'unknown_account') return undefined;
  return USERNAME.test(username) ? username : undefined;
}

function logLogin(log: FastifyBaseLogger, username: string, outcome: LoginOutcome): void {
  const name = loggedUsername(username, outcome);
  const who = name === undefined ? {} : { username: name };
  if (outcome.ok) log.info({ event: 'login_succeeded', ...who }, 'signed in');
  else if (outcome.reason === 'throttled') log.warn({ event: 'login_throttled', ...who }, 'sign-in refused: too many attempts for this username');
  else if (outcome.reason === 'busy') log.warn({ event: 'login_shed', ...who }, 'sign-in refused: every hash slot taken');
  else log.warn({ event: 'login_failed', reason: outcome.reason, ...who }, 'sign-in refused');
}

export async function authRoutes(app: FastifyInstance, opts: AuthRouteOptions): Promise<void> {
  const issue = (account: Account, signedInAt: number): { token: string; unitId: string; tier: string; role: string; workerName: string; expiresAt: string } => {
    const iat = Math.floor(opts.now() / 1000);
    // A refreshed token ends with its session at the latest.
    const exp = Math.min(iat + opts.tokenTtlSeconds, Math.floor((signedInAt + opts.sessionMaxAgeMs) / 1000));
    if (exp <= iat) throw new GatewayError('ERR_SESSION_EXPIRED');
    const token = signToken({ sub: account.username, unitId: account.unitId, tier: account.tier, role: account.role, iat, exp, signedInAt }, opts.tokenSecret);
    return { token, unitId: account.unitId, tier: account.tier, role: account.role, workerName: account.workerName, expiresAt: new Date(exp * 1000).toISOString() };
  };

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    schema: { body: loginBody, response: { 200: sessionResponse } },
    // Per network address, before the body is read: @fastify/rate-limit.
    config: { rateLimit: { max: opts.loginLimits.perAddress, timeWindow: opts.loginLimits.perAddressWindowMs } },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const outcome = await opts.accounts.login(username, password);
    logLogin(request.log, username, outcome);
    if (!outcome.ok) {
      if (outcome.reason === 'busy') reply.header('retry-after', String(BUSY_RETRY_AFTER_SECONDS));
      throw outcome.error;
    }
    return issue(outcome.account, opts.now());
  });

  /**
   * A still-valid token buys a fresh one, so a station online all day is not logged out before
   * its session's maximum age; the fresh token keeps the session's sign-in time.
   */
  app.post('/api/auth/refresh', { schema: { response: { 200: sessionResponse } } }, async (request) => {
    const actor = await app.requireActor(request);
    const account = await opts.accounts.find(actor.workerId);
    if (account === null || request.signedInAt === null) throw new GatewayError('ERR_TOKEN_INVALID');
    return issue(account, request.signedInAt);
  });
}
