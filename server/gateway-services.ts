import { COLLECTIONS, collectionRecord, HUB_COLLECTION_NAMES, isWritableCollection, type HubCollectionName } from '../schemas/collections.ts';
import type { HubChange, HubDatabasePort, HubPort } from './hub/hub-port.ts';
import { AccountService } from './services/accounts.ts';
import type { LoginLimits } from './services/login-limits.ts';
import { PresenceRecorder } from './services/presence.ts';
import { ChangesFollower } from './sync/changes-follower.ts';
import { CollectionMirror } from './sync/collection-mirror.ts';
import { HeartbeatBatches } from './sync/heartbeat-batches.ts';
import { WARMED_CASE_VIEWS } from './services/indicators.ts';
import { CASES_INDEX, WORKED_CASES_INDEX } from './sync/changes-reader.ts';
import { withGroupCommit } from './sync/group-commit.ts';
import { HeartbeatDevices } from './sync/heartbeat-devices.ts';
import { NetworkCache } from './sync/network-cache.ts';
import { withIndexReadAhead } from './sync/index-read-ahead.ts';
import { RecentChanges, withRecentChanges } from './sync/recent-changes.ts';
import { withSharedChangesReads } from './sync/shared-changes-reads.ts';
import { SYNC_COLLECTIONS } from './sync/sync-collections.ts';

/** Everything the routes share: one per gateway process, nothing a restart would miss. */
export interface GatewayServices {
  readonly hub: HubPort;
  readonly databases: Record<HubCollectionName, HubDatabasePort>;
  /** One changes follower per hub database, waking the long-polls of whoever may read a change. */
  readonly followers: Record<HubCollectionName, ChangesFollower>;
  /** The small shared collections held whole in memory, fed by their followers (`heldInGatewayMemory`). */
  readonly mirrors: Partial<Record<HubCollectionName, CollectionMirror>>;
  /** Heartbeats absorbed here and written to the hub in batches. */
  readonly heartbeatBatches: HeartbeatBatches;
  readonly network: NetworkCache;
  readonly accounts: AccountService;
  /** Caps the devices each unit reports heartbeats from. */
  readonly heartbeatDevices: HeartbeatDevices;
  /** Records the hours each unit is heard from (station availability), in batches. */
  readonly presence: PresenceRecorder;
  readonly now: () => number;
  /** A hub database's identity (`HubDatabasePort.identity`), read once and kept. */
  hubIdentity(collection: HubCollectionName): Promise<string>;
  start(): void;
  stop(): Promise<void>;
}

export interface GatewayServiceOptions {
  /** Devices one unit may report heartbeats from. */
  readonly devicesPerUnit: number;
  /** Sign-in limits; the defaults of `login-limits.ts` for any left out. */
  readonly loginLimits?: Partial<LoginLimits>;
  /** How long heartbeats wait in memory before one batch writes them all. */
  readonly heartbeatFlushMs: number;
}

/**
 * What stations' pushes write to the hub request by request: their writable collections and the
 * claims that admit new cases. Heartbeats are not: `HeartbeatBatches` already writes them as one
 * `_bulk_docs` per interval, so a group around that write would only add its wait.
 */
function writtenByStations(name: HubCollectionName): boolean {
  return (isWritableCollection(name) && name !== 'heartbeats') || name === 'caseNumbers';
}

/**
 * Changes kept in memory per collection that stations long-poll and the gateway does not hold whole:
 * at a thousand stations' case a minute each, several minutes of the feed, longer than any long-poll.
 */
const RECENT_CHANGES_KEPT = 5_000;

function keepsRecentChanges(name: HubCollectionName): boolean {
  return COLLECTIONS[name].stationAccess !== 'none' && !COLLECTIONS[name].heldInGatewayMemory;
}

