import { Subject, type Observable } from 'rxjs';
import type { RxReplicationPullStreamItem } from 'rxdb';
import { backoffDelay, type BackoffPolicy } from './backoff.ts';
import type { GatewayClient } from './gateway-client.ts';
import { isChangesPage, type GatewayCheckpoint } from './pull.ts';

export interface LiveStreamOptions {
  readonly client: GatewayClient;
  readonly collection: string;
  /** How long the gateway may hold one long-poll open. */
  readonly longpollMs: number;
  /** Added to `longpollMs` before a silent long-poll counts as a dead link. */
  readonly graceMs: number;
  readonly backoff: BackoffPolicy;
  readonly random: () => number;
}

/**
 * Keeps one long-poll open on the gateway's `_changes` from the last pulled checkpoint; when
 * something arrives it asks RxDB to pull (RESYNC). RxDB's pull handler does the actual fetching,
 * so there is one code path for documents. Failures back off with jitter.
 */
export class LiveStream<T> {
  private readonly events = new Subject<RxReplicationPullStreamItem<T, GatewayCheckpoint>>();
  private readonly stopper = new AbortController();
  private checkpoint: GatewayCheckpoint | null = null;
  /** The last pull said the gateway has more: RxDB is still pulling, no need to listen yet. */
  private catchingUp = true;
  private checkpointWaiters: (() => void)[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly opts: LiveStreamOptions) {}

  get stream$(): Observable<RxReplicationPullStreamItem<T, GatewayCheckpoint>> {
    return this.events.asObservable();
  }

  /** The pull handler reports each checkpoint it reaches, and whether the gateway has more. */
  pulled(checkpoint: GatewayCheckpoint, caughtUp: boolean): void {
    this.checkpoint = checkpoint;
    this.catchingUp = !caughtUp;
    const waiters = this.checkpointWaiters;
    this.checkpointWaiters = [];
    for (const wake of waiters) wake();
  }

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.stopper.abort();
    this.pulled(this.checkpoint ?? { seq: '0' }, true);
    await this.running;
    this.events.complete();
  }

  private async loop(): Promise<void> {
    const { client, collection, longpollMs } = this.opts;
    let failures = 0;
    while (!this.stopper.signal.aborted) {
      if (this.checkpoint === null) await this.nextCheckpoint(null);
      if (this.catchingUp && !this.stopper.signal.aborted) {
        // RxDB pulls page after page by itself; if it stopped short of the end, nudge it.
        if (!(await this.nextCheckpoint(2_000))) this.events.next('RESYNC');
        continue;
      }
      const since = this.checkpoint?.seq;
      if (since === undefined || this.stopper.signal.aborted) continue;
      try {
        const url = `${client.collectionUrl(collection)}/_changes?feed=longpoll&since=${encodeURIComponent(since)}&limit=1&timeout=${longpollMs}&heartbeat=10000`;
        const page = await client.getJson(url, longpollMs + this.opts.graceMs, this.stopper.signal);
        const recovered = failures > 0;
        failures = 0;
        // Back from a failure, or something new: pull whatever is waiting.
        if (recovered || (isChangesPage(page) && page.results.length > 0)) {
          this.events.next('RESYNC');
          // Let the pull move the checkpoint on before polling again.
          await this.nextCheckpoint(10_000);
        }
      } catch {
        if (this.stopper.signal.aborted) break;
        failures += 1;
        await this.sleep(backoffDelay(failures, this.opts.backoff, this.opts.random));
      }
    }
  }

  /** True when a new checkpoint arrived, false when the wait ran out first. */
  private nextCheckpoint(timeoutMs: number | null): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = timeoutMs === null ? null : setTimeout(() => resolve(false), timeoutMs);
      this.checkpointWaiters.push(() => {
        if (timer !== null) clearTimeout(timer);
        resolve(true);
      });
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.stopper.signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.stopper.signal.addEventListener('abort', wake, { once: true });
    });
  }
}
