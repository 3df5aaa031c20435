/**
 * How long a unit may send no heartbeat before the city's dashboard lists it as quiet. A
 * preference of the city console's device, not network data: it changes only what this console
 * lists (nothing a station does, nothing the indicators count), so it needs no write path, no
 * schema change on every device, and it works offline. The list says the threshold it used.
 */

/** The thresholds offered, in minutes: from a quarter of an hour (the unit tree's yellow) to three days. */
export const QUIET_CHOICES_MINUTES = [15, 30, 60, 120, 240, 480, 1440, 4320] as const;

/** The default: an hour, as `npm run ops -- stations quiet`. */
export const DEFAULT_QUIET_MINUTES = 60;

/** A stored choice read back: one of the offered thresholds, else the default. */
export function quietMinutesOf(stored: string | null): number {
  const minutes = Number(stored);
  return QUIET_CHOICES_MINUTES.some((m) => m === minutes) ? minutes : DEFAULT_QUIET_MINUTES;
}

/** The parts of a threshold for its label: `{ days: 1 }`, `{ hours: 2 }`, `{ minutes: 15 }`. */
export function quietSpan(minutes: number): { readonly unit: 'days' | 'hours' | 'minutes'; readonly n: number } {
  if (minutes % 1440 === 0) return { unit: 'days', n: minutes / 1440 };
  if (minutes % 60 === 0) return { unit: 'hours', n: minutes / 60 };
  return { unit: 'minutes', n: minutes };
}
