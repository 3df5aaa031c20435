import type { Subscription } from 'rxjs';
import type { StationDatabase } from './station-database.ts';
import type { SyncStatusTracker } from './sync-status.ts';

/**
 * The first sync's progress, from the store, and "done" only once every collection's pages up to
 * the hub's state are stored (the caller says when, from the page ledgers).
 *
 * The count of stored cases costs little: the store is counted once, when the first page this
 * run pulled is stored (IndexedDB counts by walking an index, about a second for 100,000
 * cases, so never on every page and never before the first pull), and then grows by the cases
 * the store reports inserted. It errs low, never high: inserts made while that count ran are
 * dropped. When the sync is done it is counted exactly once more, so "done" comes with the exact
 * number. A start that stores nothing on a device whose first sync once finished (it comes back
 * in sync) counts nothing.
 */
export class FirstSyncProgress {
  private base: number | null = null;
  private inserted = 0;
  private storedThisRun = false;
  private inserts: Subscription | null = null;
  private running = false;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: StationDatabase,
    private readonly countsCases: boolean,
    private readonly allCaughtUp: () => boolean,
    private readonly tracker: SyncStatusTracker,
  ) {}

  /** Pages holding `docs` documents are stored. */
  stored(docs: number): void {
    if (docs > 0) this.storedThisRun = true;
    this.refresh();
  }

  stop(): void {
    this.stopped = true;
    this.inserts?.unsubscribe();
    this.inserts = null;
  }

  private refresh(): void {
    if (this.stopped || this.tracker.current.initialSyncDone) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.update().catch(() => undefined).finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.refresh();
      }
    });
  }

  private async update(): Promise<void> {
    // Read before counting: what is counted is stored at least up to where "caught up" was seen.
    const done = this.allCaughtUp();
    if (!this.countsCases) {
      if (done) this.report({ initialSyncDone: true });
      return;
    }
    if (done) {
      // A device whose first sync never finished here (closed mid-way, all its pages stored
      // before) is counted too: its "done" is the first, and comes with the number.
      const firstDone = !this.storedThisRun && this.tracker.current.firstSyncedAt === null;
      const storedCases = this.storedThisRun || firstDone ? await this.exactCount() : this.current();
      if (this.stopped) return;
      this.stop();
      this.report({ storedCases, initialSyncDone: true });
      return;
    }
    if (!this.storedThisRun) return;
    if (this.base === null) {
      // The bulks themselves: `collection.$` keeps every bulk it ever turned into events (a Map in
      // rxdb's rx-change-event.ts), which held a whole first sync in memory.
      this.inserts ??= this.db.cases.eventBulks$.subscribe((bulk) => {
        for (const event of bulk.events) if (event.operation === 'INSERT') this.inserted += 1;
      });
      const base = await this.exactCount();
      this.inserted = 0;
      this.base = base;
    }
    if (this.stopped) return;
    this.report({ storedCases: this.current() });
  }

  private current(): number | null {
    return this.base === null ? null : this.base + this.inserted;
  }

  private exactCount(): Promise<number> {
    return this.db.cases.count().exec();
  }

  private report(patch: { storedCases?: number | null; initialSyncDone?: boolean }): void {
    if (this.db.closed) return;
    this.tracker.update(patch);
  }
}
