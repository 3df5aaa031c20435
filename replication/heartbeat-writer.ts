import type { Heartbeat } from '../schemas/types.ts';
import type { StationDatabase } from './station-database.ts';
import type { SyncStatus } from './sync-status.ts';

export interface HeartbeatWriterOptions {
  readonly db: StationDatabase;
  readonly unitId: string;
  readonly deviceId: string;
  readonly appVersion: string;
  readonly status: () => SyncStatus;
  readonly intervalMs: number;
  readonly now: () => number;
}

/**
 * Writes this device's heartbeat into the local `heartbeats` collection, which syncs up like any
 * other change: the levels above see when the station last synced, what it still holds back, and
 * which app version it runs, and notice when it goes quiet.
 */
export class HeartbeatWriter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: HeartbeatWriterOptions) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.opts.intervalMs);
  }

  async stop(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    await this.writing;
  }

  beat(): Promise<void> {
    const { db, unitId, deviceId, appVersion } = this.opts;
    const status = this.opts.status();
    const heartbeat: Heartbeat = {
      id: `${unitId}:${deviceId}`,
      unitId,
      deviceId,
      deviceTime: new Date(this.opts.now()).toISOString(),
      lastSyncAt: status.lastSyncAt === null ? null : new Date(status.lastSyncAt).toISOString(),
      pendingOutbound: status.pendingOutbound,
      appVersion,
    };
    this.writing = this.writing.then(async () => {
      await db.heartbeats.upsert(heartbeat);
    }).catch(() => undefined);
    return this.writing;
  }
}
