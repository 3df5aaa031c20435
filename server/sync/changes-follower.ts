import { copiesAllItSees } from '../../schemas/rules/case-copies.ts';
import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import { deadlineSignal } from '../../schemas/runtime/deadline-signal.ts';
import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubChange, HubDatabasePort } from '../hub/hub-port.ts';
import type { CollectionMirror } from './collection-mirror.ts';
import type { RecentChanges } from './recent-changes.ts';
import { mayRead, type SyncCollectionRules } from './sync-collections.ts';

const OWN_WRITES_KEPT = 50_000;
/** Changes asked of the hub per long-poll. */
const FOLLOW_PAGE = 500;

export interface FollowerOptions {
  readonly db: HubDatabasePort;
  readonly rules: SyncCollectionRules;
  readonly tree: () => UnitTree;
  /** Called after each batch of hub changes (cache reloads, index warming, devices seen). */
  readonly onBatch?: (changes: readonly HubChange[]) => void;
  /** How long one hub long-poll may hang before we ask again. */
  readonly pollMs?: number;
  /**
   * The collection held whole in memory: loaded before following, then fed every change (with its
   * document) before the long-polls it concerns are woken, so they read it from memory.
   */
  readonly mirror?: CollectionMirror;
  /**
   * The feed's latest changes kept in memory with their documents (for a collection stations
   * long-poll that is not held whole): started where the follower starts, fed every page.
   */
  readonly recent?: RecentChanges;
  /** No station reads the collection (accounts, presence...): no long-poll waits, no document is fetched to wake one. */
  readonly unread?: boolean;
}

/**
 * The one follower of a hub database per gateway process: it long-polls the hub's changes feed and
 * wakes the waiting long-polls of exactly the units each change is visible to, so stations never
 * poll the hub themselves.
 */
export class ChangesFollower {
  private readonly waiters = new Map<string, Set<() => void>>();
  /**
   * `${id}@${rev}` of what this process wrote itself, already fanned out at write time, with the
   * document as written when the recent changes keep documents.
   */
  private readonly ownWrites = new Map<string, HubDoc | null>();
  private readonly stopper = new AbortController();
  private running: Promise<void> | null = null;
  private hubReachable = false;
  /** The last page read was the feed's end and has been acted on (woken, `onBatch` called). */
  private caughtUp = false;

  constructor(private readonly opts: FollowerOptions) {}

  get healthy(): boolean {
    return this.hubReachable;
  }

  /**
   * Whether the follower is at the feed's end: it has its starting point, its last page (if any)
   * was not cut short by the page limit and has been acted on, and no read of the feed has failed
   * since. A change then reaches it within the hub's long-poll latency. What the follower clears
   * on a change (the account cache) can be trusted while this holds.
   */
  get current(): boolean {
    return this.caughtUp;
  }

  start(): void {
    this.running ??= this.follow();
  }

  /**
   * Stops following. Waits briefly for the loop, but not for a hub long-poll that ignores its abort:
   * Node 20's fetch can lose the abort of a `redirect: 'error'` request (nano's) after a garbage
   * collection (nodejs/undici#4627), and the embedded hub ignores `timeout`, so such a request
   * only ends at the next change or when the hub closes. The loop exits on its own then.
   */
  async stop(): Promise<void> {
    this.stopper.abort();
    for (const set of this.waiters.values()) for (const wake of set) wake();
    await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }

  /** How many long-polls of a unit wait for its next change now. */
  waiting(unitId: string): number {
    return this.waiters.get(unitId)?.size ?? 0;
  }

