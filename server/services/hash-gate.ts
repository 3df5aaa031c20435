/** What the gate has done: for the health of the process, and for tests. */
export interface HashGateStats {
  readonly running: number;
  readonly queued: number;
  /** The most that ever ran at once. */
  readonly peakRunning: number;
  /** How many were run since the process started. */
  readonly started: number;
}

/**
 * A small semaphore for password hashing. A hash (scrypt) holds a thread of libuv's small pool for
 * tens of milliseconds, the pool that file reads and DNS also need: unbounded, a burst of sign-ins
 * starves every other request. At most `concurrent` run at once and `queued` wait; beyond that
 * `tryRun` answers null at once, so the caller can refuse without waiting.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private peakRunning = 0;
  private started = 0;

  constructor(
    readonly concurrent: number,
    readonly queued: number,
  ) {
    if (!Number.isInteger(concurrent) || concurrent < 1) throw new Error(`concurrent hashes must be 1 or more, got ${concurrent}`);
    if (!Number.isInteger(queued) || queued < 0) throw new Error(`queued hashes must be 0 or more, got ${queued}`);
  }

  stats(): HashGateStats {
    return { running: this.running, queued: this.waiting.length, peakRunning: this.peakRunning, started: this.started };
  }

  /** Runs `work` in a free slot, after waiting in the queue if need be; null when both are full. */
  tryRun<T>(work: () => Promise<T>): Promise<T> | null {
    if (this.running >= this.concurrent && this.waiting.length >= this.queued) return null;
    // The slot or the queue place is taken now, synchronously, so no other caller can take it too.
    const slot = this.running < this.concurrent ? this.takeSlot() : new Promise<void>((resolve) => this.waiting.push(resolve));
    return slot.then(async () => {
      this.started += 1;
      this.peakRunning = Math.max(this.peakRunning, this.running);
      try {
        return await work();
      } finally {
        this.release();
      }
    });
  }

  private takeSlot(): Promise<void> {
    this.running += 1;
    return Promise.resolve();
  }

  /** A waiting caller takes the slot over; otherwise it is freed. */
  private release(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next();
    else this.running -= 1;
  }
}
