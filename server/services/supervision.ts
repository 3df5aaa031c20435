import type nano from 'nano';
import { HUB_DATABASES } from '../../ops/couchdb/setup.ts';
import type { CaseDoc, Heartbeat, Unit } from '../../schemas/types.ts';
import { viaHub } from '../sync/hub-errors.ts';

export interface HolderStatusCount {
  readonly unitId: string;
  readonly status: string;
  readonly count: number;
}

/** What the city console shows of the whole network, read from the hub's views. */
export interface NetworkOverview {
  readonly generatedAt: number;
  readonly units: readonly Unit[];
  readonly counts: readonly HolderStatusCount[];
  readonly heartbeats: readonly Heartbeat[];
}

const DDOC = 'liandong';

function stripHubFields<T>(doc: Record<string, unknown>): T {
  const rest = { ...doc };
  delete rest._id;
  delete rest._rev;
  return rest as T;
}

/**
 * Network-wide figures for the city center, from hub views (counts by holder and status,
 * heartbeats by unit, cases by number): the city's browser never needs every case of the city.
 */
export class SupervisionService {
  constructor(private readonly hub: nano.ServerScope) {}

  async overview(nowMs: number): Promise<NetworkOverview> {
    const [units, counts, heartbeats] = await Promise.all([this.units(), this.counts(), this.heartbeats()]);
    return { generatedAt: nowMs, units, counts, heartbeats };
  }

  async casesByNumber(caseNumber: string): Promise<CaseDoc[]> {
    const answer = await viaHub(() => this.hub.use<Record<string, unknown>>(HUB_DATABASES.cases).view(DDOC, 'by_number', { key: caseNumber, include_docs: true, limit: 20 }));
    return answer.rows.flatMap((row) => (row.doc ? [stripHubFields<CaseDoc>(row.doc)] : []));
  }

  private async units(): Promise<Unit[]> {
    const answer = await viaHub(() => this.hub.use<Record<string, unknown>>(HUB_DATABASES.units).list({ include_docs: true }));
    return answer.rows.flatMap((row) => (row.doc && !row.id.startsWith('_design/') ? [stripHubFields<Unit>(row.doc)] : []));
  }

  private async counts(): Promise<HolderStatusCount[]> {
    const answer = await viaHub(() => this.hub.use(HUB_DATABASES.cases).view(DDOC, 'by_holder_status', { group: true }));
    return answer.rows.flatMap((row) => {
      const key: unknown = row.key;
      if (!Array.isArray(key) || typeof key[0] !== 'string' || typeof key[1] !== 'string' || typeof row.value !== 'number') return [];
      return [{ unitId: key[0], status: key[1], count: row.value }];
    });
  }

  private async heartbeats(): Promise<Heartbeat[]> {
    const answer = await viaHub(() => this.hub.use<Record<string, unknown>>(HUB_DATABASES.heartbeats).view(DDOC, 'by_unit', { include_docs: true }));
    return answer.rows.flatMap((row) => (row.doc ? [stripHubFields<Heartbeat>(row.doc)] : []));
  }
}
