import type { Subscription } from 'rxjs';
import type { StationDatabase } from './station-database.ts';

/** The selector of cases holding events the hub has not confirmed: served by the `pendingEvents` index. */
export const PENDING_CASES_SELECTOR = { pendingEvents: { $gt: 0 } } as const;

/**
 * Counts unconfirmed events, and the cases they belong to, across the local cases, refused cases aside. Each case stores how many
 * of its events wait for a hub receipt (`pendingEvents`, derived by the fold), indexed, so the
 * count reads only the cases that wait: never the whole store, on a cold start or during a first
 * sync of 100,000 cases. It starts at once and reports when the first answer comes.
 */
export class PendingOutboundCounter {
  private pending: readonly { readonly id: string; readonly events: number }[] = [];
  private subscription: Subscription | null = null;

  constructor(
    private readonly db: StationDatabase,
    private readonly onChange: (events: number, cases: number) => void,
    private readonly isRefused: (caseId: string) => boolean,
  ) {}

  start(): void {
    this.subscription ??= this.db.cases.find({ selector: PENDING_CASES_SELECTOR }).$.subscribe((docs) => {
      this.pending = docs.map((doc) => ({ id: doc.id, events: doc.pendingEvents }));
      this.recount();
    });
  }

  /** The refused list changed: which cases count may have changed with it. */
  recount(): void {
    let events = 0;
    let cases = 0;
    for (const { id, events: n } of this.pending) {
      if (this.isRefused(id)) continue;
      events += n;
      cases += 1;
    }
    this.onChange(events, cases);
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }
}
