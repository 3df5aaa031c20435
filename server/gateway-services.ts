import type nano from 'nano';
import { HUB_DATABASES } from '../ops/couchdb/setup.ts';
import { AccountService } from './services/accounts.ts';
import { ChangesFollower } from './sync/changes-follower.ts';
import { HubDatabase } from './sync/hub-database.ts';
import { CASES_INDEX } from './sync/changes-reader.ts';
import { NetworkCache } from './sync/network-cache.ts';
import { SYNC_COLLECTIONS, SYNC_COLLECTION_NAMES, type SyncCollectionName } from './sync/sync-collections.ts';

/** Everything the routes share: one per gateway process, nothing a restart would miss. */
export interface GatewayServices {
  readonly databases: Record<SyncCollectionName, HubDatabase>;
  readonly followers: Record<SyncCollectionName, ChangesFollower>;
  readonly network: NetworkCache;
  readonly accounts: AccountService;
  readonly now: () => number;
  start(): void;
  stop(): Promise<void>;
}

export function createGatewayServices(hub: nano.ServerScope, now: () => number): GatewayServices {
  const databases = Object.fromEntries(
    SYNC_COLLECTION_NAMES.map((name) => [name, new HubDatabase(hub, HUB_DATABASES[name])]),
  ) as Record<SyncCollectionName, HubDatabase>;
  const accountsDb = new HubDatabase(hub, HUB_DATABASES.accounts);
  const network = new NetworkCache(databases.units, databases.catalog);
  const accounts = new AccountService(accountsDb, now);
  const refreshTree = (): void => network.reload();
  refreshTree();
  // The embedded hub builds a view on first query; keep it warm the way CouchDB's background
  // indexer does, once writes pause (indexing inside a burst doubles the hub's work per write),
  // and at least every half minute during a long one.
  const warmCasesIndex = whenQuiet(() => {
    databases.cases.refreshView(CASES_INDEX.ddoc, CASES_INDEX.view).catch(() => undefined);
  }, 2_000, 30_000);

  const followerFor = (name: SyncCollectionName, onBatch?: () => void): ChangesFollower =>
    new ChangesFollower({ db: databases[name], rules: SYNC_COLLECTIONS[name], tree: () => network.lastTree, ...(onBatch ? { onBatch } : {}) });
  const followers: Record<SyncCollectionName, ChangesFollower> = {
    cases: followerFor('cases', warmCasesIndex),
    units: followerFor('units', refreshTree),
    catalog: followerFor('catalog', refreshTree),
    heartbeats: followerFor('heartbeats'),
  };
  const accountsFollower = new ChangesFollower({
    db: accountsDb,
    rules: { primaryKey: 'id', firstSyncByIndex: false, writable: false, audience: () => [] },
    tree: () => network.lastTree,
    onBatch: () => accounts.invalidate(),
  });

  return {
    databases,
    followers,
    network,
    accounts,
    now,
    start() {
      for (const follower of [...Object.values(followers), accountsFollower]) follower.start();
    },
    async stop() {
      warmCasesIndex.cancel();
      await Promise.all([...Object.values(followers), accountsFollower].map((f) => f.stop()));
    },
  };
}

/** Runs `work` once calls have paused for `quietMs`, or `maxWaitMs` after the first unserved call. */
function whenQuiet(work: () => void, quietMs: number, maxWaitMs: number): (() => void) & { cancel(): void } {
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
