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
/** Steps that name a unit (forward, urge): worded up or down to that unit. */
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

/** Whether the step's data has this field (beyond its note). */
export function asksFor(type: FollowStepType, field: 'missing' | 'rating' | 'deliveryMode' | 'provided' | 'replyDays'): boolean {
  return needOf(type, field) !== undefined;
}

/** Whether the worker types or picks anything to take the step: if not, one button takes it. */
export function asksWorker(type: FollowStepType): boolean {
  return asksNote(type) || asksFor(type, 'missing') || asksFor(type, 'replyDays');
}

/** Working days a unit may be given to reply to an urge or supervision; the first is the default. */
export const REPLY_DAY_CHOICES = [3, 1, 2, 5, 10] as const;

/** The ways a result reaches the citizen, each its own button; the first is the plain `data-action`. */
export const DELIVERY_MODES = [
  { mode: 'station', action: '' },
  { mode: 'door_to_door', action: '-door' },
] as const;
