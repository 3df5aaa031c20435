import type { Observable, Subscription } from 'rxjs';
import type { GatewayCheckpoint } from './pull.ts';

/** One page the pull handler gave RxDB, not yet known to be stored. */
interface PulledPage {
  readonly seq: string;
  readonly docs: number;
  /** The gateway had nothing more after it. */
  readonly caughtUp: boolean;
}

export interface StoredPages {
  /** A page after which the gateway had nothing more is stored, and every page before it. */
  readonly caughtUp: boolean;
  /** The documents those pages brought. */
  readonly docs: number;
}

export interface PersistedPagesOptions {
  /** Pages pulled but not yet stored, at most; the next pull waits below this. */
  readonly maxPagesInFlight: number;
  /**
   * The longest a pull waits for room. A page whose write failed is never acknowledged (RxDB
   * reports the error and goes on); past this wait the pull goes on too, so sync never stalls.
   */
  readonly maxWaitMs: number;
  /** Told every time the stored frontier moves. */
  readonly stored: (pages: StoredPages) => void;
}

/** The replication's own checkpoint of what it pulled, as its meta instance stores it. */
interface CheckpointRow {
  readonly isCheckpoint?: unknown;
  readonly itemId?: unknown;
  readonly checkpointData?: unknown;
}

/** What the ledger reads of a replication (RxDB's `RxReplicationState`): its meta instance's writes, and its errors. */
export interface ReplicationWrites {
  readonly metaInstance?: { changeStream(): Observable<{ readonly events: readonly { readonly documentData: CheckpointRow }[] }> } | undefined;
  readonly error$: Observable<{ readonly parameters: { readonly writeError?: unknown } }>;
}

function storedSeq(row: CheckpointRow): string | null {
  if (row.isCheckpoint !== '1' || row.itemId !== 'down') return null;
  const data = row.checkpointData;
  if (typeof data !== 'object' || data === null) return null;
  const seq = (data as { seq?: unknown }).seq;
  return typeof seq === 'string' ? seq : null;
}

/**
 * Which pulled pages are stored, for one collection's replication. RxDB asks for the next page as
 * soon as it has one and writes pages as fast as the storage lets it: on a slow store (IndexedDB
 * under a large first sync) pulled pages piled up in memory, and "received" passed for "stored".
 *
 * RxDB writes a page's checkpoint into its meta instance only after the page's documents (and
 * their meta rows) are written (`persistFromMaster` in rxdb's replication-protocol/downstream.ts).
 * This ledger follows those checkpoint writes: a page is stored when its checkpoint, or a later
 * page's, is. The pull handler waits for room before fetching (at most `maxPagesInFlight` pulled
 * pages unstored), so memory stays bounded whatever the store's size, and sync status counts only
 * what is stored. A page without documents is never written: it is stored once the pages before
 * it are.
 */
export class PersistedPages {
  private readonly unstored: PulledPage[] = [];
  private waiters: (() => void)[] = [];
  private subscription: Subscription | null = null;
  private stopped = false;

  constructor(private readonly opts: PersistedPagesOptions) {}

  /** Follows the replication's checkpoint writes; a no-op once following (the meta instance exists once started). */
  follow(replication: ReplicationWrites): void {
    if (this.subscription !== null || this.stopped) return;
    const meta = replication.metaInstance;
    if (meta === undefined) return;
    this.subscription = meta.changeStream().subscribe((bulk) => {
      for (const event of bulk.events) {
        const seq = storedSeq(event.documentData);
        if (seq !== null) this.storedUpTo(seq);
      }
    });
    // A write that failed is reported here. Its page stays in the ledger: RxDB may still write the
    // checkpoint (a failed meta row does not stop it), or a later page's will cover it. Dropping the
    // pages here lost the page after which the gateway had nothing more, and "done" never showed.
    // The pull waiting for room goes on now rather than after `maxWaitMs`.
    this.subscription.add(replication.error$.subscribe((err) => {
      if (err.parameters.writeError !== undefined) this.wake();
    }));
  }

  /**
   * Resolves when a new page may be pulled (or after `maxWaitMs` whatever happens): true, or false
   * once stopped.
   */
  async room(): Promise<boolean> {
    if (this.hasRoom()) return !this.stopped;
    await new Promise<void>((resolve) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const done = (): void => {
        if (timer !== null) clearTimeout(timer);
        resolve();
      };
      timer = setTimeout(done, this.opts.maxWaitMs);
      this.waiters.push(done);
    });
    return !this.stopped;
  }

  /** The pull handler hands RxDB this page now. */
  pulled(checkpoint: GatewayCheckpoint, docs: number, caughtUp: boolean): void {
    this.unstored.push({ seq: checkpoint.seq, docs, caughtUp });
    this.settleEmptyPages();
  }

  /** Pages pulled and not yet stored. */
  get inFlight(): number {
    return this.unstored.filter((p) => p.docs > 0).length;
  }

  stop(): void {
    this.stopped = true;
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.unstored.length = 0;
    this.wake();
  }

  private hasRoom(): boolean {
    return this.stopped || this.inFlight < this.opts.maxPagesInFlight;
  }

  private storedUpTo(seq: string): void {
    const at = this.unstored.findIndex((p) => p.seq === seq);
    // A checkpoint of no page pulled here (stored by an earlier run): nothing to acknowledge.
    if (at === -1) return;
    const done = this.unstored.splice(0, at + 1);
    this.advanced(done);
    this.settleEmptyPages();
  }

  /** Pages at the front without documents: RxDB writes nothing for them, so they are as stored as what precedes them. */
  private settleEmptyPages(): void {
    let n = 0;
    while (n < this.unstored.length && this.unstored[n]?.docs === 0) n += 1;
    if (n > 0) this.advanced(this.unstored.splice(0, n));
  }

  private advanced(pages: readonly PulledPage[]): void {
    if (pages.length === 0) return;
    this.opts.stored({ caughtUp: pages.some((p) => p.caughtUp), docs: pages.reduce((sum, p) => sum + p.docs, 0) });
    if (this.hasRoom()) this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
