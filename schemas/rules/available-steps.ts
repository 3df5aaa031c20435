import type { Actor, CaseEvent } from '../types.ts';
import type { CaseState } from './case-state.ts';
import { standsInRelation, type FollowStep, type FollowStepType } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { isAncestor, type UnitTree } from './unit-tree.ts';

export interface AvailableStep {
  readonly type: FollowStepType;
  /** For a step that names a unit (`toUnitId`): where it may go now, sensible first; else empty. */
  readonly targets: readonly string[];
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
  for (const type of FOLLOW_STEPS) {
    const step: FollowStep = CASE_STEPS[type];
    if (!step.roles.includes(actor.role) || !step.from.includes(state.status)) continue;
    if (!standsInRelation(step.relation, state, actor.unitId, (unitId, below) => isAncestor(unitId, below, tree)) || (step.guard !== null && !step.guard(state))) continue;
    if (step.targets === null) {
      if (passesWriteCheck(step, type, {}, state, actor, tree)) available.push({ type, targets: [] });
      continue;
    }
    const targets = step.targets(state, actor, tree).filter((toUnitId) => passesWriteCheck(step, type, { toUnitId }, state, actor, tree));
    if (targets.length > 0) available.push({ type, targets });
  }
  return available;
}

function passesWriteCheck(step: FollowStep, type: FollowStepType, data: CaseEvent['data'], state: CaseState, actor: Actor, tree: UnitTree): boolean {
  const event: CaseEvent = { id: 'e_candidate', type, unitId: actor.unitId, workerId: actor.workerId, deviceId: 'candidate', deviceTime: new Date(0).toISOString(), hlc: state.lastHlc, data };
  return step.checkWrite({ event, caseId: 'candidate', actor, tree, where: `a ${type} step`, state }) === null;
}
