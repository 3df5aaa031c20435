import type { CaseState } from './case-state.ts';
import { ancestorsOf, type UnitTree } from './unit-tree.ts';

/**
 * Who may see a case: every unit a step that took effect opened it to (the accepting station, the
 * units it was actually forwarded to, as each step's registry entry says), and all their ancestors
 * (全程监督: every step is visible to the levels above). A step the fold did not apply opens
 * nothing. Sorted, without repeats.
 */
export function caseVisibility(state: Pick<CaseState, 'openedTo'>, tree: UnitTree): string[] {
  const seen = new Set<string>();
  for (const unit of state.openedTo) {
    seen.add(unit);
    for (const ancestor of ancestorsOf(unit, tree)) seen.add(ancestor);
  }
  return [...seen].sort();
}
