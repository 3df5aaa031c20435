import type { Heartbeat, Unit } from '../types.ts';

/** How many cases one unit holds in one status, from the hub's `by_holder_status` view. */
export interface HolderStatusCount {
  readonly unitId: string;
  readonly status: string;
  readonly count: number;
}

/**
 * What the city console shows of the whole network (`GET /api/supervision/overview`): the server
 * reads it from hub views, so no browser has to replicate every case in the city.
 */
export interface NetworkOverview {
  readonly generatedAt: number;
  readonly units: readonly Unit[];
  readonly counts: readonly HolderStatusCount[];
  readonly heartbeats: readonly Heartbeat[];
}
