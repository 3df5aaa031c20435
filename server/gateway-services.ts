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
  const warmCasesIndex = debounce(() => {
    // The embedded hub builds a view on first query; keep it warm the way CouchDB's indexer does.
    databases.cases.refreshView(CASES_INDEX.ddoc, CASES_INDEX.view).catch(() => undefined);
  }, 500);

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

function debounce(work: () => void, ms: number): (() => void) & { cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  const run = (): void => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      work();
    }, ms);
  };
  return Object.assign(run, {
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  });
}
