import type { CaseEvent, Unit } from '../types.ts';

export type UnitTree = ReadonlyMap<string, Pick<Unit, 'id' | 'parentId' | 'tier'>>;

export function unitTreeOf(units: readonly Pick<Unit, 'id' | 'parentId' | 'tier'>[]): UnitTree {
  return new Map(units.map((u) => [u.id, u]));
}

/** The unit's parent, grandparent, ... up to the city; stops on a cycle or an unknown unit. */
export function ancestorsOf(unitId: string, tree: UnitTree): string[] {
  const ancestors: string[] = [];
  let current = tree.get(unitId)?.parentId ?? null;
  while (current !== null && !ancestors.includes(current) && current !== unitId) {
    ancestors.push(current);
    current = tree.get(current)?.parentId ?? null;
  }
  return ancestors;
}

/**
 * Who may see a case: the unit that accepted it, every unit it was forwarded to, and all their
 * ancestors (全程监督: every step is visible to the levels above). Sorted, without repeats.
 */
export function caseVisibility(events: readonly CaseEvent[], tree: UnitTree): string[] {
  const seen = new Set<string>();
  for (const event of events) {
    const units = event.type === 'accept' ? [event.unitId] : event.type === 'forward' && event.data.toUnitId ? [event.data.toUnitId] : [];
    for (const unit of units) {
      seen.add(unit);
      for (const ancestor of ancestorsOf(unit, tree)) seen.add(ancestor);
    }
  }
  return [...seen].sort();
}

export function isAncestor(maybeAncestor: string, unitId: string, tree: UnitTree): boolean {
  return ancestorsOf(unitId, tree).includes(maybeAncestor);
}
