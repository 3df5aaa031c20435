import type { ReactiveControllerHost } from 'lit';
import type { StationDatabase } from '../../../replication/station-database.ts';
import type { ServiceItem, Unit } from '../../../schemas/types.ts';
import { catalog$, units$ } from './case-queries.ts';
import { ObservableController } from './observable-controller.ts';

/**
 * The network's units and the service catalog from the local database: every view names units and
 * items, so every view holds one of these rather than two controllers of its own.
 */
export class ReferenceDataController {
  private readonly catalogSource: ObservableController<ServiceItem[]>;
  private readonly unitsSource: ObservableController<Unit[]>;

  constructor(host: ReactiveControllerHost) {
    this.catalogSource = new ObservableController<ServiceItem[]>(host, null, []);
    this.unitsSource = new ObservableController<Unit[]>(host, null, []);
  }

  /** Follow another unit's database (after sign-in), or none (after sign-out). */
  setDatabase(db: StationDatabase | null): void {
    this.catalogSource.setSource(db === null ? null : () => catalog$(db));
    this.unitsSource.setSource(db === null ? null : () => units$(db));
  }

  get catalog(): readonly ServiceItem[] {
    return this.catalogSource.value;
  }

  get units(): readonly Unit[] {
    return this.unitsSource.value;
  }
}
