import { createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role, type Tier } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';

/** What a token says about its bearer; checked against the account on every request. */
export interface TokenClaims {
  /** The account's username: the worker who signs events. */
  readonly sub: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  /** Seconds since the epoch. */
  readonly iat: number;
  readonly exp: number;
  /**
   * When the password was given, in milliseconds since the epoch: a refresh carries it over, so a
   * session has a maximum age, and a disable ends every session signed in before it.
   */
  readonly signedInAt: number;
}

const encode = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

function signature(secret: Buffer, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** A compact signed token: base64url(claims).base64url(HMAC-SHA256). Stateless across instances. */
export function signToken(claims: TokenClaims, secret: Buffer): string {
  const payload = encode(JSON.stringify(claims));
  return `${payload}.${encode(signature(secret, payload))}`;
}

/** The claims of a token signed with `secret`, expired or not; anything else is refused. */
export function readSignedToken(token: string, secret: Buffer): TokenClaims {
  const [payload, mac, extra] = token.split('.');
  if (payload === undefined || mac === undefined || extra !== undefined) throw new GatewayError('ERR_TOKEN_INVALID');
  const expected = signature(secret, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GatewayError('ERR_TOKEN_INVALID');
  return parseClaims(Buffer.from(payload, 'base64url').toString('utf8'));
}

export function isExpired(claims: TokenClaims, nowMs: number): boolean {
  return claims.exp * 1000 <= nowMs;
}

function parseClaims(json: string): TokenClaims {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null) {
      const c = value as Record<string, unknown>;
      const { sub, unitId, tier, role, iat, exp, signedInAt } = c;
      if (typeof sub === 'string' && typeof unitId === 'string' && isTier(tier) && isRole(role) && typeof iat === 'number' && typeof exp === 'number') {
        // A token from before sessions carried their sign-in time started its session at `iat`.
        if (signedInAt === undefined) return { sub, unitId, tier, role, iat, exp, signedInAt: iat * 1000 };
        if (typeof signedInAt === 'number' && Number.isFinite(signedInAt)) return { sub, unitId, tier, role, iat, exp, signedInAt };
      }
    }
  } catch {
    // fall through: a signed but unreadable token is as invalid as an unsigned one
  }
  throw new GatewayError('ERR_TOKEN_INVALID');
}

const TIERS: readonly string[] = ['city', 'street', 'community'];

function isTier(value: unknown): value is Tier {
  return typeof value === 'string' && TIERS.includes(value);
}

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
