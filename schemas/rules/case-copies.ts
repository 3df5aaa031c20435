import type { Tier } from '../types.ts';

/**
 * What a device keeps a copy of. A community station and a street hall copy every case they may
 * see: they work offline on all of them. The city center sees every case of the city but works on
 * few, so its device copies only the cases its unit works on (holds, held, or took a step on);
 * the rest it reads from the server, a page at a time, and copies one the moment it acts on it.
 */
export function copiesAllItSees(tier: Tier): boolean {
  return tier !== 'city';
}

/** The parts of a stored case that say who works on it; a stored document is a claim, so each is checked. */
interface WorkedCaseLike {
  readonly holderUnitId?: unknown;
  readonly events?: unknown;
  readonly [field: string]: unknown;
}

/**
 * The units that work on a case: its holder now, every unit a step named as where the case goes
 * (a unit that held it once, or was sent it), and every unit that took a step on it. Sorted, no
 * repeats. The hub's `liandong/by_worked_unit` view emits the same set (a test holds them equal).
 */
export function unitsWorkingOn(doc: WorkedCaseLike): string[] {
  const units = new Set<string>();
  if (typeof doc.holderUnitId === 'string' && doc.holderUnitId !== '') units.add(doc.holderUnitId);
  if (Array.isArray(doc.events)) {
    for (const event of doc.events as unknown[]) {
      if (typeof event !== 'object' || event === null) continue;
      const { unitId, data } = event as { unitId?: unknown; data?: unknown };
      if (typeof unitId === 'string' && unitId !== '') units.add(unitId);
      const toUnitId = typeof data === 'object' && data !== null ? (data as { toUnitId?: unknown }).toUnitId : undefined;
      if (typeof toUnitId === 'string' && toUnitId !== '') units.add(toUnitId);
    }
  }
  return [...units].sort();
}
