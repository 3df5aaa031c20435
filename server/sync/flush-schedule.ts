/**
 * When a batch held in memory is written (heartbeats, presence hours): `flushMs` after something
 * starts waiting, at once after a stop, one flush at a time. The holder keeps the batch and says
 * how to write it; a flush that fails leaves it to the holder to keep what it could not write.
 */
export class FlushSchedule {
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly flushMs: number,
    private readonly writePending: () => Promise<void>,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Something waits: written within `flushMs`, or at once once stopped (a request that outlived the stop). */
  due(): void {
    if (this.timer !== null) return;
    if (this.stopped) {
      void this.flush().catch(() => undefined);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch(() => undefined);
    }, this.flushMs);
  }

  /** Writes whatever waits now, after any flush under way; rejects if that write failed. */
  flush(): Promise<void> {
    const run = this.flushing.then(() => this.writePending());
    this.flushing = run.catch(() => undefined);
    return run;
  }

  /** No more intervals; what waits is written now. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }
}
