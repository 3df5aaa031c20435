import type { Actor, Role, Tier } from '../types.ts';
import { caseIdPrefix } from './case-ids.ts';
import { acceptedState, awaitsReply, closePauses, isOpenItem, isOpenRectification, pauseClock, resumeClock, supervisionItem, withItem, type CaseState } from './case-state.ts';
import { CASE_STATUS_GROUPS } from './case-status.ts';
import { foldDecides, type CaseStepRegistry, type FollowStep, type FollowStepWriteCheck } from './case-step.ts';
import { refuse, type RuleRefusal } from './rule-errors.ts';
import { ancestorsOf, isAncestor, type UnitTree } from './unit-tree.ts';

/** Everyone who works on cases; editors and admins work on the catalog and the network only. */
const CASE_WORKERS: readonly Role[] = ['community_worker', 'street_clerk', 'city_supervisor'];
/** The levels above a station: street halls and the city. */
const SUPERVISORS: readonly Role[] = ['street_clerk', 'city_supervisor'];

const opensNothing = (): readonly string[] => [];
const TIER_RANK: Record<Tier, number> = { community: 0, street: 1, city: 2 };
/** A rating this low opens a rectification (不满意, 非常不满意). */
export const RECTIFYING_RATING = 2;
/** Working days a unit has to rectify after a bad rating. */
export const RECTIFICATION_DAYS = 5;

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
    data: { toUnitId: 'option', note: 'optional' },
    roles: CASE_WORKERS,
    relation: 'holder',
    from: CASE_STATUS_GROUPS.workable,
    guard: null,
    apply: (state, event, atMs) => {
      const to = event.data.toUnitId ?? state.holderUnitId;
      return { ...state, status: 'handling', holderUnitId: to, holds: [...state.holds, { unitId: to, fromMs: atMs }], forwardedTo: [...state.forwardedTo, to] };
    },
    opensTo: (event) => (event.data.toUnitId === undefined ? [] : [event.data.toUnitId]),
    checkWrite: ({ event, actor, tree, where }) => {
      const target = event.data.toUnitId ?? '';
      const adjacent = tree.get(actor.unitId)?.parentId === target || tree.get(target)?.parentId === actor.unitId;
      if (!tree.has(target) || !adjacent) return refuse('ERR_FORWARD_TARGET', `${where} forwards to ${target}, not adjacent to ${actor.unitId}`);
      return null;
    },
    options: (state, actor, tree) => towardsDecidingTier(state, actor, tree).map((toUnitId) => ({ toUnitId })),
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
    options: null,
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
    apply: (state, event, atMs) => ({
      ...resumeClock(state, atMs),
      missingMaterials: [],
      providedMaterials: [...new Set([...state.providedMaterials, ...(event.data.provided ?? [])])],
    }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    options: null,
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
    options: null,
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
    options: null,
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
    options: null,
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
    options: null,
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
    options: null,
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
    options: null,
    confirm: false,
    limitPerUnit: null,
    timeline: (event) => (event.data.deliveryMode === 'door_to_door' ? { key: 'event.pickupDoor' } as const : { key: 'event.pickup' } as const),
  },

  /**
   * 好差评: the citizen's rating, once, after the case is decided or over, given on the device the
   * worker hands over (recorded by the accepting station) or on the public page. 不满意 and
   * 非常不满意 open a rectification for the unit that handled the case.
   */
  rate: {
    data: { rating: 'required', note: 'offered', via: 'optional' },
    roles: CASE_WORKERS,
    relation: 'acceptor',
    from: CASE_STATUS_GROUPS.finished,
    guard: (state) => state.rating === null,
    apply: (state, event, atMs) => {
      const rating = event.data.rating ?? null;
      if (rating === null || rating > RECTIFYING_RATING) return { ...state, rating, ratedAtMs: atMs };
      const rectification = { ratingEventId: event.id, rating, unitId: state.holderUnitId, openedAtMs: atMs, callbackAtMs: null, actionAtMs: null, closedAtMs: null };
      return { ...state, rating, ratedAtMs: atMs, rectification };
    },
    opensTo: opensNothing,
    checkWrite: foldDecides,
    options: null,
    confirm: false,
    limitPerUnit: null,
    timeline: (event) => ({ key: 'event.rate', rating: event.data.rating ?? 3 }) as const,
  },

  /** 催办: a level above the holder asks for speed, with a note and the working days it has to reply. */
  urge: supervisionStep('urge'),

  /** 督办: a level above the holder takes the case under supervision; it stays open until closed. */
  supervise: supervisionStep('supervise'),

  /** 回复: the urged unit answers an urge or supervision. */
  reply: {
    data: { replyTo: 'option', note: 'required' },
    roles: CASE_WORKERS,
    relation: 'addressee',
    from: CASE_STATUS_GROUPS.any,
    guard: (state, event) => {
      const item = supervisionItem(state, event.data.replyTo);
      return item !== undefined && awaitsReply(item);
    },
    apply: (state, event, atMs) => withItem(state, event.data.replyTo ?? '', (item) => ({ ...item, reply: { eventId: event.id, atMs, note: event.data.note ?? '' } })),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    options: (state, actor) => state.supervision.filter((item) => item.addressedTo === actor.unitId && awaitsReply(item)).map((item) => ({ replyTo: item.eventId })),
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.reply' }) as const,
  },

  /** 督办办结: the unit that opened a supervision closes it, once satisfied. */
  close_supervision: {
    data: { replyTo: 'option', note: 'offered' },
    roles: SUPERVISORS,
    relation: 'opener',
    from: CASE_STATUS_GROUPS.any,
    guard: (state, event) => {
      const item = supervisionItem(state, event.data.replyTo);
      return item !== undefined && item.kind === 'supervise' && isOpenItem(item);
    },
    apply: (state, event, atMs) => withItem(state, event.data.replyTo ?? '', (item) => ({ ...item, closedAtMs: atMs })),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    options: (state, actor) => state.supervision.filter((item) => item.openedBy === actor.unitId && item.kind === 'supervise' && isOpenItem(item)).map((item) => ({ replyTo: item.eventId })),
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key: 'event.close_supervision' }) as const,
  },

  /** 回访: the rectifying unit calls the citizen back. */
  callback: rectificationStep((r) => r.callbackAtMs === null, (r, atMs) => ({ ...r, callbackAtMs: atMs }), 'event.callback'),

  /** 整改: what the rectifying unit did about it. */
  rectify: rectificationStep((r) => r.actionAtMs === null, (r, atMs) => ({ ...r, actionAtMs: atMs }), 'event.rectify'),

  /** 整改办结: closed once the citizen was called back and something was done. */
  close_rectification: {
    ...rectificationStep((r) => r.callbackAtMs !== null && r.actionAtMs !== null, (r, atMs) => ({ ...r, closedAtMs: atMs }), 'event.close_rectification'),
    data: { note: 'offered' },
  },
} as const satisfies CaseStepRegistry;

