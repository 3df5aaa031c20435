import { BoundedMap } from './bounded-map.ts';

/**
 * At most `limit` sign-in attempts per username within `windowMs`. An attempt is counted when it
 * is admitted, before its password is hashed, and the check and the count are one synchronous
 * step: concurrent attempts cannot all pass a check made before any of them was counted. A
 * successful sign-in clears its username. Only the `capacity` most recently tried usernames are
 * remembered; forgetting the oldest first loses nothing while they are older than the window.
 */
export class FailureThrottle {
  private readonly attempts: BoundedMap<string, number[]>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    capacity: number,
  ) {
    this.attempts = new BoundedMap(capacity);
  }

  get size(): number {
    return this.attempts.size;
  }

  /** Counts an attempt for `key`, or answers false (and counts nothing) when it is over the limit. */
  admit(key: string, nowMs: number): boolean {
    const recent = (this.attempts.get(key) ?? []).filter((at) => nowMs - at < this.windowMs);
    const admitted = recent.length < this.limit;
    if (admitted) recent.push(nowMs);
    this.attempts.set(key, recent);
    return admitted;
  }

  clear(key: string): void {
    this.attempts.delete(key);
  }
}
