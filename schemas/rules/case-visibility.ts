import type { CaseEvent } from '../types.ts';
import { CASE_STEPS } from './case-steps.ts';
import { ancestorsOf, type UnitTree } from './unit-tree.ts';

/**
 * Who may see a case: every unit a step of its history opened it to (the accepting station, the
 * units it was forwarded to, as each step's registry entry says), and all their ancestors (全程监督:
 * every step is visible to the levels above). Sorted, without repeats.
 */
export function caseVisibility(events: readonly CaseEvent[], tree: UnitTree): string[] {
  const seen = new Set<string>();
  for (const event of events) {
    for (const unit of CASE_STEPS[event.type].opensTo(event)) {
      seen.add(unit);
      for (const ancestor of ancestorsOf(unit, tree)) seen.add(ancestor);
    }
  }
  return [...seen].sort();
}
