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

/**
 * A 催办 or 督办 from a level above, addressed to the unit holding the case: it waits for a reply
 * within `replyDays` working days; an urge is settled by the reply, a supervision stays open until
 * the unit that opened it closes it.
 */
export interface SupervisionItem {
  readonly eventId: string;
  readonly kind: 'urge' | 'supervise';
  readonly openedBy: string;
  readonly addressedTo: string;
  readonly openedAtMs: number;
  readonly replyDays: number;
  readonly note: string;
  readonly reply: { readonly eventId: string; readonly atMs: number; readonly note: string } | null;
  readonly closedAtMs: number | null;
}

/** 整改: a bad rating (不满意, 非常不满意) makes the unit that handled the case call back, act, and close. */
export interface Rectification {
  /** The rating that opened it. */
  readonly ratingEventId: string;
  readonly rating: number;
  readonly unitId: string;
  readonly openedAtMs: number;
  readonly callbackAtMs: number | null;
  readonly actionAtMs: number | null;
  readonly closedAtMs: number | null;
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
  /** Who held the case from when: the accepting unit from acceptance, then each forward's target. */
  readonly holds: readonly { readonly unitId: string; readonly fromMs: number }[];
  /** The status to return to when a pause ends. */
  readonly statusBeforePause: CaseStatus | null;
  readonly forwardedTo: readonly string[];
  /** The units steps that took effect opened the case to (the accepting station, forward targets). */
  readonly openedTo: readonly string[];
  readonly missingMaterials: readonly string[];
  /** What the station received at acceptance (material ids of the item). */
  readonly providedMaterials: readonly string[];
  /** 绿色通道: priority handling. */
  readonly greenChannel: boolean;
  readonly pauses: readonly ClockPause[];
  readonly concludedAtMs: number | null;
  readonly rating: number | null;
  /** When the rating was given. */
  readonly ratedAtMs: number | null;
  readonly urgeCount: number;
  readonly superviseCount: number;
  /** Every urge and supervision, in the order they took effect. */
  readonly supervision: readonly SupervisionItem[];
  /** The rectification a bad rating opened, if any. */
  readonly rectification: Rectification | null;
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
    holds: [{ unitId: accept.unitId, fromMs: atMs }],
    statusBeforePause: null,
    forwardedTo: [],
    openedTo: [accept.unitId],
    missingMaterials: [],
    providedMaterials: accept.data.provided ?? [],
    greenChannel: accept.data.greenChannel === true,
    pauses: [],
    concludedAtMs: null,
    rating: null,
    ratedAtMs: null,
    urgeCount: 0,
    superviseCount: 0,
    supervision: [],
    rectification: null,
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

/** The supervision item a reply or a closure names. */
export function supervisionItem(state: CaseState, eventId: string | undefined): SupervisionItem | undefined {
  return eventId === undefined ? undefined : state.supervision.find((item) => item.eventId === eventId);
}

/** Still waiting for the urged unit's reply. */
export function awaitsReply(item: SupervisionItem): boolean {
  return item.reply === null && item.closedAtMs === null;
}

/** Still open: an urge until it is answered, a supervision until its opener closes it. */
export function isOpenItem(item: SupervisionItem): boolean {
  return item.kind === 'urge' ? awaitsReply(item) : item.closedAtMs === null;
}

/** A rectification not yet closed. */
export function isOpenRectification(rectification: Rectification | null): rectification is Rectification {
  return rectification !== null && rectification.closedAtMs === null;
}

/** One supervision item changed, the others kept. */
export function withItem(state: CaseState, eventId: string, change: (item: SupervisionItem) => SupervisionItem): CaseState {
  return { ...state, supervision: state.supervision.map((item) => (item.eventId === eventId ? change(item) : item)) };
}
