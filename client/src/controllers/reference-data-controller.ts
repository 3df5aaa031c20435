import type { ReactiveControllerHost } from 'lit';
import type { StationDatabase } from '../../../replication/station-database.ts';
import type { CalendarYear, ServiceItem, Unit } from '../../../schemas/types.ts';
import { calendars$, catalog$, units$ } from './case-queries.ts';
import { ObservableController } from './observable-controller.ts';

/**
 * The network's units, the service catalog and the working-day calendars from the local database:
 * every view names units and items and counts deadlines, so every view holds one of these rather
 * than controllers of its own.
 */
export class ReferenceDataController {
  private readonly catalogSource: ObservableController<ServiceItem[]>;
  private readonly unitsSource: ObservableController<Unit[]>;
  private readonly calendarsSource: ObservableController<CalendarYear[]>;

  constructor(host: ReactiveControllerHost) {
    this.calendarsSource = new ObservableController<CalendarYear[]>(host, null, []);
    this.catalogSource = new ObservableController<ServiceItem[]>(host, null, []);
    this.unitsSource = new ObservableController<Unit[]>(host, null, []);
  }

  /** Follow another unit's database (after sign-in), or none (after sign-out). */
  setDatabase(db: StationDatabase | null): void {
    this.catalogSource.setSource(db === null ? null : () => catalog$(db));
    this.unitsSource.setSource(db === null ? null : () => units$(db));
    this.calendarsSource.setSource(db === null ? null : () => calendars$(db));
  }

  get catalog(): readonly ServiceItem[] {
    return this.catalogSource.value;
  }

  get units(): readonly Unit[] {
    return this.unitsSource.value;
  }

  /** Every calendar year the city maintains (all calendars). */
  get calendars(): readonly CalendarYear[] {
    return this.calendarsSource.value;
  }
}
