import { sessionAnswerValidators } from '../../../schemas/api/session-answer-validators.ts';
import { locale } from '../i18n/locale.ts';

export interface ServerRefusal {
  readonly code: string;
  /** The server's reason in the current language. */
  readonly words: string;
}

/** A gateway refusal body (`{code, reason, reason_zh}`) in the current language; null for anything else. */
export function serverRefusal(body: unknown): ServerRefusal | null {
  const validate = sessionAnswerValidators.error();
  if (!validate(body)) return null;
  return { code: body.code, words: locale() === 'en' ? body.reason : body.reason_zh };
}
