import type { CaseDoc, CaseEvent, EventReceipt } from '../types.ts';
import { orderEvents, receiptTimes } from './event-order.ts';
import { foldCase } from './fold.ts';

/**
 * The stored form of a case: events in agreed order plus the fields the fold derives, so that
 * indexes and hub views can use them. Returns null for a history with no accept step.
 */
export function materializeCase(
  id: string,
  events: readonly CaseEvent[],
  receipts: readonly EventReceipt[],
  visibleTo: readonly string[],
): CaseDoc | null {
  const state = foldCase(events, receipts);
  if (state === null) return null;
  return {
    id,
    events: orderEvents(events, receiptTimes(receipts)),
    receipts: [...receipts].sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)),
    visibleTo: [...new Set(visibleTo)].sort(),
    caseNumber: state.caseNumber,
    status: state.status,
    holderUnitId: state.holderUnitId,
    acceptedUnitId: state.acceptedUnitId,
    itemCode: state.itemCode,
    lastHlc: state.lastHlc,
    conflictCount: state.conflicts.length,
  };
}
