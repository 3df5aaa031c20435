import { CaseDesk } from '../../../replication/case-desk.ts';
import { STATION_COLLECTION_NAMES } from '../../../schemas/collections.ts';
import { worksOnCases } from '../../../schemas/rules/case-roles.ts';
import { HubClock } from '../../../replication/hub-clock.ts';
import type { StationDatabase } from '../../../replication/station-database.ts';
import { startStationSync, type StationSync } from '../../../replication/station-sync.ts';
import type { Actor } from '../../../schemas/types.ts';
import { holdCountsUntil } from '../controllers/case-queries.ts';
import { openBrowserDatabase } from './browser-database.ts';
import type { StoredSession } from './session-store.ts';

/** Everything a signed-in console works with: the unit's local database, its sync and its desk. */
export interface ConsoleRuntime {
  readonly actor: Actor;
  readonly workerName: string;
  readonly db: StationDatabase;
  /** Sync starts as the database opens, before the console's first queries (it never waits for them). */
  readonly sync: Promise<StationSync>;
  readonly desk: CaseDesk;
  /** The current bearer token, for the few server calls outside sync (city figures). */
  token(): string | null;
  /** Stops sync and deletes the unit's local database from this device. */
  wipe(): Promise<void>;
}

export interface RuntimeOptions {
  readonly session: StoredSession;
  readonly deviceId: string;
  /** The current token, read on every call, so a refresh takes effect at once. */
  readonly token: () => string | null;
}

export async function startConsoleRuntime(opts: RuntimeOptions): Promise<ConsoleRuntime> {
  const { session, deviceId } = opts;
  const actor: Actor = { unitId: session.unitId, tier: session.tier, role: session.role, workerId: session.username, workerName: session.workerName };
  const db = await openBrowserDatabase(session.unitId);
  // Opened before sync starts, so steps taken in the first moments are stamped in hub time too.
  const hubClock = await HubClock.open(db);
  // Sync starts at once, before the console queries anything: on a device holding 100,000 cases
  // the first pull goes out before the lists and counts compete for the store.
  const sync = startStationSync({
    db,
    gatewayUrl: location.origin,
    unitId: session.unitId,
    deviceId,
    session: { token: opts.token },
    appVersion: __APP_VERSION__,
    longpollMs: 25_000,
    backoff: { baseMs: 1_000, maxMs: 30_000 },
    hubClock,
    // The catalog editor and the administrator keep the network and the catalog, never citizens' cases.
    collections: STATION_COLLECTION_NAMES.filter((name) => name !== 'cases' || worksOnCases(session.role)),
  });
  // Counts over whole indexes wait until the first pulls are on their way (cold start: sync first).
  holdCountsUntil(db, sync.then((started) => started.firstPullsSent));
  const desk = new CaseDesk({ db, actor, deviceId, now: () => hubClock.now() });
  return {
    actor,
    workerName: session.workerName,
    db,
    sync,
    desk,
    token: opts.token,
    async wipe() {
      await (await sync).stop();
      await db.remove();
    },
  };
}
