import type { Role, Tier } from '../../../schemas/types.ts';
import { locale } from '../i18n/locale.ts';

export interface LoginAnswer {
  readonly token: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerName: string;
  readonly expiresAt: string;
}

/** A failed call: `offline` when the server was not reached, else the server's code and words. */
export class AuthCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused',
    message: string,
    readonly code: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

async function post(path: string, body: unknown, token?: string): Promise<LoginAnswer> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body ?? {}),
    });
  } catch (err) {
    throw new AuthCallError('offline', err instanceof Error ? err.message : String(err));
  }
  const parsed = (await response.json().catch(() => null)) as (Partial<LoginAnswer> & { reason?: string; reason_zh?: string; code?: string }) | null;
  if (!response.ok || parsed === null) {
    if (response.status >= 500 && parsed?.code !== 'ERR_HUB_UNAVAILABLE') throw new AuthCallError('offline', `HTTP ${response.status}`);
    const words = locale() === 'en' ? parsed?.reason : parsed?.reason_zh;
    throw new AuthCallError('refused', words ?? `HTTP ${response.status}`, parsed?.code ?? null, response.status);
  }
  return parsed as LoginAnswer;
}

export function login(username: string, password: string): Promise<LoginAnswer> {
  return post('/api/auth/login', { username, password });
}

export function refreshToken(token: string): Promise<LoginAnswer> {
  return post('/api/auth/refresh', {}, token);
}
