import type { HubChange, HubChangesPage, HubDatabasePort } from '../hub/hub-port.ts';

/** The changes after a position, as far as memory holds them. */
export interface RecentPage {
  readonly results: readonly HubChange[];
  /** The seq after the last change answered: the tail's end when `results` reached it. */
  readonly lastSeq: unknown;
  /** Whether `results` reached the tail's end (more may be on the hub). */
  readonly toEnd: boolean;
}

/**
 * The latest changes of one hub database, with their documents, in feed order: a contiguous tail
 * of the feed from the seq its follower started at, fed page by page by that follower (which has
 * every document at hand: its own writes as written, other writers' as it fetched them to learn
 * who sees them). Long-polls woken by a change would each read the hub's feed from their own
 * `since` to find it, scanning everything the network wrote meanwhile; the tail answers that part
 * from memory (`withRecentChanges`), and the hub is asked only for what lies beyond the tail.
 *
 * A `since` is placed exactly when the tail has seen it (the tail's start, end or one of its
 * changes), or, for the embedded hub's integer seqs, by its number within the tail. Anything else
 * (a seq from before the tail or from another reader of a CouchDB cluster) goes to the hub. The
 * oldest changes are forgotten beyond `capacity`.
 */
export class RecentChanges {
  private entries: HubChange[] = [];
  /** The seq the tail starts after; `undefined` until its follower started. */
  private startSeq: unknown = undefined;
  private endSeq: unknown = undefined;
  /** Seq key → absolute index of the change (its index in `entries` plus `base`). */
  private readonly indexBySeq = new Map<string, number>();
  private base = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.length;
  }

  /** The follower starts reading the feed after `seq`: an empty tail there. */
  start(seq: unknown): void {
    this.entries = [];
    this.indexBySeq.clear();
    this.base = 0;
    this.startSeq = seq;
    this.endSeq = seq;
  }

  /**
   * The follower's next page: `changes` follow the tail's end directly, and `lastSeq` is where the
   * feed stands after them. Each change carries its document (`null` for a deletion or a design
   * document, which no reader sends).
   */
  append(changes: readonly HubChange[], lastSeq: unknown): void {
    if (this.startSeq === undefined) return;
    for (const change of changes) {
      const key = seqKey(change.seq);
      if (key !== null) this.indexBySeq.set(key, this.base + this.entries.length);
      this.entries.push(change);
    }
    this.endSeq = lastSeq;
    const excess = this.entries.length - this.capacity;
    if (excess > 0) {
      const dropped = this.entries.splice(0, excess);
      for (const change of dropped) {
        const key = seqKey(change.seq);
        if (key !== null) this.indexBySeq.delete(key);
      }
      this.base += excess;
      this.startSeq = dropped.at(-1)?.seq;
    }
  }

  /** The changes after `since`, at most `limit`; `null` when the tail cannot place `since`. */
  after(since: unknown, limit: number): RecentPage | null {
    const from = this.placeOf(since);
    if (from === null) return null;
    const results = this.entries.slice(from, from + limit);
    const toEnd = from + results.length >= this.entries.length;
    return { results, lastSeq: toEnd ? this.endSeq : results.at(-1)?.seq, toEnd };
  }

  /** The index in `entries` of the first change after `since`, or `null`. */
  private placeOf(since: unknown): number | null {
    if (this.startSeq === undefined) return null;
    const key = seqKey(since);
    if (key === null) return null;
    if (key === seqKey(this.endSeq)) return this.entries.length;
    if (key === seqKey(this.startSeq)) return 0;
    const index = this.indexBySeq.get(key);
    if (index !== undefined) return index - this.base + 1;
    // The embedded hub's seqs are integers in feed order: a seq between two changes is placed by number.
    if (typeof since !== 'number' || typeof this.startSeq !== 'number' || typeof this.endSeq !== 'number') return null;
    if (since < this.startSeq || since > this.endSeq) return null;
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const seq = this.entries[mid]?.seq;
      if (typeof seq !== 'number') return null;
      if (seq <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function seqKey(seq: unknown): string | null {
  if (typeof seq === 'number') return `n${seq}`;
  if (typeof seq === 'string') return `s${seq}`;
  return null;
}

/**
 * A hub database whose changes reads are answered from `recent` as far as it holds them: a read
 * whose `since` the tail can place gets the tail's changes. When they do not fill the page and the
 * follower is not current (`followerCurrent`), the hub is asked, from the tail's end, for the
 * rest. Every other call goes to `db`.
 */
export function withRecentChanges(db: HubDatabasePort, recent: RecentChanges, followerCurrent: () => boolean): HubDatabasePort {
  const changes = async (since: unknown, limit: number, signal?: AbortSignal): Promise<HubChangesPage> => {
    const known = recent.after(since, limit);
    if (known === null) return db.changes(since, limit, signal);
    // The follower at the feed's end wakes every reader of what lies beyond the tail once it is
    // in it (this process's own writes too): the tail answers alone, as a replica a moment behind.
    if (known.results.length >= limit || followerCurrent()) return { results: known.results, lastSeq: known.lastSeq };
    // What the follower has not read yet (this process's own writes are woken before it does).
    const rest = await db.changes(known.lastSeq, limit - known.results.length, signal);
    return { results: [...known.results, ...rest.results], lastSeq: rest.lastSeq };
  };
  return new Proxy(db, {
    get: (target, property, receiver) => (property === 'changes' ? changes : Reflect.get(target, property, receiver)),
  });
}
