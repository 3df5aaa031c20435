import type { Unit } from '../types.ts';

/**
 * Units that have gone quiet (透彻感知: the center sees who no longer reports): no heartbeat
 * reached the hub for at least the threshold, or none ever. One rule for the city console's
 * dashboard and `npm run ops -- stations quiet`. Pure: the time is a parameter.
 */
export interface QuietUnit {
  readonly unit: Unit;
  /** When its newest heartbeat reached the hub (ms), or null if it never sent one. */
  readonly lastHeartbeatAt: number | null;
}

/** Each unit's newest hub receipt among its devices' heartbeats (devices that carry none are skipped). */
export function newestHeartbeats(heartbeats: readonly { readonly unitId: string; readonly receivedAt?: number }[]): Map<string, number> {
  const newest = new Map<string, number>();
  for (const h of heartbeats) {
    if (h.receivedAt === undefined) continue;
    newest.set(h.unitId, Math.max(newest.get(h.unitId) ?? 0, h.receivedAt));
  }
  return newest;
}

/**
 * The open units below the city whose newest heartbeat is `quietMs` old or older at `nowMs`, or
 * that never sent one: the longest silent first (never first of all), then by id. A closed unit
 * is silent by design and left out.
 */
export function quietUnits(units: readonly Unit[], newest: ReadonlyMap<string, number>, quietMs: number, nowMs: number): QuietUnit[] {
  return units
    .filter((unit) => unit.tier !== 'city' && unit.closed === undefined)
    .map((unit) => ({ unit, lastHeartbeatAt: newest.get(unit.id) ?? null }))
    .filter((s) => s.lastHeartbeatAt === null || nowMs - s.lastHeartbeatAt >= quietMs)
    .sort((a, b) => (a.lastHeartbeatAt ?? -Infinity) - (b.lastHeartbeatAt ?? -Infinity) || (a.unit.id < b.unit.id ? -1 : a.unit.id > b.unit.id ? 1 : 0));
}
