import type { CaseEvent, CaseStatus, Tier } from '../types.ts';

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

/** What a case's history amounts to now: the fold's result, read by every rule and view. */
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
  /** The status to return to when a pause ends. */
  readonly statusBeforePause: CaseStatus | null;
  readonly forwardedTo: readonly string[];
  /** The units steps that took effect opened the case to (the accepting station, forward targets). */
  readonly openedTo: readonly string[];
  readonly missingMaterials: readonly string[];
  readonly pauses: readonly ClockPause[];
  readonly concludedAtMs: number | null;
  readonly rating: number | null;
  readonly urgeCount: number;
  readonly superviseCount: number;
  readonly conflicts: readonly CaseConflict[];
  readonly lastHlc: string;
}

/** The state a case starts in when its acceptance, at `atMs`, is folded. */
export function acceptedState(accept: CaseEvent, atMs: number): CaseState {
  const item = accept.data.item;
  return {
    caseNumber: accept.data.caseNumber ?? '',
    itemCode: item?.code ?? '',
    kind: item?.kind ?? 'commitment',
    decisionTier: item?.decisionTier ?? 'city',
    promisedDays: item?.promisedDays ?? 0,
    legalDays: item?.legalDays ?? 0,
    acceptedUnitId: accept.unitId,
    acceptedAtMs: atMs,
    status: 'accepted',
    holderUnitId: accept.unitId,
    statusBeforePause: null,
    forwardedTo: [],
    openedTo: [accept.unitId],
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

/** A pause starts at `atMs`; the status before it is kept to return to. */
export function pauseClock(state: CaseState, status: CaseStatus, reason: ClockPause['reason'], atMs: number): CaseState {
  return { ...state, status, statusBeforePause: state.status, pauses: [...state.pauses, { startMs: atMs, endMs: null, reason }] };
}

/** Every open pause ends at `atMs` (never before it began). */
export function closePauses(pauses: readonly ClockPause[], atMs: number): ClockPause[] {
  return pauses.map((p) => (p.endMs === null ? { ...p, endMs: Math.max(atMs, p.startMs) } : p));
}

/** The pause ends and the case goes back to what it was doing before. */
export function resumeClock(state: CaseState, atMs: number): CaseState {
  return { ...state, status: state.statusBeforePause ?? 'handling', statusBeforePause: null, pauses: closePauses(state.pauses, atMs) };
}
