import type { CaseDoc, CaseEvent, EventReceipt } from '../types.ts';
import { orderEvents, receiptTimes } from './event-order.ts';
import { caseFiguresOf } from './case-figures.ts';
import { awaitsReply, isOpenItem, isOpenRectification } from './case-state.ts';
import { urgencyDay } from './deadline.ts';
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
    dueDay: urgencyDay(state),
    greenChannel: state.greenChannel,
    replyOwedBy: state.supervision.find(awaitsReply)?.addressedTo ?? '',
    openSupervisionBy: state.supervision.find(isOpenItem)?.openedBy ?? '',
    rectificationBy: isOpenRectification(state.rectification) ? state.rectification.unitId : '',
    listOrder: listOrderOf(state.lastHlc, state.greenChannel),
    pendingEvents: pendingEventCount(events, receipts),
    figures: caseFiguresOf(state),
  };
}

const STAMP_ORDER_LENGTH = 21;

/**
 * A key whose ascending order puts 绿色通道 cases first, then the descending order of `lastHlc`
 * (time, then counter): '0' for the green channel ('1' otherwise), then every digit of the
 * stamp's first 21 turned into 9 minus itself. A stamp of another shape sorts last of its part.
 */
export function listOrderOf(lastHlc: string, greenChannel: boolean): string {
  const channel = greenChannel ? '0' : '1';
  const digits = /^(\d{15}):(\d{6}):/.exec(lastHlc);
  if (digits === null) return channel + '9'.repeat(STAMP_ORDER_LENGTH);
  return channel + [...`${digits[1] ?? ''}${digits[2] ?? ''}`].map((d) => String(9 - Number(d))).join('');
}

/** Events without a hub receipt: written on a device, not yet stored by the hub. */
function pendingEventCount(events: readonly CaseEvent[], receipts: readonly EventReceipt[]): number {
  const confirmed = new Set(receipts.map((r) => r.eventId));
  return new Set(events.filter((e) => !confirmed.has(e.id)).map((e) => e.id)).size;
}
