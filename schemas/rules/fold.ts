import type { CaseEvent, CaseStatus, Tier } from '../types.ts';
import { hlcWallMs } from './hlc.ts';

/** A pause of the case clock (补齐补正 or 挂起): start and end in ms, end null while it lasts. */
export interface ClockPause {
  readonly startMs: number;
  readonly endMs: number | null;
  readonly reason: 'supplement' | 'suspension';
}

/** An event the fold could not apply in the merged order: kept in history, flagged for a supervisor. */
export interface CaseConflict {
  readonly eventId: string;
  readonly reason: 'transition' | 'duplicate_accept';
  readonly statusThen: CaseStatus | null;
}

export interface CaseState {
  readonly caseNumber: string;
  readonly itemCode: string;
  readonly kind: 'instant' | 'commitment';
  readonly decisionTier: Tier;
  readonly promisedDays: number;
  readonly legalDays: number;
  readonly acceptedUnitId: string;
  readonly acceptedAtMs: number;
  readonly status: CaseStatus;
  readonly holderUnitId: string;
  /** The status to return to when a suspension ends. */
  readonly statusBeforePause: CaseStatus | null;
  readonly forwardedTo: readonly string[];
  readonly missingMaterials: readonly string[];
  readonly pauses: readonly ClockPause[];
  readonly concludedAtMs: number | null;
  readonly rating: number | null;
  readonly urgeCount: number;
  readonly superviseCount: number;
  readonly conflicts: readonly CaseConflict[];
  readonly lastHlc: string;
}

/** Events in the one order every replica agrees on: hybrid logical clock, then id. */
export function sortEvents(events: readonly CaseEvent[]): CaseEvent[] {
  return [...events].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

const OPEN: readonly CaseStatus[] = ['accepted', 'handling'];
const CONCLUDED: readonly CaseStatus[] = ['approved', 'refused'];
const FINISHED: readonly CaseStatus[] = ['approved', 'refused', 'withdrawn', 'delivered'];

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
  let state = initialState(accept);
  ordered.forEach((event, index) => {
    if (index === acceptIndex) return;
    // Steps stamped before the acceptance (a device clock far behind) still apply after it.
    state = applyEvent(state, event);
  });
  return state;
}

function initialState(accept: CaseEvent): CaseState {
  const item = accept.data.item;
  return {
    caseNumber: accept.data.caseNumber ?? '',
    itemCode: item?.code ?? '',
    kind: item?.kind ?? 'commitment',
    decisionTier: item?.decisionTier ?? 'city',
    promisedDays: item?.promisedDays ?? 0,
    legalDays: item?.legalDays ?? 0,
    acceptedUnitId: accept.unitId,
    acceptedAtMs: hlcWallMs(accept.hlc),
    status: 'accepted',
    holderUnitId: accept.unitId,
    statusBeforePause: null,
    forwardedTo: [],
    missingMaterials: [],
    pauses: [],
    concludedAtMs: null,
    rating: null,
    urgeCount: 0,
    superviseCount: 0,
    conflicts: [],
    lastHlc: accept.hlc,
  };
}

function applyEvent(state: CaseState, event: CaseEvent): CaseState {
  const at = hlcWallMs(event.hlc);
  const next = transition(state, event, at);
  const lastHlc = event.hlc > state.lastHlc ? event.hlc : state.lastHlc;
  if (next === null) {
    const reason = event.type === 'accept' ? 'duplicate_accept' : 'transition';
    return { ...state, lastHlc, conflicts: [...state.conflicts, { eventId: event.id, reason, statusThen: state.status }] };
  }
  return { ...next, lastHlc };
}

/** The state after one step, or null when the step is not valid from this state. */
function transition(s: CaseState, e: CaseEvent, at: number): CaseState | null {
  const byHolder = e.unitId === s.holderUnitId;
  const byAcceptor = e.unitId === s.acceptedUnitId;
  switch (e.type) {
    case 'accept':
      return null;
    case 'forward':
      if (!byHolder || !OPEN.includes(s.status) || e.data.toUnitId === undefined) return null;
      return { ...s, status: 'handling', holderUnitId: e.data.toUnitId, forwardedTo: [...s.forwardedTo, e.data.toUnitId] };
    case 'request_supplement':
      if (!byHolder || !OPEN.includes(s.status)) return null;
      return {
        ...s,
        status: 'supplement_requested',
        statusBeforePause: s.status,
        missingMaterials: e.data.missing ?? [],
        pauses: [...s.pauses, { startMs: at, endMs: null, reason: 'supplement' }],
      };
    case 'supplement':
      if (!(byHolder || byAcceptor) || s.status !== 'supplement_requested') return null;
      return { ...s, status: s.statusBeforePause ?? 'handling', statusBeforePause: null, missingMaterials: [], pauses: closePause(s.pauses, at) };
    case 'suspend':
      if (!byHolder || !OPEN.includes(s.status)) return null;
      return { ...s, status: 'suspended', statusBeforePause: s.status, pauses: [...s.pauses, { startMs: at, endMs: null, reason: 'suspension' }] };
    case 'resume':
      if (!byHolder || s.status !== 'suspended') return null;
      return { ...s, status: s.statusBeforePause ?? 'handling', statusBeforePause: null, pauses: closePause(s.pauses, at) };
    case 'approve':
    case 'refuse':
      if (!byHolder || !OPEN.includes(s.status)) return null;
      return { ...s, status: e.type === 'approve' ? 'approved' : 'refused', concludedAtMs: at };
    case 'withdraw':
      if (!byAcceptor || FINISHED.includes(s.status)) return null;
      return { ...s, status: 'withdrawn', concludedAtMs: at, pauses: closePause(s.pauses, at) };
    case 'pickup':
      if (!byAcceptor || !CONCLUDED.includes(s.status)) return null;
      return { ...s, status: 'delivered' };
    case 'rate':
      if (!byAcceptor || !FINISHED.includes(s.status) || s.rating !== null) return null;
      return { ...s, rating: e.data.rating ?? null };
    case 'urge':
      if (FINISHED.includes(s.status)) return null;
      return { ...s, urgeCount: s.urgeCount + 1 };
    case 'supervise':
      if (FINISHED.includes(s.status)) return null;
      return { ...s, superviseCount: s.superviseCount + 1 };
  }
}

function closePause(pauses: readonly ClockPause[], at: number): ClockPause[] {
  return pauses.map((p) => (p.endMs === null ? { ...p, endMs: Math.max(at, p.startMs) } : p));
}

