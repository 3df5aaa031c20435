import type { Heartbeat } from '../../../schemas/types.ts';

export type Health = 'ok' | 'quiet' | 'silent' | 'none';

export interface UnitHealth {
  readonly health: Health;
  readonly lastSeenMs: number | null;
  readonly pendingOutbound: number;
  readonly appVersions: readonly string[];
  readonly devices: number;
}

const QUIET_MS = 15 * 60_000;
const SILENT_MS = 24 * 3600_000;

function seenAt(h: Heartbeat): number {
  return h.receivedAt ?? Date.parse(h.deviceTime);
}

/** A unit's sync health from its devices' heartbeats: the freshest device speaks for the unit. */
export function unitHealth(heartbeats: readonly Heartbeat[], nowMs: number): UnitHealth {
  if (heartbeats.length === 0) return { health: 'none', lastSeenMs: null, pendingOutbound: 0, appVersions: [], devices: 0 };
  const lastSeenMs = Math.max(...heartbeats.map(seenAt));
  const age = nowMs - lastSeenMs;
  return {
    health: age <= QUIET_MS ? 'ok' : age <= SILENT_MS ? 'quiet' : 'silent',
    lastSeenMs,
    pendingOutbound: heartbeats.reduce((n, h) => n + h.pendingOutbound, 0),
    appVersions: [...new Set(heartbeats.map((h) => h.appVersion))].sort(),
    devices: heartbeats.length,
  };
}
