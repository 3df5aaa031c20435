import type { CaseEvent, EventReceipt } from '../types.ts';
import { hlcWallMs } from './hlc.ts';

/** How long a station may have been offline: a step's time is never put earlier than this before its hub receipt. */
export const DEFAULT_OFFLINE_WINDOW_MS = 30 * 24 * 3600_000;

/** When the hub first stored each event (absent: not yet synced). */
export type ReceiptTimes = ReadonlyMap<string, number>;

export function receiptTimes(receipts: readonly EventReceipt[]): ReceiptTimes {
  return new Map(receipts.map((r) => [r.eventId, r.at]));
}

/**
 * The one order the fold applies a case's steps in, which every replica agrees on.
 *
 * - Between steps of different units, the one the hub received first takes effect first: a
 *   device's clock is a claim, the hub's receipt is not. (A withdraw must reach the authority
 *   before its decision, as in law; a step back-dated 60 days cannot overtake a decision the hub
 *   already held.)
 * - Within one unit (two devices of a station), stamp order holds: a step moves back past steps
 *   of its own unit stamped after it, but never past another unit's step that reached the hub
 *   before it, so back-dating can never reorder what another unit did.
 * - A step not yet received (on the device that wrote it) comes after every received one.
 *
 * Receipts travel with the case and merge by earliest time, so replicas still converge.
 */
export function orderEvents(events: readonly CaseEvent[], receipts: ReceiptTimes): CaseEvent[] {
  const received = (e: CaseEvent): number => receipts.get(e.id) ?? Infinity;
  const arrivals = [...events].sort((a, b) => compareNumbers(received(a), received(b)) || byStamp(a, b));
  const ordered: CaseEvent[] = [];
  for (const event of arrivals) {
    let at = ordered.length;
    for (let before = ordered[at - 1]; before !== undefined && before.unitId === event.unitId && byStamp(before, event) > 0; before = ordered[at - 1]) at -= 1;
    ordered.splice(at, 0, event);
  }
  return ordered;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Hybrid logical clock, then id. */
export function byStamp(a: CaseEvent, b: CaseEvent): number {
  return a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * When a step happened, for deadlines and figures: the device's time, bounded by the hub's receipt
 * (never after it, never earlier than the offline window before it). A step not yet received keeps
 * its device time.
 */
export function stepTimeMs(event: CaseEvent, receipts: ReceiptTimes, offlineWindowMs: number): number {
  const claimed = hlcWallMs(event.hlc);
  const received = receipts.get(event.id);
  if (received === undefined) return claimed;
  return Math.min(received, Math.max(claimed, received - offlineWindowMs));
}
