import type { HubDatabasePort, HubViewKey } from '../hub/hub-port.ts';
import { HEARTBEATS_BY_UNIT } from '../sync/heartbeat-devices.ts';

const PAGE = 1_000;

/**
 * When each unit's newest heartbeat reached the hub (ms, hub time), from the keys of the
 * heartbeats-by-unit view (`[unitId, receivedAt]`, no documents read). A unit reports from at
 * most the device cap of devices, so this reads at most that many rows per unit. Units that never
 * reported are absent.
 */
export async function lastHeartbeats(heartbeats: HubDatabasePort): Promise<Map<string, number>> {
  const newest = new Map<string, number>();
  let after: HubViewKey | null = null;
  for (;;) {
    const rows = await heartbeats.viewKeys(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, after, PAGE);
    for (const row of rows) {
      const key: unknown = row.key;
      if (!Array.isArray(key) || typeof key[0] !== 'string' || typeof key[1] !== 'number') continue;
      newest.set(key[0], Math.max(newest.get(key[0]) ?? 0, key[1]));
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return newest;
    after = last;
  }
}
