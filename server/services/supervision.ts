import type { HolderStatusCount, NetworkOverview } from '../../schemas/api/network-overview.ts';
import type { CaseDoc, Heartbeat, Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubPort } from '../hub/hub-port.ts';

const DDOC = 'liandong';

/**
 * Network-wide figures for the city center, from hub views (counts by holder and status,
 * heartbeats by unit, cases by number): the city's browser never needs every case of the city.
 */
export class SupervisionService {
  constructor(private readonly hub: HubPort) {}

  async overview(nowMs: number): Promise<NetworkOverview> {
    const [units, counts, heartbeats] = await Promise.all([this.units(), this.counts(), this.heartbeats()]);
    return { generatedAt: nowMs, units, counts, heartbeats };
  }

  async casesByNumber(caseNumber: string): Promise<CaseDoc[]> {
    const docs = await this.hub.database('cases').viewDocs(DDOC, 'by_number', { key: caseNumber, limit: 20 });
    return docs.flatMap((doc) => storedAs(doc, validators.case));
  }

  private async units(): Promise<Unit[]> {
    const docs = await this.hub.database('units').allDocs();
    return docs.flatMap((doc) => storedAs(doc, validators.unit));
  }

  private async counts(): Promise<HolderStatusCount[]> {
    const rows = await this.hub.database('cases').groupedView(DDOC, 'by_holder_status');
    return rows.flatMap((row) => {
      const key: unknown = row.key;
      if (!Array.isArray(key) || typeof key[0] !== 'string' || typeof key[1] !== 'string' || typeof row.value !== 'number') return [];
      return [{ unitId: key[0], status: key[1], count: row.value }];
    });
  }

  private async heartbeats(): Promise<Heartbeat[]> {
    const docs = await this.hub.database('heartbeats').viewDocs(DDOC, 'by_unit');
    return docs.flatMap((doc) => storedAs(doc, validators.heartbeat));
  }
}
