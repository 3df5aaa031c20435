import type { ReplicationPushHandler } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable } from 'rxjs';
import { isWritableCollection, primaryKeyOf, STATION_COLLECTION_NAMES, type StationCollectionName } from '../schemas/collections.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
import { withDerivedCaseFields } from './case-derived-fields.ts';
import { GatewayClient, type SessionSource } from './gateway-client.ts';
import { HeartbeatWriter } from './heartbeat-writer.ts';
import { HubClock } from './hub-clock.ts';
import { LiveStream } from './live-stream.ts';
import { FirstSyncMarker } from './first-sync-marker.ts';
import { PendingOutboundCounter } from './pending-outbound.ts';
import { FirstSyncProgress } from './first-sync-progress.ts';
import { PersistedPages } from './persisted-pages.ts';
import { createPullHandler, type GatewayCheckpoint } from './pull.ts';
import { createPushHandler, type PushOptions } from './push.ts';
import { RefusedDocuments } from './refused-documents.ts';
import type { StationDatabase } from './station-database.ts';
import { SyncStatusTracker, type SyncStatus } from './sync-status.ts';

export interface StationSyncOptions {
  readonly db: StationDatabase;
  /** The gateway's origin, e.g. http://127.0.0.1:3000 */
  readonly gatewayUrl: string;
  readonly unitId: string;
  readonly deviceId: string;
  readonly session: SessionSource;
  readonly fetch?: typeof fetch;
  readonly requestTimeoutMs?: number;
  readonly longpollMs?: number;
  readonly backoff?: BackoffPolicy;
  readonly batchSize?: number;
  /** Pulled pages not yet stored, at most (default 2): bounds memory whatever the store's size. */
  readonly maxPagesInFlight?: number;
  readonly random?: () => number;
  readonly now?: () => number;
  /** What this unit's account replicates (default: every station collection). */
  readonly collections?: readonly StationCollectionName[];
  /** The hub's time as this device knows it; one is opened from the database when not given. */
  readonly hubClock?: HubClock;
  /** Reported in the heartbeat, so the city sees which stations run which version. */
  readonly appVersion?: string;
  readonly heartbeatMs?: number;
}

export interface StationSync {
  readonly status$: Observable<SyncStatus>;
  readonly status: () => SyncStatus;
  readonly refused: RefusedDocuments;
  /** The hub's time as this device knows it: what the desk stamps steps with. */
  readonly hubClock: HubClock;
  /** One replication per collection this account replicates. */
  readonly replications: Partial<Record<StationCollectionName, RxReplicationState<unknown, GatewayCheckpoint>>>;
  /** Resolves once every collection's first pull has gone out (or sync stopped). */
  readonly firstPullsSent: Promise<void>;
  /** Resolves when every collection has pushed and pulled all it knows of. */
  awaitInSync(): Promise<void>;
  /** Pull now instead of waiting for the live stream (after sign-in, or a link coming back). */
  reSync(): void;
  stop(): Promise<void>;
}

