import { quietMinutesOf } from '../domain/quiet-threshold.ts';

const QUIET_KEY = 'liandong.dashboard.quietMinutes';

/** The quiet-station threshold this device's city console uses (see `quiet-threshold.ts` for why per device). */
export function loadQuietMinutes(): number {
  try {
    return quietMinutesOf(localStorage.getItem(QUIET_KEY));
  } catch {
    return quietMinutesOf(null);
  }
}

export function saveQuietMinutes(minutes: number): void {
  try {
    localStorage.setItem(QUIET_KEY, String(quietMinutesOf(String(minutes))));
  } catch {
    // A locked-down browser keeps the choice for this page only.
  }
}
