import type { Actor } from '../types.ts';
import { availableSteps } from './available-steps.ts';
import type { CaseState } from './case-state.ts';
import type { UnitTree } from './unit-tree.ts';

/** What happens to a case right after it is accepted, in the same write as the acceptance. */
export type AcceptanceRouting =
  | { readonly kind: 'concluded' }
  | { readonly kind: 'forwarded'; readonly toUnitId: string }
  | { readonly kind: 'kept' };

/**
 * 即办件 decided at the accepting unit's tier are concluded on the spot; anything decided elsewhere
 * is forwarded towards the tier that decides it (one level at a time, as forwarding goes); a
 * commitment item decided here stays on the desk. Read off the steps the registry offers, so the
 * policy can never pick a step the gateway would refuse.
 */
export function routeAfterAcceptance(state: CaseState, actor: Actor, tree: UnitTree): AcceptanceRouting {
  const offered = availableSteps(state, actor, tree);
  if (state.kind === 'instant' && offered.some((s) => s.type === 'approve')) return { kind: 'concluded' };
  const toUnitId = offered.find((s) => s.type === 'forward')?.options[0]?.toUnitId;
  return toUnitId === undefined ? { kind: 'kept' } : { kind: 'forwarded', toUnitId };
}
