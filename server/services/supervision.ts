import type nano from 'nano';
import { HUB_DATABASES } from '../../ops/couchdb/setup.ts';
import type { CaseDoc, Heartbeat, Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../sync/hub-doc.ts';
import { viaHub } from '../sync/hub-errors.ts';
import type { HolderStatusCount, NetworkOverview } from '../../schemas/api/network-overview.ts';

const DDOC = 'liandong';

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
    return answer.rows.flatMap((row) => storedAs(row.doc, validators.case));
  }

  private async units(): Promise<Unit[]> {
    const answer = await viaHub(() => this.hub.use<Record<string, unknown>>(HUB_DATABASES.units).list({ include_docs: true }));
    return answer.rows.flatMap((row) => storedAs(row.doc, validators.unit));
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
    return answer.rows.flatMap((row) => storedAs(row.doc, validators.heartbeat));
  }
}
