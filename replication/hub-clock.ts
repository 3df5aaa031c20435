import type { StationDatabase } from './station-database.ts';

const LOCAL_ID = 'hub-clock';
/** An answer that took longer than this says too little about when the hub stamped it. */
const MAX_ROUND_TRIP_MS = 5_000;

/**
 * The hub's time as this device best knows it: its own clock plus the offset last measured from a
 * gateway answer's `Date` header. Steps are stamped with it, so a device whose clock runs fast
 * still stamps near hub time (the gateway refuses steps stamped more than a few minutes ahead),
 * and the offset is kept across restarts for the days a station works offline.
 */
export class HubClock {
  private offsetMs = 0;
  private saving: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: StationDatabase,
    private readonly deviceNow: () => number,
  ) {}

  static async open(db: StationDatabase, deviceNow: () => number = Date.now): Promise<HubClock> {
    const clock = new HubClock(db, deviceNow);
    const stored = (await db.getLocal<{ offsetMs: number }>(LOCAL_ID))?.get('offsetMs');
    if (typeof stored === 'number' && Number.isFinite(stored)) clock.offsetMs = stored;
    return clock;
  }

  now(): number {
    return this.deviceNow() + this.offsetMs;
  }

  /** The hub's clock read `hubMs` (to the second) while a call was under way from `sentAtMs` to `receivedAtMs`. */
  observe(hubMs: number, sentAtMs: number, receivedAtMs: number): void {
    if (!Number.isFinite(hubMs) || receivedAtMs - sentAtMs > MAX_ROUND_TRIP_MS) return;
    // An HTTP date drops the milliseconds: the hub's clock was within the second after it.
    const offset = Math.round(hubMs + 500 - (sentAtMs + receivedAtMs) / 2);
    if (Math.abs(offset - this.offsetMs) < 1_000) return;
    this.offsetMs = offset;
    this.saving = this.saving.then(() => this.db.upsertLocal(LOCAL_ID, { offsetMs: offset })).then(() => undefined, () => undefined);
  }
}
