import { schemaProblems, sessionAnswerValidators } from '../../../schemas/api/session-answer-validators.ts';
import type { SessionAnswer } from '../../../schemas/api/session-answer.schema.ts';
import { t } from '../i18n/locale.ts';
import { serverRefusal } from './server-refusal.ts';

/**
 * A failed call: `offline` when the server was not reached, `refused` with the server's code and
 * words, `invalid` when the answer is not what the session answer schema says (nothing is taken).
 */
export class AuthCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'invalid',
    message: string,
    readonly code: string | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

async function post(path: string, body: unknown, token?: string): Promise<SessionAnswer> {
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
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok || parsed === null) {
    const refusal = serverRefusal(parsed);
    if (response.status >= 500 && refusal?.code !== 'ERR_HUB_UNAVAILABLE') throw new AuthCallError('offline', `HTTP ${response.status}`);
    throw new AuthCallError('refused', refusal?.words ?? `HTTP ${response.status}`, refusal?.code ?? null, response.status);
  }
  const validate = sessionAnswerValidators.session();
  if (!validate(parsed)) throw new AuthCallError('invalid', t('answer.invalid', { reason: schemaProblems(validate) }), null, response.status);
  return parsed;
}

export function login(username: string, password: string): Promise<SessionAnswer> {
  return post('/api/auth/login', { username, password });
}

export function refreshToken(token: string): Promise<SessionAnswer> {
  return post('/api/auth/refresh', {}, token);
}
