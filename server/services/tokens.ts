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

export function verifyToken(token: string, secret: Buffer, nowMs: number): TokenClaims {
  const [payload, mac, extra] = token.split('.');
  if (payload === undefined || mac === undefined || extra !== undefined) throw new GatewayError('ERR_TOKEN_INVALID');
  const expected = signature(secret, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new GatewayError('ERR_TOKEN_INVALID');
  const claims = parseClaims(Buffer.from(payload, 'base64url').toString('utf8'));
  if (claims.exp * 1000 <= nowMs) throw new GatewayError('ERR_TOKEN_EXPIRED');
  return claims;
}

function parseClaims(json: string): TokenClaims {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null) {
      const c = value as Record<string, unknown>;
      const { sub, unitId, tier, role, iat, exp } = c;
      if (typeof sub === 'string' && typeof unitId === 'string' && isTier(tier) && isRole(role) && typeof iat === 'number' && typeof exp === 'number') {
        return { sub, unitId, tier, role, iat, exp };
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
