import type { Role, Tier } from '../../../schemas/types.ts';
import type { OfflineVerifier } from './offline-verifier.ts';

/** The signed-in worker on this device, kept in localStorage so that the console opens offline. */
export interface StoredSession {
  readonly username: string;
  readonly unitId: string;
  readonly tier: Tier;
  readonly role: Role;
  readonly workerName: string;
  readonly token: string;
  readonly expiresAt: string;
  readonly verifier: OfflineVerifier;
}

const SESSION_KEY = 'liandong.session';
const UNLOCKED_KEY = 'liandong.unlocked';
const DEVICE_KEY = 'liandong.device';

export function loadSession(): StoredSession | null {
  const raw = localStorage.getItem(SESSION_KEY);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredSession>;
    return typeof parsed.username === 'string' && typeof parsed.token === 'string' && parsed.verifier !== undefined ? (parsed as StoredSession) : null;
  } catch {
    return null;
  }
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
