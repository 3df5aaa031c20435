import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { sessionAnswerSchema, type SessionAnswer } from '../../schemas/api/session-answer.schema.ts';
import { accountSchema } from '../../schemas/json/account.schema.ts';
import type { Account, Unit } from '../../schemas/types.ts';
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
  /** A unit's name (null for one the network does not have): the session answer carries it. */
  readonly unitName: (unitId: string) => Promise<Unit['name'] | null>;
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
  const issue = async (account: Account, signedInAt: number): Promise<SessionAnswer> => {
    // An account whose unit was removed signs in to nothing: its unit name is the id, the console shows no cases.
    const unitName = (await opts.unitName(account.unitId)) ?? { zh: account.unitId, en: account.unitId };
    const iat = Math.floor(opts.now() / 1000);
    // A refreshed token ends with its session at the latest.
    const exp = Math.min(iat + opts.tokenTtlSeconds, Math.floor((signedInAt + opts.sessionMaxAgeMs) / 1000));
    if (exp <= iat) throw new GatewayError('ERR_SESSION_EXPIRED');
    const token = signToken({ sub: account.username, unitId: account.unitId, tier: account.tier, role: account.role, iat, exp, signedInAt }, opts.tokenSecret);
    return { token, unitId: account.unitId, unitName, tier: account.tier, role: account.role, workerName: account.workerName, expiresAt: new Date(exp * 1000).toISOString() };
  };

  app.post<{ Body: { username: string; password: string } }>('/api/auth/login', {
    schema: { summary: 'Sign in with a unit account: a token for the API and sync', tags: ['auth'], body: loginBody, response: { 200: sessionAnswerSchema } },
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
  app.post('/api/auth/refresh', { schema: { summary: 'A fresh token for a valid one, within the session\'s maximum age', tags: ['auth'], security: [{ bearer: [] }], response: { 200: sessionAnswerSchema } } }, async (request) => {
    const actor = await app.requireActor(request);
    const account = await opts.accounts.find(actor.workerId);
    if (account === null || request.signedInAt === null) throw new GatewayError('ERR_TOKEN_INVALID');
    return issue(account, request.signedInAt);
  });
}
