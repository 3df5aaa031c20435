/**
 * How many long-polls one holder (a sign-in token) may keep open at once. A station holds one per
 * collection it replicates; anything beyond that is refused at once instead of costing the hub a
 * read at every change.
 */
export class LongPollSlots {
  private readonly held = new Map<string, number>();

  constructor(readonly perHolder: number) {}

  /** Takes a slot: its release (safe to call more than once), or `null` when all are taken. */
  take(holder: string): (() => void) | null {
    const count = this.held.get(holder) ?? 0;
    if (count >= this.perHolder) return null;
    this.held.set(holder, count + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.held.get(holder) ?? 1) - 1;
      if (left > 0) this.held.set(holder, left);
      else this.held.delete(holder);
    };
  }
}