/** Starts two-way sync of every station collection through the gateway. */
export async function startStationSync(opts: StationSyncOptions): Promise<StationSync> {
  const now = opts.now ?? Date.now;
  const random = opts.random ?? Math.random;
  const backoff = opts.backoff ?? DEFAULT_BACKOFF;
  const tracker = new SyncStatusTracker();
  let failures = 0;
  const replications: Partial<Record<StationCollectionName, RxReplicationState<unknown, GatewayCheckpoint>>> = {};
  const hubClock = opts.hubClock ?? (await HubClock.open(opts.db, now));
  const client = new GatewayClient({
    baseUrl: opts.gatewayUrl,
    unitId: opts.unitId,
    session: opts.session,
    deviceId: opts.deviceId,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    timeoutMs: opts.requestTimeoutMs ?? 20_000,
    now,
    onHubTime: (hubMs, sentAtMs, receivedAtMs) => hubClock.observe(hubMs, sentAtMs, receivedAtMs),
    onOutcome: (failure) => {
      if (failure === null) {
        failures = 0;
        tracker.succeeded(now());
      } else {
        failures += 1;
        tracker.failed(failure.kind, failure.message, now());
      }
      // RxDB waits `retryTime` after a failed handler: make that our capped, jittered backoff.
      const wait = Math.max(backoffDelay(failures, backoff, random), backoff.baseMs);
      for (const state of Object.values(replications)) state.retryTime = wait;
    },
  });

  // Read while the replications start: only a push needs it, and no pull waits for it.
  const refusedOpening = RefusedDocuments.open(opts.db);

  // Replication first: on a cold start with a large store nothing may read the store before the
  // first pull goes out. What the status needs from the store comes from indexes, after.
  const names = opts.collections ?? STATION_COLLECTION_NAMES;
  const caughtUp = new Set<StationCollectionName>();
  const progress = new FirstSyncProgress(opts.db, names.includes('cases'), () => caughtUp.size === names.length, tracker);
  // Resolves once every collection's first pull is on its way (or sync stops): the console's
  // heavier queries (counts over whole indexes) wait for it on a cold start.
  const pulling = new Set<StationCollectionName>();
  let firstPullsSent: () => void = () => undefined;
  const firstPulls = new Promise<void>((resolve) => {
    firstPullsSent = resolve;
  });
  const streams: LiveStream<unknown>[] = [];
  const ledgers: PersistedPages[] = [];
  for (const name of names) {
    const stream = new LiveStream<unknown>({ client, collection: name, longpollMs: opts.longpollMs ?? 30_000, graceMs: opts.requestTimeoutMs ?? 20_000, backoff, random });
    streams.push(stream);
    const ledger = new PersistedPages({
      maxPagesInFlight: opts.maxPagesInFlight ?? 2,
      maxWaitMs: opts.requestTimeoutMs ?? 20_000,
      stored: ({ caughtUp: upToHub, docs }) => {
        if (upToHub) caughtUp.add(name);
        progress.stored(docs);
      },
    });
    ledgers.push(ledger);
    const pull = createPullHandler<unknown>(client, name, {
      ready: async () => {
        const replication = replications[name];
        if (replication !== undefined) ledger.follow(replication);
        const go = await ledger.room();
        pulling.add(name);
        if (pulling.size === names.length) firstPullsSent();
        return go;
      },
      pulled: (checkpoint, page) => {
        ledger.pulled(checkpoint, page.results.length, page.pending === 0);
        stream.pulled(checkpoint, page.pending === 0);
      },
    });
    replications[name] = replicateRxCollection<unknown, GatewayCheckpoint>({
      replicationIdentifier: `liandong|${opts.gatewayUrl}|${opts.unitId}|${name}`,
      collection: opts.db.collections[name],
      pull: {
        handler: pull,
        stream$: stream.stream$,
        batchSize: opts.batchSize ?? 100,
        // A case written to the hub before a field existed gets it from the fold, as stored now.
        ...(name === 'cases' ? { modifier: withDerivedCaseFields } : {}),
      },
      ...(isWritableCollection(name)
        ? { push: { handler: pushHandler(refusedOpening, { client, collection: name, primaryKey: primaryKeyOf(name), now }), batchSize: opts.batchSize ?? 50 } }
        : {}),
      live: true,
      retryTime: backoff.baseMs,
      waitForLeadership: false,
      autoStart: true,
    });
    stream.start();
  }

  const refused = await refusedOpening;
  tracker.update({ refused: refused.current });
  const pending = new PendingOutboundCounter(
    opts.db,
    (events, cases) => tracker.update({ pendingOutbound: events, pendingCases: cases }),
    (caseId) => refused.current.some((r) => r.collection === 'cases' && r.id === caseId),
  );
  const refusedSubscription = refused.changes$.subscribe((list) => {
    tracker.update({ refused: list });
    pending.recount();
  });
  if (names.includes('cases')) pending.start();
  const firstSyncMarker = new FirstSyncMarker(opts.db, tracker, now);
  firstSyncMarker.start();

  const heartbeat = new HeartbeatWriter({
    db: opts.db,
    unitId: opts.unitId,
    deviceId: opts.deviceId,
    appVersion: opts.appVersion ?? 'dev',
    status: () => tracker.current,
    intervalMs: opts.heartbeatMs ?? 60_000,
    now,
  });
  heartbeat.start();
  // Beat also when the picture changes: first sync done, or the link back.
  let lastBeat = { online: tracker.current.online, initialSyncDone: tracker.current.initialSyncDone };
  const beatOnChange = tracker.status$.subscribe((s) => {
    if (s.initialSyncDone !== lastBeat.initialSyncDone || (s.online === true && lastBeat.online !== true)) void heartbeat.beat();
    lastBeat = { online: s.online, initialSyncDone: s.initialSyncDone };
  });

  return {
    status$: tracker.status$,
    status: () => tracker.current,
    refused,
    hubClock,
    replications,
    firstPullsSent: firstPulls,
    async awaitInSync() {
      await Promise.all(Object.values(replications).map((r) => r.awaitInSync()));
    },
    reSync() {
      for (const r of Object.values(replications)) r.reSync();
    },
    async stop() {
      beatOnChange.unsubscribe();
      await heartbeat.stop();
      await Promise.all(streams.map((s) => s.stop()));
      for (const ledger of ledgers) ledger.stop();
      firstPullsSent();
      await Promise.all(Object.values(replications).map((r) => r.cancel()));
      refusedSubscription.unsubscribe();
      pending.stop();
      firstSyncMarker.stop();
      progress.stop();
      tracker.complete();
    },
  };
}

/** A push handler that first waits for the refused documents to be read (they are, once, as sync starts). */
function pushHandler(refused: Promise<RefusedDocuments>, opts: Omit<PushOptions, 'refused'>): ReplicationPushHandler<unknown> {
  const handler = refused.then((list) => createPushHandler<unknown>({ ...opts, refused: list }));
  // A failure to read them fails the start of sync itself; a push never made must not report it again.
  handler.catch(() => undefined);
  return async (rows) => (await handler)(rows);
}
