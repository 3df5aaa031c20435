import type { CaseEvent } from '../types.ts';
import type { StepDataField, StepDataSpec } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { refuse, RULE_OK, type RuleResult } from './rule-errors.ts';

/** An event's `data` as its step declares it: what it needs is there, nothing else is. */
export function validateEventData(event: CaseEvent): RuleResult {
  const spec: StepDataSpec = CASE_STEPS[event.type].data;
  const needs = Object.entries(spec) as [StepDataField, NonNullable<StepDataSpec[StepDataField]>][];
  const present = Object.keys(event.data) as StepDataField[];
  const missing = needs.filter(([field, need]) => (need === 'required' || need === 'nonempty' || need === 'option') && event.data[field] === undefined).map(([field]) => field);
  if (missing.length > 0) return refuse('ERR_EVENT_DATA', `${event.type} event ${event.id} lacks ${missing.join(', ')}`);
  const extra = present.filter((field) => spec[field] === undefined);
  if (extra.length > 0) return refuse('ERR_EVENT_DATA', `${event.type} event ${event.id} must not carry ${extra.join(', ')}`);
  const empty = needs.filter(([field, need]) => need === 'nonempty' && isEmptyList(event.data[field])).map(([field]) => field);
  if (empty.length > 0) return refuse('ERR_EVENT_DATA', `${event.type} event ${event.id} names nothing in ${empty.join(', ')}`);
  return RULE_OK;
}

function isEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length === 0;
}