export type CaseStepLabelKey = ReturnType<(typeof CASE_STEPS)[keyof typeof CASE_STEPS]['timeline']>['key'];

/** 催办 and 督办: the same step, but a supervision stays open until its opener closes it. */
function supervisionStep(kind: 'urge' | 'supervise') {
  return {
    data: { toUnitId: 'option', note: 'required', replyDays: 'required' },
    roles: SUPERVISORS,
    relation: 'above-holder',
    from: CASE_STATUS_GROUPS.underWay,
    // The urge names the unit it urges: it takes effect only if that unit still holds the case.
    guard: (state, event) => event.data.toUnitId === state.holderUnitId,
    apply: (state, event, atMs) => ({
      ...state,
      urgeCount: state.urgeCount + (kind === 'urge' ? 1 : 0),
      superviseCount: state.superviseCount + (kind === 'supervise' ? 1 : 0),
      supervision: [...state.supervision, {
        eventId: event.id,
        kind,
        openedBy: event.unitId,
        addressedTo: event.data.toUnitId ?? state.holderUnitId,
        openedAtMs: atMs,
        replyDays: event.data.replyDays ?? 1,
        note: event.data.note ?? '',
        reply: null,
        closedAtMs: null,
      }],
    }),
    opensTo: opensNothing,
    checkWrite: aboveTheUrgedUnit,
    options: (state) => [{ toUnitId: state.holderUnitId }],
    confirm: false,
    limitPerUnit: 20,
    timeline: (event) => ({ key: kind === 'urge' ? 'event.urge' : 'event.supervise', unitId: event.data.toUnitId ?? '' }) as const,
  } as const satisfies FollowStep;
}

/** A step of a rectification, by the unit that owes it, once each. */
function rectificationStep<Key extends string>(
  pending: (r: NonNullable<CaseState['rectification']>) => boolean,
  record: (r: NonNullable<CaseState['rectification']>, atMs: number) => NonNullable<CaseState['rectification']>,
  key: Key,
) {
  return {
    data: { note: 'required' },
    roles: CASE_WORKERS,
    relation: 'rectifier',
    from: CASE_STATUS_GROUPS.any,
    guard: (state: CaseState) => isOpenRectification(state.rectification) && pending(state.rectification),
    apply: (state: CaseState, _event: unknown, atMs: number): CaseState => (state.rectification === null ? state : { ...state, rectification: record(state.rectification, atMs) }),
    opensTo: opensNothing,
    checkWrite: foldDecides,
    options: null,
    confirm: false,
    limitPerUnit: null,
    timeline: () => ({ key }) as const,
  } as const satisfies FollowStep;
}

/** Only the tier the item names decides it (办理层级): fixed at acceptance, so checked at write. */
function decidedAtCallersTier({ state, actor }: FollowStepWriteCheck): RuleRefusal | null {
  if (state.decisionTier !== actor.tier) return refuse('ERR_DECISION_TIER', `${state.itemCode} is decided at ${state.decisionTier}, caller is ${actor.tier}`);
  return null;
}

/**
 * Only a unit above the one it urges may urge. The urged unit is named in the step, so this holds
 * whatever happened meanwhile; whether that unit still holds the case is the fold's question.
 */
function aboveTheUrgedUnit({ event, actor, tree }: FollowStepWriteCheck): RuleRefusal | null {
  const urged = event.data.toUnitId ?? '';
  if (!isAncestor(actor.unitId, urged, tree)) {
    return refuse('ERR_NOT_SUPERIOR', `${actor.unitId} is not above ${urged} (its superiors: ${ancestorsOf(urged, tree).join(', ')})`);
  }
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
