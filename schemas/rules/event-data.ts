import type { CaseEvent, CaseEventType } from '../types.ts';
import { refuse, RULE_OK, type RuleResult } from './rule-errors.ts';

type DataField = keyof CaseEvent['data'];

/** Which `data` fields each step needs, and which it may carry besides. */
const EVENT_DATA: Record<CaseEventType, { required: readonly DataField[]; optional: readonly DataField[] }> = {
  accept: { required: ['caseNumber', 'queryCode', 'item', 'applicant'], optional: ['provided', 'greenChannel', 'note'] },
  forward: { required: ['toUnitId'], optional: ['note'] },
  request_supplement: { required: ['missing'], optional: ['note'] },
  supplement: { required: ['provided'], optional: ['note'] },
  suspend: { required: ['note'], optional: [] },
  resume: { required: [], optional: ['note'] },
  approve: { required: [], optional: ['note'] },
  refuse: { required: ['note'], optional: [] },
  withdraw: { required: [], optional: ['note'] },
  pickup: { required: ['deliveryMode'], optional: ['note'] },
  rate: { required: ['rating'], optional: ['note'] },
  urge: { required: [], optional: ['note'] },
  supervise: { required: ['note'], optional: [] },
};

export function validateEventData(event: CaseEvent): RuleResult {
  const spec = EVENT_DATA[event.type];
  const present = Object.keys(event.data) as DataField[];
  const missing = spec.required.filter((field) => event.data[field] === undefined);
  if (missing.length > 0) return refuse('ERR_EVENT_DATA', `${event.type} event ${event.id} lacks ${missing.join(', ')}`);
  const extra = present.filter((field) => !spec.required.includes(field) && !spec.optional.includes(field));
  if (extra.length > 0) return refuse('ERR_EVENT_DATA', `${event.type} event ${event.id} must not carry ${extra.join(', ')}`);
  if (event.type === 'request_supplement' && event.data.missing?.length === 0) {
    return refuse('ERR_EVENT_DATA', `request_supplement event ${event.id} names no missing material`);
  }
  return RULE_OK;
}
