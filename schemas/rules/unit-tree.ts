import type { Unit } from '../types.ts';

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

export function isAncestor(maybeAncestor: string, unitId: string, tree: UnitTree): boolean {
  return ancestorsOf(unitId, tree).includes(maybeAncestor);
}
