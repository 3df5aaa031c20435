import type { HolderStatusCount, NetworkOverview } from '../../schemas/api/network-overview.ts';
import type { CaseDoc, Heartbeat, Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { HEARTBEATS_BY_UNIT, newestHeartbeatsOf } from '../sync/heartbeat-devices.ts';
import { caseIdOfNumber } from '../sync/case-number-claims.ts';

const DDOC = 'liandong';

/**
 * Network-wide figures for the city center, from hub views (counts by holder and status,
 * heartbeats by unit, cases by number): the city's browser never needs every case of the city.
 */
export class SupervisionService {
  /** `devicesPerUnit`: the most heartbeats shown per unit, its newest. */
  constructor(
    private readonly hub: HubPort,
    private readonly devicesPerUnit: number,
  ) {}

  async overview(nowMs: number): Promise<NetworkOverview> {
    const [units, counts] = await Promise.all([this.units(), this.counts()]);
    const heartbeats = await this.heartbeats(units);
    return { generatedAt: nowMs, units, counts, heartbeats };
  }

  /** The one case a number is bound to (`case-number-claims.ts`): a decoy carrying it is never found. */
  async casesByNumber(caseNumber: string): Promise<CaseDoc[]> {
    const caseId = await caseIdOfNumber(this.hub.database('caseNumbers'), caseNumber);
    if (caseId === null) return [];
    return storedAs(await this.hub.database('cases').get(caseId), validators.case).filter((doc) => doc.caseNumber === caseNumber);
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

  /** Each unit's newest heartbeats, at most the device cap: the overview stays small whatever was stored. */
  private async heartbeats(units: readonly Unit[]): Promise<Heartbeat[]> {
    const db = this.hub.database('heartbeats');
    const perUnit = await Promise.all(units.map((unit) => db.viewDocs(HEARTBEATS_BY_UNIT.ddoc, HEARTBEATS_BY_UNIT.view, newestHeartbeatsOf(unit.id, this.devicesPerUnit))));
    return perUnit.flat().flatMap((doc) => storedAs(doc, validators.heartbeat));
  }
}
