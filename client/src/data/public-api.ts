import { answerValidators, schemaProblems } from '../../../schemas/api/answer-validators.ts';
import type { PublicCaseAnswer } from '../../../schemas/api/public-case.schema.ts';
import { t } from '../i18n/locale.ts';
import { serverRefusal } from './server-refusal.ts';

/** A failed call of the citizen's page: not reached, refused (with the server's words), or an answer that fits no schema. */
export class PublicCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'refused' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

async function call(path: string, init: RequestInit = {}): Promise<PublicCaseAnswer> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) } });
  } catch (err) {
    throw new PublicCallError('offline', err instanceof Error ? err.message : String(err));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new PublicCallError(response.status >= 500 && serverRefusal(body) === null ? 'offline' : 'refused', serverRefusal(body)?.words ?? `HTTP ${response.status}`);
  const validate = answerValidators.publicCase();
  if (!validate(body)) throw new PublicCallError('invalid', t('public.invalid', { reason: schemaProblems(validate) }));
  return body;
}

/** The case behind a number and its query code. */
export function fetchPublicCase(caseNumber: string, code: string): Promise<PublicCaseAnswer> {
  return call(`/api/public/cases/${encodeURIComponent(caseNumber)}?code=${encodeURIComponent(code)}`);
}

/** The citizen's rating, once; answers the case as it stands after it. */
export function ratePublicCase(caseNumber: string, code: string, rating: number, note: string): Promise<PublicCaseAnswer> {
  return call(`/api/public/cases/${encodeURIComponent(caseNumber)}/rating`, { method: 'POST', body: JSON.stringify({ code, rating, ...(note.trim() === '' ? {} : { note: note.trim() }) }) });
}
