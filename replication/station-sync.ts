import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { Observable } from 'rxjs';
import { isWritableCollection, primaryKeyOf, STATION_COLLECTION_NAMES, type StationCollectionName } from '../schemas/collections.ts';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './backoff.ts';
import { GatewayClient, type SessionSource } from './gateway-client.ts';
import { HeartbeatWriter } from './heartbeat-writer.ts';
import { HubClock } from './hub-clock.ts';
import { LiveStream } from './live-stream.ts';
import { PendingOutboundCounter } from './pending-outbound.ts';
import { createPullHandler, type GatewayCheckpoint } from './pull.ts';
import { createPushHandler } from './push.ts';
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

  const refused = await RefusedDocuments.open(opts.db);
  const pending = new PendingOutboundCounter(
    opts.db,
    (total) => tracker.update({ pendingOutbound: total }),
    (caseId) => refused.current.some((r) => r.collection === 'cases' && r.id === caseId),
  );
  tracker.update({ refused: refused.current });
  const refusedSubscription = refused.changes$.subscribe((list) => {
    tracker.update({ refused: list });
    pending.recount();
  });
  await pending.start();

  const caughtUp = new Set<StationCollectionName>();
  const streams: LiveStream<unknown>[] = [];
  const names = opts.collections ?? STATION_COLLECTION_NAMES;
  for (const name of names) {
    const stream = new LiveStream<unknown>({ client, collection: name, longpollMs: opts.longpollMs ?? 30_000, graceMs: opts.requestTimeoutMs ?? 20_000, backoff, random });
    streams.push(stream);
    const pull = createPullHandler<unknown>(client, name, {
      pulled: (checkpoint, page) => {
        stream.pulled(checkpoint, page.pending === 0);
        if (page.pending === 0 && !caughtUp.has(name)) {
          caughtUp.add(name);
          if (caughtUp.size === names.length) tracker.update({ initialSyncDone: true });
        }
      },
    });
    replications[name] = replicateRxCollection<unknown, GatewayCheckpoint>({
      replicationIdentifier: `liandong|${opts.gatewayUrl}|${opts.unitId}|${name}`,
      collection: opts.db.collections[name],
      pull: { handler: pull, stream$: stream.stream$, batchSize: opts.batchSize ?? 100 },
      ...(isWritableCollection(name)
        ? { push: { handler: createPushHandler<unknown>({ client, collection: name, primaryKey: primaryKeyOf(name), refused, now }), batchSize: opts.batchSize ?? 50 } }
        : {}),
      live: true,
      retryTime: backoff.baseMs,
      waitForLeadership: false,
      autoStart: true,
    });
    stream.start();
  }

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
      await Promise.all(Object.values(replications).map((r) => r.cancel()));
      refusedSubscription.unsubscribe();
      pending.stop();
      tracker.complete();
    },
  };
}
