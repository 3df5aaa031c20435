import type { CaseStatus } from '../types.ts';

/**
 * What each status means, in three plain traits; every named group of statuses below is derived
 * from them, so "open", "finished" and the like mean one thing everywhere (the fold, deadlines,
 * the consoles' tabs and counts).
 */
interface StatusTraits {
  /** Still being worked on, decided and waiting for pickup, or over. */
  readonly stage: 'under_way' | 'concluded' | 'closed';
  /** Whether the working-day clock of the time limit runs. */
  readonly clock: 'running' | 'paused' | 'stopped';
  /** Who the case waits for: a unit's worker, or the citizen (materials, pickup). */
  readonly awaiting: 'unit' | 'citizen' | 'nobody';
}

export const CASE_STATUS_TRAITS = {
  accepted: { stage: 'under_way', clock: 'running', awaiting: 'unit' },
  handling: { stage: 'under_way', clock: 'running', awaiting: 'unit' },
  supplement_requested: { stage: 'under_way', clock: 'paused', awaiting: 'citizen' },
  suspended: { stage: 'under_way', clock: 'paused', awaiting: 'unit' },
  approved: { stage: 'concluded', clock: 'stopped', awaiting: 'citizen' },
  refused: { stage: 'concluded', clock: 'stopped', awaiting: 'citizen' },
  withdrawn: { stage: 'closed', clock: 'stopped', awaiting: 'nobody' },
  delivered: { stage: 'closed', clock: 'stopped', awaiting: 'nobody' },
} as const satisfies Record<CaseStatus, StatusTraits>;

const ALL_STATUSES = Object.keys(CASE_STATUS_TRAITS) as CaseStatus[];

function statusesWhere(test: (traits: StatusTraits) => boolean): readonly CaseStatus[] {
  return ALL_STATUSES.filter((status) => test(CASE_STATUS_TRAITS[status]));
}

/** The named groups of statuses. */
export const CASE_STATUS_GROUPS = {
  /** Not yet decided: the levels above may urge or supervise it, the citizen may withdraw it. */
  underWay: statusesWhere((s) => s.stage === 'under_way'),
  /** Its holder can work on it now: forward, ask for materials, suspend, decide. */
  workable: statusesWhere((s) => s.stage === 'under_way' && s.clock === 'running'),
  /** The time limit's clock stands still (补齐补正, 挂起). */
  paused: statusesWhere((s) => s.clock === 'paused'),
  /** On a worker's desk: under way and waiting for a unit, not for the citizen. */
  onDesk: statusesWhere((s) => s.stage === 'under_way' && s.awaiting === 'unit'),
  /** Under way but waiting for the citizen to bring what is missing. */
  awaitingMaterials: statusesWhere((s) => s.stage === 'under_way' && s.awaiting === 'citizen'),
  /** Decided (准予 or 不予), waiting for the citizen to pick up the result. */
  concluded: statusesWhere((s) => s.stage === 'concluded'),
  /** Decided or over: nothing more is done on it but its rating. */
  finished: statusesWhere((s) => s.stage !== 'under_way'),
  /** Anything a unit still has to do something about, pickup included. */
  unclosed: statusesWhere((s) => s.stage !== 'closed'),
  /** Every status: for steps about the case's supervision or rating rather than its handling. */
  any: statusesWhere(() => true),
} as const;

export type CaseStatusGroup = keyof typeof CASE_STATUS_GROUPS;

export function inStatusGroup(status: CaseStatus, group: CaseStatusGroup): boolean {
  return CASE_STATUS_GROUPS[group].includes(status);
}
