import type { DataNeed, FollowStepType, StepDataSpec } from '../../../schemas/rules/case-step.ts';
import { CASE_STEPS } from '../../../schemas/rules/case-steps.ts';

/**
 * What the console must ask for to take a step, read off the step's registry entry: a new step
 * that uses known data fields needs no console code, only its messages. The types below make a
 * missing message a compile error.
 */
type Spec<K extends FollowStepType> = (typeof CASE_STEPS)[K]['data'];
type NeedOf<K extends FollowStepType, F extends string> = Spec<K> extends { readonly [P in F]: infer N } ? N : never;

/** Steps whose form asks for a note (required or offered): they need a `.note` label. */
export type NotedStep = { [K in FollowStepType]: [NeedOf<K, 'note'>] extends [never] ? never : NeedOf<K, 'note'> extends 'required' | 'offered' ? K : never }[FollowStepType];
/** Steps that cannot go without a note: they need a `.noteRequired` message. */
export type NoteRequiredStep = { [K in FollowStepType]: [NeedOf<K, 'note'>] extends [never] ? never : NeedOf<K, 'note'> extends 'required' ? K : never }[FollowStepType];
/** Steps that name a unit: one button per target, worded up or down. */
export type TargetStep = { [K in FollowStepType]: [NeedOf<K, 'toUnitId'>] extends [never] ? never : K }[FollowStepType];
/** Steps that cannot be undone: they need `.confirm` and `.confirmYes` messages. */
export type ConfirmedStep = { [K in FollowStepType]: (typeof CASE_STEPS)[K]['confirm'] extends true ? K : never }[FollowStepType];

function needOf(type: FollowStepType, field: keyof StepDataSpec): DataNeed | undefined {
  const spec: StepDataSpec = CASE_STEPS[type].data;
  return spec[field];
}

export function asksNote(type: FollowStepType): type is NotedStep {
  const need = needOf(type, 'note');
  return need === 'required' || need === 'offered';
}

export function requiresNote(type: FollowStepType): type is NoteRequiredStep {
  return needOf(type, 'note') === 'required';
}

export function namesUnit(type: FollowStepType): type is TargetStep {
  return needOf(type, 'toUnitId') !== undefined;
}

export function needsConfirmation(type: FollowStepType): type is ConfirmedStep {
  return CASE_STEPS[type].confirm;
}

/** Whether the step's form asks the worker for this field (beyond its note). */
export function asksFor(type: FollowStepType, field: 'missing' | 'rating' | 'deliveryMode' | 'provided'): boolean {
  return needOf(type, field) !== undefined;
}

/** The ways a result reaches the citizen, each its own button; the first is the plain `data-action`. */
export const DELIVERY_MODES = [
  { mode: 'station', action: '' },
  { mode: 'door_to_door', action: '-door' },
] as const;
