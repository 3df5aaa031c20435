import type { CaseDoc } from '../types.ts';
import type { CaseState } from './case-state.ts';

/** What the indicators count of a case (the stored `figures`). */
export type CaseFigures = CaseDoc['figures'];

/**
 * The figures of a folded case: the moments of its course, free of any calendar. Pure; stored on
 * the case by `materializeCase` so that the hub's views can emit them.
 */
export function caseFiguresOf(state: CaseState): CaseFigures {
  const concluded = state.concludedAtMs !== null;
  return {
    acceptedAt: state.acceptedAtMs,
    promisedDays: state.promisedDays,
    holds: state.holds.map((hold) => ({ unitId: hold.unitId, from: hold.fromMs })),
    pauses: state.pauses.map((pause) => ({ from: pause.startMs, to: pause.endMs, reason: pause.reason })),
    // 撤回 ends the case but decides nothing; 准予 and 不予 (picked up or not) are 办结.
    outcome: !concluded ? '' : state.status === 'withdrawn' ? 'withdrawn' : 'decided',
    concludedAt: state.concludedAtMs,
    rating: state.rating,
    ratedAt: state.ratedAtMs,
    followUps: state.supervision.map((item) => ({ kind: item.kind, to: item.addressedTo, at: item.openedAtMs, days: item.replyDays, repliedAt: item.reply?.atMs ?? null })),
    rectification: state.rectification === null ? null : { unitId: state.rectification.unitId, at: state.rectification.openedAtMs, closedAt: state.rectification.closedAtMs },
  };
}
