import type { FollowStepType, StepDataField, StepDataSpec } from '../../schemas/rules/case-step.ts';
import { CASE_STEPS } from '../../schemas/rules/case-steps.ts';
import type { CaseEvent } from '../../schemas/types.ts';

type EventData = CaseEvent['data'];

/** A sample value for each data field a step may need (accept's own fields aside). */
const SAMPLE_DATA: EventData = {
  missing: ['household-register'],
  provided: ['household-register'],
  note: '处理意见 / a note for the record',
  rating: 4,
  deliveryMode: 'station',
  replyDays: 2,
};

/**
 * Valid `data` for any step but accept, from its registry entry: the fields it needs, with sample
 * values or the ones given. A new step needs nothing here unless it brings a new data field.
 */
export function sampleStepData(type: FollowStepType, given: EventData = {}): EventData {
  const spec: StepDataSpec = CASE_STEPS[type].data;
  const data: Record<string, unknown> = {};
  for (const [field, need] of Object.entries(spec) as [StepDataField, StepDataSpec[StepDataField]][]) {
    const value = given[field] ?? (need === 'required' || need === 'nonempty' || need === 'option' ? SAMPLE_DATA[field] : undefined);
    if (value !== undefined) data[field] = value;
  }
  return data as EventData;
}
