import type { Subscription } from 'rxjs';
import type { StationDatabase } from './station-database.ts';
import type { SyncStatusTracker } from './sync-status.ts';

const LOCAL_ID = 'first-sync-done';

/**
 * Remembers, in the device's own store, that this unit's first sync once completed here, so that
 * a reload (offline above all) is told apart from a first sync: the store already holds the unit's
 * data, and the worker may work on it. Local documents are never replicated.
 */
export class FirstSyncMarker {
  private subscription: Subscription | null = null;
  private marked = false;

  constructor(
    private readonly db: StationDatabase,
    private readonly tracker: SyncStatusTracker,
    private readonly now: () => number,
  ) {}

  /** Reads the mark (one local document, no scan) and writes it the first time sync is done. */
  start(): void {
    void this.db.getLocal<{ atMs: number }>(LOCAL_ID).then((doc) => {
      if (doc === null) return;
      this.marked = true;
      this.tracker.update({ firstSyncedAt: doc.get('atMs') });
    }, () => undefined);
    this.subscription = this.tracker.status$.subscribe((status) => {
      if (!status.initialSyncDone || this.marked) return;
      this.marked = true;
      const atMs = this.now();
      this.tracker.update({ firstSyncedAt: atMs });
      void this.db.upsertLocal(LOCAL_ID, { atMs }).catch(() => {
        // Not written: the next reload says "first sync" once more, and writes it then.
        this.marked = false;
      });
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
  }
}
