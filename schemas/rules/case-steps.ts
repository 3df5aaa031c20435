import type { Actor, Role, Tier } from '../types.ts';
import { caseIdPrefix } from './case-ids.ts';
import { acceptedState, closePauses, pauseClock, resumeClock, type CaseState } from './case-state.ts';
import { CASE_STATUS_GROUPS } from './case-status.ts';
import { foldDecides, type CaseStepRegistry, type FollowStepWriteCheck } from './case-step.ts';
import { refuse, type RuleRefusal } from './rule-errors.ts';
import { ancestorsOf, type UnitTree } from './unit-tree.ts';

/** Everyone who works on cases; editors and admins work on the catalog and the network only. */
const CASE_WORKERS: readonly Role[] = ['community_worker', 'street_clerk', 'city_supervisor'];
/** The levels above a station: street halls and the city. */
const SUPERVISORS: readonly Role[] = ['street_clerk', 'city_supervisor'];

const opensNothing = (): readonly string[] => [];
const TIER_RANK: Record<Tier, number> = { community: 0, street: 1, city: 2 };

/**
 * The case-step registry: everything the system knows about each step of a case, in one entry per
 * step. The fold, the gateway's write check, visibility, the consoles' actions and timeline, and
 * the tests all read it.
 */
export const CASE_STEPS = {
  /** 受理: a station (or hall) takes the citizen's application for a catalog item. */
  accept: {
    data: { caseNumber: 'required', queryCode: 'required', item: 'required', applicant: 'required', provided: 'optional', greenChannel: 'optional', note: 'optional' },
    roles: CASE_WORKERS,
    start: acceptedState,
    opensTo: (event) => [event.unitId],
    checkWrite: ({ event, actor, catalog, history, caseId, where }) => {
      if (!caseId.startsWith(caseIdPrefix(actor.unitId))) return refuse('ERR_CASE_ID_FORM', `case ${caseId} accepted at ${actor.unitId} must have an id starting ${caseIdPrefix(actor.unitId)}`);
      if (history.some((e) => e.type === 'accept')) return refuse('ERR_CASE_EXISTS', `case ${caseId} is already accepted`);
      const snapshot = event.data.item;
      const item = snapshot === undefined ? undefined : catalog.get(snapshot.code);
      if (snapshot === undefined || item === undefined) return refuse('ERR_EVENT_DATA', `${where} names an item not in the catalog`);
      if (!item.acceptTiers.includes(actor.tier)) return refuse('ERR_ACCEPT_TIER', `${item.code} is not accepted at tier ${actor.tier}`);
      // Who decides and whether it is instant come from the catalog, never from the station:
      // otherwise a station could make a city-decided item its own to approve.
      if (snapshot.decisionTier !== item.decisionTier || snapshot.kind !== item.kind) {
        return refuse('ERR_EVENT_DATA', `${where} says ${snapshot.code} is a ${snapshot.kind} item decided at ${snapshot.decisionTier}; the catalog says ${item.kind} at ${item.decisionTier}`);
      }
      return null;
    },
    timeline: () => ({ key: 'event.accept' }) as const,
  },

  /** 转办 / 上报: the holder hands the case to the unit directly above or below it. */
  forward: {
    data: { toUnitId: 'required', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, event) => {
      const to = event.data.toUnitId ?? state.holderUnitId;
      return { ...state, status: 'handling', holderUnitId: to, forwardedTo: [...state.forwardedTo, to] };
    },
    opensTo: (event) => (event.data.toUnitId === undefined ? [] : [event.data.toUnitId]),
    checkWrite: ({ event, actor, tree, where }) => {
      const target = event.data.toUnitId ?? '';
      const adjacent = tree.get(actor.unitId)?.parentId === target || tree.get(target)?.parentId === actor.unitId;
      if (!tree.has(target) || !adjacent) return refuse('ERR_FORWARD_TARGET', `${where} forwards to ${target}, not adjacent to ${actor.unitId}`);
      return null;
    },
    targets: towardsDecidingTier,
    confirm: false,
    limitPerUnit: null,
    timeline: (event) => ({ key: 'event.forward', unitId: event.data.toUnitId ?? '' }) as const,
  },

  /** 补齐补正: the holder names what is missing; the clock stops until the citizen brings it. */
  request_supplement: {
    data: { missing: 'nonempty', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, event, atMs) => ({ ...pauseClock(state, 'supplement_requested', 'supplement', atMs), missingMaterials: event.data.missing ?? [] }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.request_supplement' }) as const,
  },

  /** The citizen brought the missing materials, at the holder or at the accepting station. */
  supplement: {
    data: { provided: 'required', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'holder-or-acceptor',
    from: CASE_STATUS_GROUPS.awaitingMaterials,
    guard: null,
    apply: (state, _event, atMs) => ({ ...resumeClock(state, atMs), missingMaterials: [] }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.supplement' }) as const,
  },

  /** 挂起: a special procedure (public notice, appraisal) stops the clock. */
  suspend: {
    data: { note: 'required' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, _event, atMs) => pauseClock(state, 'suspended', 'suspension', atMs),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.suspend' }) as const,
  },

  /** 恢复: the procedure is over, the clock runs again. */
  resume: {
    data: { note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: ['suspended'],
    guard: null,
    apply: (state, _event, atMs) => resumeClock(state, atMs),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.resume' }) as const,
  },

  /** 准予: the deciding tier grants the application. */
  approve: {
    data: { note: 'offered' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, _event, atMs) => ({ ...state, status: 'approved', concludedAtMs: atMs }),
    opensTo: opensNothing,
    checkWrite: decidedAtCallersTier,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.approve' }) as const,
  },

  /** 不予: the deciding tier refuses, with its reason. */
  refuse: {
    data: { note: 'required' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, _event, atMs) => ({ ...state, status: 'refused', concludedAtMs: atMs }),
    opensTo: opensNothing,
    checkWrite: decidedAtCallersTier,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.refuse' }) as const,
  },

  /** 撤回: at the citizen's request, at the station that accepted it; the case ends. */
  withdraw: {
    data: { note: 'offered' },
    roles: CASE_WORKERS,
    relation: 'acceptor',
    from: CASE_STATUS_GROUPS.underWay,
    guard: null,
    apply: (state, _event, atMs) => ({ ...state, status: 'withdrawn', concludedAtMs: atMs, pauses: closePauses(state.pauses, atMs) }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: true,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.withdraw' }) as const,
  },

  /** 取件 / 送达: the result reaches the citizen, at the station or at the door. */
  pickup: {
    data: { deliveryMode: 'required', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'acceptor',
    from: CASE_STATUS_GROUPS.concluded,
    guard: null,
    apply: (state) => ({ ...state, status: 'delivered' }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: (event) => (event.data.deliveryMode === 'door_to_door' ? { key: 'event.pickupDoor' } as const : { key: 'event.pickup' } as const),
  },

  /** 好差评: the citizen's rating, once, after the case is decided or over. */
  rate: {
    data: { rating: 'required', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'acceptor',
    from: CASE_STATUS_GROUPS.finished,
    guard: (state) => state.rating === null,
    apply: (state, event) => ({ ...state, rating: event.data.rating ?? null }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: null,
    timeline: (event) => ({ key: 'event.rate', rating: event.data.rating ?? 3 }) as const,
  },

  /** 催办: a level above asks for speed. */
  urge: {
    data: { note: 'optional' },
    roles: SUPERVISORS,
    relation: 'above-acceptor',
    from: CASE_STATUS_GROUPS.underWay,
    guard: null,
    apply: (state) => ({ ...state, urgeCount: state.urgeCount + 1 }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: 20,
    timeline: () => ({ key: 'event.urge' }) as const,
  },

  /** 督办: a level above takes the case under supervision, with its instruction. */
  supervise: {
    data: { note: 'required' },
    roles: SUPERVISORS,
    relation: 'above-acceptor',
    from: CASE_STATUS_GROUPS.underWay,
    guard: null,
    apply: (state) => ({ ...state, superviseCount: state.superviseCount + 1 }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    targets: null,
    confirm: false,
    limitPerUnit: 20,
    timeline: () => ({ key: 'event.supervise' }) as const,
  },
} as const satisfies CaseStepRegistry;

export type CaseStepLabelKey = ReturnType<(typeof CASE_STEPS)[keyof typeof CASE_STEPS]['timeline']>['key'];

/** Only the tier the item names decides it (办理层级): fixed at acceptance, so checked at write. */
function decidedAtCallersTier({ state, actor }: FollowStepWriteCheck): RuleRefusal | null {
  if (state.decisionTier !== actor.tier) return refuse('ERR_DECISION_TIER', `${state.itemCode} is decided at ${state.decisionTier}, caller is ${actor.tier}`);
  return null;
}

/**
 * Where a holder sends a case: one level up while the deciding tier is above it, one level down
 * (towards the accepting station) when it is below; nowhere when the case is decided here.
 */
function towardsDecidingTier(state: CaseState, actor: Actor, tree: UnitTree): readonly string[] {
  const here = TIER_RANK[actor.tier];
  const deciding = TIER_RANK[state.decisionTier];
  if (deciding > here) {
    const parent = tree.get(actor.unitId)?.parentId;
    return parent === null || parent === undefined ? [] : [parent];
  }
  if (deciding < here) {
    const path = [state.acceptedUnitId, ...ancestorsOf(state.acceptedUnitId, tree)];
    const child = path.find((unitId) => tree.get(unitId)?.parentId === actor.unitId);
    return child === undefined ? [] : [child];
  }
  return [];
}
