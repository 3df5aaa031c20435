import type { CaseEvent } from '../types.ts';
import type { CaseState } from './case-state.ts';
import { standsInRelation, type FollowStep } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { validateEventData } from './event-data.ts';
import { hlcWallMs } from './hlc.ts';

/** Events in the one order every replica agrees on: hybrid logical clock, then id. */
export function sortEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The case's current state, a pure fold over its events in their agreed order. Returns null when the
 * history has no accept event yet (nothing to fold from). Steps that are invalid where they land
 * are kept out of the state and listed as conflicts.
 */
export function foldCase(events: readonly CaseEvent[]): CaseState | null {
  const ordered = sortEvents(events);
  const acceptIndex = ordered.findIndex((e) => e.type === 'accept');
  const accept = ordered[acceptIndex];
  if (accept === undefined) return null;
  let state = CASE_STEPS.accept.start(accept);
  ordered.forEach((event, index) => {
    if (index === acceptIndex) return;
    // Steps stamped before the acceptance (a device clock far behind) still apply after it.
    state = applyEvent(state, event);
  });
  return state;
}

function applyEvent(state: CaseState, event: CaseEvent): CaseState {
  const lastHlc = event.hlc > state.lastHlc ? event.hlc : state.lastHlc;
  if (event.type === 'accept') {
    return { ...state, lastHlc, conflicts: [...state.conflicts, { eventId: event.id, reason: 'duplicate_accept', statusThen: state.status }] };
  }
  const step: FollowStep = CASE_STEPS[event.type];
  if (!stepApplies(step, state, event)) {
    return { ...state, lastHlc, conflicts: [...state.conflicts, { eventId: event.id, reason: 'transition', statusThen: state.status }] };
  }
  return { ...step.apply(state, event, hlcWallMs(event.hlc)), lastHlc };
}

/** Whether a step fits the case where it lands: its status, its unit's relation, its own guard. */
function stepApplies(step: FollowStep, state: CaseState, event: CaseEvent): boolean {
  return step.from.includes(state.status) &&
    // Being above the accepting station cannot change with the state: the gateway checked it.
    standsInRelation(step.relation, state, event.unitId, () => true) &&
    (step.guard === null || step.guard(state)) &&
    validateEventData(event).ok;
}
