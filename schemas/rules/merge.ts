import type { CaseDoc, CaseEvent, EventReceipt } from '../types.ts';
import { materializeCase } from './case-doc.ts';

/**
 * Deterministic JSON: keys sorted at every level. Two events with one id must be the same event;
 * if a faulty writer ever made them differ, every replica still keeps the same one.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function unionEvents(a: readonly CaseEvent[], b: readonly CaseEvent[]): CaseEvent[] {
  const byId = new Map<string, CaseEvent>();
  for (const event of [...a, ...b]) {
    const kept = byId.get(event.id);
    if (kept === undefined || canonicalJson(event) < canonicalJson(kept)) byId.set(event.id, event);
  }
  return [...byId.values()];
}

/** Receipts keep the earliest hub time seen for each event. */
export function unionReceipts(a: readonly EventReceipt[], b: readonly EventReceipt[]): EventReceipt[] {
  const byEvent = new Map<string, number>();
  for (const { eventId, at } of [...a, ...b]) {
    const kept = byEvent.get(eventId);
    if (kept === undefined || at < kept) byEvent.set(eventId, at);
  }
  return [...byEvent].map(([eventId, at]) => ({ eventId, at }));
}

type MergeableCase = Pick<CaseDoc, 'id' | 'events' | 'receipts' | 'visibleTo'>;

/**
 * Two replicas of one case become one: the union of their events, receipts and visibility, then a
 * fresh fold. Commutative, associative and idempotent, so replicas converge in any order.
 */
export function mergeCases(a: MergeableCase, b: MergeableCase): CaseDoc {
  if (a.id !== b.id) throw new Error(`cannot merge different cases ${a.id} and ${b.id}`);
  const merged = materializeCase(
    a.id,
    unionEvents(a.events, b.events),
    unionReceipts(a.receipts, b.receipts),
    [...a.visibleTo, ...b.visibleTo],
  );
  if (merged === null) throw new Error(`case ${a.id} has no accept event on either side`);
  return merged;
}

/** Same history, same receipts, same visibility: nothing to merge. */
export function sameCase(a: MergeableCase, b: MergeableCase): boolean {
  return caseFingerprint(a) === caseFingerprint(b);
}

function caseFingerprint(c: MergeableCase): string {
  const ids = c.events.map((e) => e.id).sort().join(',');
  const receipts = [...c.receipts].map((r) => `${r.eventId}@${r.at}`).sort().join(',');
  const visible = [...c.visibleTo].sort().join(',');
  return `${c.id}|${ids}|${receipts}|${visible}`;
}
