import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HubCollectionName } from '../../schemas/collections.ts';
import { GatewayError } from '../errors.ts';
import type { HubDatabasePort, HubPort } from '../hub/hub-port.ts';

/** What the gateway's metrics read from elsewhere at scrape time. */
export interface MetricSources {
  /** Whether this process reaches the hub now: asked at every scrape. */
  hubReachable(): Promise<boolean>;
  /** Each unit's newest heartbeat receipt (ms); units that never reported are absent. */
  lastHeartbeats(): Promise<ReadonlyMap<string, number>>;
  readonly now: () => number;
}

/** Hub calls that wait for a change by design: their errors count, their time does not. */
const WAITING_CALLS: ReadonlySet<string> = new Set(['waitForChanges']);

/** Hub latency buckets (s): a hub on the same network answers in milliseconds; seconds mean trouble. */
const HUB_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics (prom-client), one registry per gateway instance so that
 * several in one process (tests) never mix. Names are documented in docs/production.md.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({ name: 'liandong_http_requests_total', help: 'Requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [this.registry] });
  readonly httpDuration = new Histogram({ name: 'liandong_http_request_duration_seconds', help: 'Time to answer a request, by method and route pattern (long-polls not included)', labelNames: ['method', 'route'], buckets: HTTP_BUCKETS, registers: [this.registry] });
  readonly longpollsOpen = new Gauge({ name: 'liandong_longpolls_open', help: 'Long-polls waiting for a change now', registers: [this.registry] });
  readonly writesRefused = new Counter({ name: 'liandong_writes_refused_total', help: 'Documents refused in _bulk_docs, by collection and error code', labelNames: ['collection', 'code'], registers: [this.registry] });
  readonly hubDuration = new Histogram({ name: 'liandong_hub_request_duration_seconds', help: 'Time the hub took to answer, by database and operation (long-polls not included)', labelNames: ['database', 'operation'], buckets: HUB_BUCKETS, registers: [this.registry] });
  readonly hubErrors = new Counter({ name: 'liandong_hub_errors_total', help: 'Hub calls that failed, by database, operation and the error code the gateway made of it', labelNames: ['database', 'operation', 'code'], registers: [this.registry] });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'liandong_' });
    const hubUp = new Gauge({ name: 'liandong_hub_up', help: '1 when this gateway reached the hub at the scrape, 0 when it did not within 5 s', registers: [this.registry] });
    const heartbeatAge = new Gauge({ name: 'liandong_station_heartbeat_age_seconds', help: 'Seconds since each unit\'s newest heartbeat reached the hub (units that never reported are absent)', labelNames: ['unit'], registers: [this.registry] });
    const heartbeatsRead = new Gauge({ name: 'liandong_station_heartbeats_readable', help: '1 when the last scrape could read the heartbeats from the hub, else 0 (ages are then the previous ones)', registers: [this.registry] });
    // The ages are read from the hub once per scrape; a slow or failing read leaves the last ones.
    const probeHub = async (): Promise<void> => {
      const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref());
      hubUp.set((await Promise.race([sources.hubReachable(), deadline])) ? 1 : 0);
    };
    const readAges = async (): Promise<void> => {
      try {
        const newest = await sources.lastHeartbeats();
        const now = sources.now();
        heartbeatAge.reset();
        for (const [unit, receivedAt] of newest) heartbeatAge.set({ unit }, Math.max(0, (now - receivedAt) / 1000));
        heartbeatsRead.set(1);
      } catch {
        heartbeatsRead.set(0);
      }
    };
    this.beforeScrape = async () => {
      await Promise.all([probeHub(), readAges()]);
    };
  }

  /** Runs before each scrape: reads what lives in the hub. */
  readonly beforeScrape: () => Promise<void>;

  async scrape(): Promise<{ contentType: string; body: string }> {
    await this.beforeScrape();
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The hub port, with every call's time and failures recorded. */
  measuredHub(hub: HubPort): HubPort {
    const wrapped = new Map<HubCollectionName, HubDatabasePort>();
    return {
      database: (collection) => {
        const known = wrapped.get(collection);
        if (known !== undefined) return known;
        const db = hub.database(collection);
        const measured = new Proxy(db, {
          get: (target, property, receiver) => {
            const value: unknown = Reflect.get(target, property, receiver);
            if (typeof value !== 'function' || typeof property !== 'string') return value;
            return (...args: unknown[]): unknown => {
              const started = process.hrtime.bigint();
              const result: unknown = Reflect.apply(value, target, args);
              if (!(result instanceof Promise)) return result;
              const labels = { database: collection, operation: property };
              return result.then(
                (answer: unknown) => {
                  if (!WAITING_CALLS.has(property)) this.hubDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
                  return answer;
                },
                (err: unknown) => {
                  // A long-poll we ended ourselves is no failure of the hub.
                  const signal = args.find((arg): arg is AbortSignal => arg instanceof AbortSignal);
                  if (signal?.aborted !== true) this.hubErrors.inc({ ...labels, code: err instanceof GatewayError ? err.code : 'other' });
                  throw err;
                },
              );
            };
          },
        });
        wrapped.set(collection, measured);
        return measured;
      },
    };
  }
}