  /** Resolves at the next change visible to the unit, or when the signal fires. */
  waitFor(unitId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(unitId) ?? new Set<() => void>();
      this.waiters.set(unitId, set);
      const wake = (): void => {
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(unitId) === set) this.waiters.delete(unitId);
        signal.removeEventListener('abort', wake);
        resolve();
      };
      set.add(wake);
      if (signal.aborted) wake();
      else signal.addEventListener('abort', wake, { once: true });
    });
  }

  /**
   * This process just stored a document: wake its audience now rather than when the hub's feed
   * comes round, and remember it so the follower need not read it back from the hub.
   */
  noteWritten(doc: HubDoc): void {
    // With the feed's tail kept and the follower at its end, readers answer from the tail: they
    // are woken once the follower has put the write there (below), not before.
    if (this.opts.recent === undefined || !this.current || doc._rev === undefined) this.wakeAudience(doc);
    if (doc._rev === undefined) return;
    this.ownWrites.set(`${doc._id}@${doc._rev}`, this.opts.recent === undefined ? null : doc);
    // Bounded: a write the follower never sees again (it was overwritten first) must not pile up.
    if (this.ownWrites.size > OWN_WRITES_KEPT) {
      const oldest = this.ownWrites.keys().next().value;
      if (oldest !== undefined) this.ownWrites.delete(oldest);
    }
  }

  /**
   * Wakes the units that will be sent the document: those that may see it, less those whose
   * devices copy only what they work on (the city's) when they do not work on it. A city woken
   * by every case of the city would answer its long-poll empty at the city's rate of change.
   */
  private wakeAudience(doc: HubDoc): void {
    const tree = this.opts.tree();
    const audience = this.opts.rules.audience(doc, tree);
    const units = audience === 'everyone' ? [...this.waiters.keys()] : audience.filter((unitId) => this.waiters.has(unitId));
    let work: ReturnType<SyncCollectionRules['workAudience']> | null = null;
    this.wake(units.filter((unitId) => {
      const tier = tree.get(unitId)?.tier;
      if (tier === undefined || copiesAllItSees(tier)) return true;
      work ??= this.opts.rules.workAudience(doc, tree);
      return mayRead(work, unitId);
    }));
  }

  private wake(unitIds: Iterable<string>): void {
    for (const unitId of unitIds) for (const wake of [...(this.waiters.get(unitId) ?? [])]) wake();
  }

  private async follow(): Promise<void> {
    const { db } = this.opts;
    let since: unknown = null;
    let failures = 0;
    while (!this.stopper.signal.aborted) {
      const deadline = deadlineSignal(this.opts.pollMs ?? 30_000, this.stopper.signal);
      const poll = deadline.signal;
      try {
        const { mirror } = this.opts;
        if (since === null) {
          since = mirror === undefined ? await db.updateSeq() : await loadMirror(db, mirror);
          this.opts.recent?.start(since);
          this.caughtUp = true;
        }
        if (mirror !== undefined) {
          // The documents come with the feed: the mirror is fed first, then everyone is woken.
          const page = await db.waitForChanges(since, FOLLOW_PAGE, poll, true);
          mirror.apply(page.results, page.lastSeq);
          this.hubReachable = true;
          failures = 0;
          if (page.results.length > 0) this.wake([...this.waiters.keys()]);
          since = page.lastSeq;
          if (page.results.length > 0) this.opts.onBatch?.(page.results);
          this.caughtUp = page.results.length < FOLLOW_PAGE;
          continue;
        }
        // Ids and revisions only: documents this process wrote were fanned out already, so only
        // other writers' documents are read, to learn who may see them.
        const page = await db.waitForChanges(since, FOLLOW_PAGE, poll, false);
        this.hubReachable = true;
        failures = 0;
        const own = new Map<string, HubDoc | null>();
        const foreign = page.results.filter((c) => {
          const key = `${c.id}@${c.rev}`;
          const written = this.ownWrites.get(key);
          if (written === undefined) return this.opts.unread !== true && !c.id.startsWith('_design/');
          this.ownWrites.delete(key);
          own.set(key, written);
          return false;
        });
        const fetched = foreign.length === 0 ? new Map<string, HubDoc>() : await db.fetchByIds(foreign.map((c) => c.id));
        // Every change with its document (a later revision for some of other writers': the feed
        // shows that one again at its own seq, and readers take a document twice); then the
        // readers are woken, so they find it there: other writers' changes, and this process's
        // own (woken at write time already unless the tail was to answer them).
        const { recent } = this.opts;
        if (recent !== undefined) {
          recent.append(page.results.map((c) => ({
            ...c,
            doc: c.deleted || c.id.startsWith('_design/') ? null : (own.get(`${c.id}@${c.rev}`) ?? fetched.get(c.id) ?? null),
          })), page.lastSeq);
          for (const doc of own.values()) if (doc !== null) this.wakeAudience(doc);
        }
        for (const doc of fetched.values()) this.wakeAudience(doc);
        since = page.lastSeq;
        if (page.results.length > 0) this.opts.onBatch?.(page.results);
        this.caughtUp = page.results.length < FOLLOW_PAGE;
      } catch {
        if (this.stopper.signal.aborted) break;
        // A long-poll that simply ran out of time says nothing against the hub: ask again.
        if (poll.aborted) continue;
        failures += 1;
        this.hubReachable = false;
        this.caughtUp = false;
        this.opts.mirror?.lost();
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)), this.stopper.signal);
      } finally {
        deadline.dispose();
      }
    }
  }
}

/** Reads the whole collection from the feed into the mirror; the seq the follower goes on from. */
async function loadMirror(db: HubDatabasePort, mirror: CollectionMirror): Promise<unknown> {
  const changes: HubChange[] = [];
  let since: unknown = 0;
  for (;;) {
    const page = await db.changes(since, 1000);
    changes.push(...page.results);
    since = page.lastSeq;
    if (page.results.length < 1000) break;
  }
  mirror.load(changes, since);
  return since;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const deadline = deadlineSignal(ms, signal);
    deadline.signal.addEventListener('abort', () => {
      deadline.dispose();
      resolve();
    }, { once: true });
  });
}
