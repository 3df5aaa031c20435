import type { CaseEvent, EventReceipt } from '../types.ts';
import type { CaseState } from './case-state.ts';
import { standsInRelation, type FollowStep } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { DEFAULT_OFFLINE_WINDOW_MS, orderEvents, receiptTimes, stepTimeMs, type ReceiptTimes } from './event-order.ts';
import { validateEventData } from './event-data.ts';

/**
 * The case's current state, a pure fold over its events in their agreed order (`orderEvents`:
 * hub receipt order between units, stamp order within one). Returns null when the history has no
 * accept event yet (nothing to fold from). Steps that are invalid where they land are kept out of
 * the state and listed as conflicts; they open the case to no one. Step times are device times
 * bounded by hub receipts (`stepTimeMs`).
 */
export function foldCase(events: readonly CaseEvent[], receipts: readonly EventReceipt[] = [], offlineWindowMs = DEFAULT_OFFLINE_WINDOW_MS): CaseState | null {
  const received = receiptTimes(receipts);
  const ordered = orderEvents(events, received);
  const acceptIndex = ordered.findIndex((e) => e.type === 'accept');
  const accept = ordered[acceptIndex];
  if (accept === undefined) return null;
  let state = CASE_STEPS.accept.start(accept, stepTimeMs(accept, received, offlineWindowMs));
  ordered.forEach((event, index) => {
    if (index === acceptIndex) return;
    // Steps that reached the hub before the acceptance (a station's clock far behind) still apply after it.
    state = applyEvent(state, event, received, offlineWindowMs);
  });
  return state;
}

function applyEvent(state: CaseState, event: CaseEvent, received: ReceiptTimes, offlineWindowMs: number): CaseState {
  const lastHlc = event.hlc > state.lastHlc ? event.hlc : state.lastHlc;
  if (event.type === 'accept') {
    return { ...state, lastHlc, conflicts: [...state.conflicts, { eventId: event.id, reason: 'duplicate_accept', statusThen: state.status }] };
  }
  const step: FollowStep = CASE_STEPS[event.type];
  if (!stepApplies(step, state, event)) {
    return { ...state, lastHlc, conflicts: [...state.conflicts, { eventId: event.id, reason: 'transition', statusThen: state.status }] };
  }
  const next = step.apply(state, event, stepTimeMs(event, received, offlineWindowMs));
  const opened = step.opensTo(event).filter((unitId) => !next.openedTo.includes(unitId));
  return { ...next, lastHlc, openedTo: opened.length === 0 ? next.openedTo : [...next.openedTo, ...opened] };
}

/** Whether a step fits the case where it lands: its status, its unit's relation, its own guard. */
function stepApplies(step: FollowStep, state: CaseState, event: CaseEvent): boolean {
  return step.from.includes(state.status) &&
    // Whether one unit is above another needs the tree: the gateway checked it at write time.
    standsInRelation(step.relation, state, event, () => true) &&
    (step.guard === null || step.guard(state, event)) &&
    validateEventData(event).ok;
}