export function createGatewayServices(hub: HubPort, now: () => number, opts: GatewayServiceOptions): GatewayServices {
  // Changes reads are single-flight: one change wakes many long-polls, and they share one hub read.
  // Stations' writes are group-committed: pushes arriving together cost the hub one write.
  // Long-polls woken by a change read the feed's latest changes from memory (`recent-changes.ts`).
  // First syncs' index walks read a page ahead.
  const recent: Partial<Record<HubCollectionName, RecentChanges>> = collectionRecord(HUB_COLLECTION_NAMES.filter(keepsRecentChanges), () => new RecentChanges(RECENT_CHANGES_KEPT));
  const databases = collectionRecord(HUB_COLLECTION_NAMES, (name): HubDatabasePort => {
    const shared = withSharedChangesReads(hub.database(name));
    const tail = recent[name];
    const withTail = tail === undefined ? shared : withRecentChanges(shared, tail, (): boolean => followers[name].current);
    const db = COLLECTIONS[name].firstSyncByIndex ? withIndexReadAhead(withTail) : withTail;
    return writtenByStations(name) ? withGroupCommit(db) : db;
  });
  const mirrors: Partial<Record<HubCollectionName, CollectionMirror>> = collectionRecord(HUB_COLLECTION_NAMES.filter((name) => COLLECTIONS[name].heldInGatewayMemory), () => new CollectionMirror());
  const sourceOf = (name: 'units' | 'catalog'): { db: HubDatabasePort; mirror?: CollectionMirror } => {
    const mirror = mirrors[name];
    return { db: databases[name], ...(mirror === undefined ? {} : { mirror }) };
  };
  const network = new NetworkCache(sourceOf('units'), sourceOf('catalog'));
  const accounts = new AccountService(databases.accounts, now, opts.loginLimits);
  const refreshTree = (): void => network.reload();
  refreshTree();
  // The embedded hub builds a view on first query; keep the per-unit index warm the way CouchDB's
  // background indexer does, once writes pause (indexing inside a burst doubles the hub's work
  // per write), and at least every half minute during a long one.
  const indexWarmers: Partial<Record<HubCollectionName, QuietRunner>> = collectionRecord(
    HUB_COLLECTION_NAMES.filter((name) => COLLECTIONS[name].firstSyncByIndex),
    (name) => whenQuiet(() => {
      // The per-unit indexes first (first syncs wait on them), then the indicators' and the search's views, one at a time.
      void [CASES_INDEX, WORKED_CASES_INDEX, ...WARMED_CASE_VIEWS].reduce<Promise<void>>((before, v) => before.then(() => databases[name].refreshView(v.ddoc, v.view)), Promise.resolve()).catch(() => undefined);
    }, 2_000, 30_000),
  );
  // What else a batch of changes means: the cached unit tree and catalog, the account cache.
  const heartbeatDevices = new HeartbeatDevices(databases.heartbeats, opts.devicesPerUnit);
  const onBatchOf: Partial<Record<HubCollectionName, (changes: readonly HubChange[]) => void>> = {
    ...indexWarmers,
    units: refreshTree,
    catalog: refreshTree,
    accounts: () => accounts.invalidate(),
    heartbeats: (changes) => heartbeatDevices.saw(changes.map((c) => c.id)),
  };

  const followers = collectionRecord(HUB_COLLECTION_NAMES, (name): ChangesFollower => {
    const onBatch = onBatchOf[name];
    const mirror = mirrors[name];
    const tail = recent[name];
    return new ChangesFollower({
      db: databases[name], rules: SYNC_COLLECTIONS[name], tree: () => network.lastTree, unread: COLLECTIONS[name].readers === 'nobody',
      ...(onBatch ? { onBatch } : {}), ...(mirror ? { mirror } : {}), ...(tail ? { recent: tail } : {}),
    });
  });
  // The account cache lasts while the accounts follower, which clears it on every change, is current.
  accounts.followedBy(() => followers.accounts.current);
  heartbeatDevices.followedBy(() => followers.heartbeats.current);
  const heartbeatBatches = new HeartbeatBatches({ db: databases.heartbeats, flushMs: opts.heartbeatFlushMs, written: (doc) => followers.heartbeats.noteWritten(doc) });

  const presence = new PresenceRecorder({ db: databases.presence, now, flushMs: opts.heartbeatFlushMs });

  const identities = new Map<HubCollectionName, Promise<string>>();
  const hubIdentity = (collection: HubCollectionName): Promise<string> => {
    const known = identities.get(collection);
    if (known !== undefined) return known;
    const reading = databases[collection].identity();
    identities.set(collection, reading);
    // A failed read (hub down) is tried again by the next request.
    reading.catch(() => identities.delete(collection));
    return reading;
  };

  return {
    // The same databases as the routes use, so a push's case-number claims are grouped too.
    hub: { database: (name) => databases[name] },
    hubIdentity,
    databases,
    followers,
    mirrors,
    heartbeatBatches,
    network,
    accounts,
    heartbeatDevices,
    presence,
    now,
    start() {
      for (const follower of Object.values(followers)) follower.start();
    },
    async stop() {
      for (const warmer of Object.values(indexWarmers)) warmer.cancel();
      // Heartbeats the stations were answered for reach the hub before the gateway goes.
      await heartbeatBatches.stop().catch(() => undefined);
      await presence.stop().catch(() => undefined);
      await Promise.all(Object.values(followers).map((f) => f.stop()));
    },
  };
}

type QuietRunner = (() => void) & { cancel(): void };

/** Runs `work` once calls have paused for `quietMs`, or `maxWaitMs` after the first unserved call. */
function whenQuiet(work: () => void, quietMs: number, maxWaitMs: number): QuietRunner {
  let timer: NodeJS.Timeout | null = null;
  let firstCallAt: number | null = null;
  const fire = (): void => {
    timer = null;
    firstCallAt = null;
    work();
  };
  const run = (): void => {
    const now = Date.now();
    firstCallAt ??= now;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(fire, Math.max(0, Math.min(quietMs, firstCallAt + maxWaitMs - now)));
  };
  return Object.assign(run, {
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      firstCallAt = null;
    },
  });
}
