import type { Unit } from '../../../schemas/types.ts';
import { validators } from '../../../schemas/validators.ts';
import { storedAs } from '../../../server/hub/hub-doc.ts';
import type { HubPort } from '../../../server/hub/hub-port.ts';
import { lastHeartbeats } from '../../../server/services/heartbeat-ages.ts';
import { quietUnits } from '../../../schemas/rules/quiet-units.ts';

export interface QuietStation {
  readonly unit: Unit;
  /** When its newest heartbeat reached the hub (ms), or null if it never sent one. */
  readonly lastHeartbeatAt: number | null;
}

/**
 * The open units below the city whose devices have sent no heartbeat for `quietMs` (or never), the
 * longest silent first: the same figures as the city console's network view and /metrics.
 */
export async function quietStations(hub: HubPort, quietMs: number, nowMs: number): Promise<QuietStation[]> {
  const units = (await hub.database('units').allDocs()).flatMap((doc) => storedAs(doc, validators.unit));
  // The same rule as the city console's dashboard (closed units are silent by design).
  return quietUnits(units, await lastHeartbeats(hub.database('heartbeats')), quietMs, nowMs);
}
