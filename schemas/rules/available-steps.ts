import type { Actor, CaseEvent } from '../types.ts';
import type { CaseState } from './case-state.ts';
import { standsInRelation, type FollowStep, type FollowStepType } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { isAncestor, type UnitTree } from './unit-tree.ts';

export interface AvailableStep {
  readonly type: FollowStepType;
  /**
   * The step's options: the data its `option` fields take, one entry per way to take it now (a unit
   * to forward to, an urge to answer), sensible first. One empty entry for a step without options.
   */
  readonly options: readonly CaseEvent['data'][];
}

const FOLLOW_STEPS = (Object.keys(CASE_STEPS) as (keyof typeof CASE_STEPS)[]).filter((type): type is FollowStepType => type !== 'accept');

/**
 * The steps this actor may take on the case now, in registry order: its role may record them, it
 * stands to the case as the step needs, the step fits the case's status, and the gateway's write
 * check would pass. The consoles offer exactly these; the fold and the gateway decide by the same
 * entries, so a step offered here is one the hub takes (unless the case moves on meanwhile).
 */
export function availableSteps(state: CaseState, actor: Actor, tree: UnitTree): AvailableStep[] {
  const available: AvailableStep[] = [];
  const isAbove = (unitId: string, below: string): boolean => isAncestor(unitId, below, tree);
  for (const type of FOLLOW_STEPS) {
    const step: FollowStep = CASE_STEPS[type];
    if (!step.roles.includes(actor.role) || !step.from.includes(state.status)) continue;
    const candidates = step.options === null ? [{}] : step.options(state, actor, tree);
    const options = candidates.filter((data) => {
      const event = candidateEvent(type, data, state, actor);
      return standsInRelation(step.relation, state, event, isAbove) &&
        (step.guard === null || step.guard(state, event)) &&
        step.checkWrite({ event, caseId: 'candidate', actor, tree, where: `a ${type} step`, state }) === null;
    });
    if (options.length > 0) available.push({ type, options });
  }
  return available;
}

/** The step as the actor would take it, its typed data aside: what relation, guard and write check look at. */
function candidateEvent(type: FollowStepType, data: CaseEvent['data'], state: CaseState, actor: Actor): CaseEvent {
  return { id: 'e_candidate', type, unitId: actor.unitId, workerId: actor.workerId, deviceId: 'candidate', deviceTime: new Date(0).toISOString(), hlc: state.lastHlc, data };
}
