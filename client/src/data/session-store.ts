import { sessionAnswerValidators } from '../../../schemas/api/session-answer-validators.ts';
import type { StoredSession } from '../../../schemas/api/stored-session.schema.ts';

/**
 * The signed-in worker on this device, kept in localStorage so that the console opens offline:
 * the gateway's session answer, the account name typed at sign-in, and the offline verifier
 * (schemas/api/stored-session.schema.ts).
 */
export type { StoredSession };

const SESSION_KEY = 'liandong.session';
const UNLOCKED_KEY = 'liandong.unlocked';
const DEVICE_KEY = 'liandong.device';

/** The stored session, or null when there is none or what is stored is not one (then: sign in again). */
export function loadSession(): StoredSession | null {
  const raw = localStorage.getItem(SESSION_KEY);
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  const validate = sessionAnswerValidators.storedSession();
  return validate(parsed) ? parsed : null;
}

export function saveSession(session: StoredSession): void {
  localStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_KEY);
  sessionStorage.removeItem(UNLOCKED_KEY);
}

/** Unlocked in this tab: a reload keeps the console open, a browser restart asks again. */
export function isUnlockedInTab(username: string): boolean {
  return sessionStorage.getItem(UNLOCKED_KEY) === username;
}

export function markUnlockedInTab(username: string): void {
  sessionStorage.setItem(UNLOCKED_KEY, username);
}

/** One id per browser profile: events and heartbeats name the device they came from. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (id === null) {
    const bytes = crypto.getRandomValues(new Uint8Array(8));
    id = `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}
