import type { Actor, CaseDoc, CaseEvent, EventReceipt, Role, ServiceItem } from '../types.ts';
import { materializeCase } from './case-doc.ts';
import type { CaseState } from './case-state.ts';
import type { FollowStep } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { caseVisibility } from './case-visibility.ts';
import { validateEventData } from './event-data.ts';
import { byStamp } from './event-order.ts';
import { foldCase } from './fold.ts';
import { DEFAULT_MAX_CLOCK_AHEAD_MS, hlcWallMs, isHlc } from './hlc.ts';
import { canonicalJson, unionReceipts } from './merge.ts';
import { refuse, type RuleRefusal } from './rule-errors.ts';
import type { UnitTree } from './unit-tree.ts';

export type CatalogRules = ReadonlyMap<string, Pick<ServiceItem, 'code' | 'acceptTiers' | 'decisionTier' | 'kind'>>;

export interface CaseWriteContext {
  readonly actor: Actor;
  readonly tree: UnitTree;
  readonly catalog: CatalogRules;
  /** Hub time: the receipt time of the events this write adds, and what their stamps are checked against. */
  readonly nowMs: number;
  /** How far ahead of `nowMs` a step may be stamped (default 5 minutes). */
  readonly maxClockAheadMs?: number;
  /** How long a station may have been offline, for step times (default 30 days). */
  readonly offlineWindowMs?: number;
}

export interface CaseWriteAccepted {
  readonly ok: true;
  readonly doc: CaseDoc;
  readonly addedEvents: readonly CaseEvent[];
}

/** The history's schema cap (`caseSchema.events.maxItems`). */
export const CASE_EVENT_CAP = 500;
/** Room at the end of a history that only the unit holding the case may use: its decision stays possible. */
export const HOLDER_RESERVE = 50;
/**
 * How many steps of one unit that could not take effect a case may hold. Generous: a hall that
 * worked a case offline for a day, while the citizen withdrew it at the station, has all of that
 * work land as conflicts at once, and it must not be refused; the bound only stops padding.
 */
export const MAX_UNAPPLIED_PER_UNIT = 50;

/**
 * Decide whether a unit may write this case as it sends it, and what the hub then stores. A write
 * may only add events: authored by the actor, in steps its role and tier allow, to a case visible to
 * its unit. Events already stored are immutable; events missing from the write are kept (a stale
 * replica is not a deletion). The stored doc is the union, refolded, with visibility and receipts
 * computed here, never taken from the writer.
 */
export function authorizeCaseWrite(
  incoming: Pick<CaseDoc, 'id' | 'events'>,
  existing: CaseDoc | null,
  ctx: CaseWriteContext,
): CaseWriteAccepted | RuleRefusal {
  // A case the caller may not see is judged as if the id were unused: the answer is the one any
  // unused id of that shape gets, so no refusal tells a unit which cases exist elsewhere.
  const known = existing !== null && isVisible(existing, ctx) ? existing : null;
  const verdict = judge(incoming, known, ctx);
  if (verdict.ok && existing !== null && known === null) {
    return refuse('ERR_CASE_ID_FORM', `case ${incoming.id} cannot be accepted at ${ctx.actor.unitId}`);
  }
  return verdict;
}

function isVisible(doc: CaseDoc, ctx: CaseWriteContext): boolean {
  if (doc.visibleTo.includes(ctx.actor.unitId)) return true;
  const state = foldCase(doc.events, doc.receipts, ctx.offlineWindowMs);
  return state !== null && caseVisibility(state, ctx.tree).includes(ctx.actor.unitId);
}

function judge(incoming: Pick<CaseDoc, 'id' | 'events'>, known: CaseDoc | null, ctx: CaseWriteContext): CaseWriteAccepted | RuleRefusal {
  const stored = new Map((known?.events ?? []).map((e) => [e.id, e]));
  const added: CaseEvent[] = [];
  for (const event of incoming.events) {
    const before = stored.get(event.id);
    const twin = before ?? added.find((e) => e.id === event.id);
    if (twin === undefined) {
      added.push(event);
    } else if (canonicalJson(twin) !== canonicalJson(event)) {
      return refuse('ERR_EVENT_MODIFIED', `event ${event.id} of case ${incoming.id} differs from ${before === undefined ? 'another event with its id' : 'the stored one'}`);
    }
  }

  const receipts = unionReceipts(known?.receipts ?? [], added.map((e) => ({ eventId: e.id, at: ctx.nowMs })));
  let history: CaseEvent[] = [...(known?.events ?? [])];
  for (const event of [...added].sort(byStamp)) {
    const refusal = checkAddedEvent(event, history, receipts, incoming.id, ctx);
    if (refusal !== null) return refusal;
    history = [...history, event];
  }

  const state = foldCase(history, receipts, ctx.offlineWindowMs);
  if (state === null) return refuse('ERR_CASE_NOT_ACCEPTED', `case ${incoming.id} has no accept event`);
  if (added.length > 0) {
    const before = known === null ? null : foldCase(known.events, known.receipts, ctx.offlineWindowMs);
    const limit = checkLimits(history, added, state, before, incoming.id, ctx.actor);
    if (limit !== null) return limit;
  }
  const visibleTo = [...(known?.visibleTo ?? []), ...caseVisibility(state, ctx.tree)];
  const doc = materializeCase(incoming.id, history, receipts, visibleTo);
  if (doc === null) return refuse('ERR_CASE_NOT_ACCEPTED', `case ${incoming.id} has no accept event`);
  return { ok: true, doc, addedEvents: added };
}

/** Who wrote it, when it says it happened, and its data, for every step; then what its registry entry checks. */
function checkAddedEvent(event: CaseEvent, history: readonly CaseEvent[], receipts: readonly EventReceipt[], caseId: string, ctx: CaseWriteContext): RuleRefusal | null {
  const { actor, tree } = ctx;
  const where = `event ${event.id} (${event.type}) of case ${caseId}`;
  if (event.unitId !== actor.unitId) return refuse('ERR_EVENT_FORGED_UNIT', `${where} is signed by unit ${event.unitId}, caller is ${actor.unitId}`);
  if (event.workerId !== actor.workerId) return refuse('ERR_EVENT_FORGED_WORKER', `${where} is signed by worker ${event.workerId}, caller is ${actor.workerId}`);
  if (event.workerName !== undefined && actor.workerName !== undefined && event.workerName !== actor.workerName) {
    return refuse('ERR_EVENT_FORGED_WORKER', `${where} names its worker ${event.workerName}; the account's name is ${actor.workerName}`);
  }
  if (!isHlc(event.hlc)) return refuse('ERR_EVENT_DATA', `${where} has no valid clock stamp: ${event.hlc.slice(0, 40)}`);
  const aheadMs = hlcWallMs(event.hlc) - ctx.nowMs;
  if (aheadMs > (ctx.maxClockAheadMs ?? DEFAULT_MAX_CLOCK_AHEAD_MS)) return refuse('ERR_CLOCK_AHEAD', `${where} is stamped ${Math.round(aheadMs / 1000)} s ahead of the hub's clock`);
  const roles: readonly Role[] = CASE_STEPS[event.type].roles;
  if (!roles.includes(actor.role)) return refuse('ERR_ROLE_FORBIDS', `role ${actor.role} may not record ${event.type}`);
  const data = validateEventData(event);
  if (!data.ok) return data;

  if (event.type === 'accept') return CASE_STEPS.accept.checkWrite({ event, caseId, actor, tree, where, catalog: ctx.catalog, history });

  const state = foldCase(history, receipts, ctx.offlineWindowMs);
  if (state === null) return refuse('ERR_CASE_NOT_ACCEPTED', `${where} comes before any accept event`);
  const step: FollowStep = CASE_STEPS[event.type];
  return step.checkWrite({ event, caseId, actor, tree, where, state });
}

/**
 * No unit can freeze a case: one unit's steps that cannot take effect are bounded, so are the
 * steps a unit may repeat without the holder (urges), and the end of the history is kept for the
 * unit holding the case, whose decision must always remain possible.
 */
function checkLimits(history: readonly CaseEvent[], added: readonly CaseEvent[], after: CaseState, before: CaseState | null, caseId: string, actor: Actor): RuleRefusal | null {
  const unitOf = new Map(history.map((e) => [e.id, e.unitId]));
  const unapplied = (state: CaseState | null): number => (state?.conflicts ?? []).filter((c) => unitOf.get(c.eventId) === actor.unitId).length;
  const nowUnapplied = unapplied(after);
  if (nowUnapplied > MAX_UNAPPLIED_PER_UNIT && nowUnapplied > unapplied(before)) {
    return refuse('ERR_CASE_CONFLICT_LIMIT', `case ${caseId} would hold ${nowUnapplied} steps of ${actor.unitId} that do not take effect (at most ${MAX_UNAPPLIED_PER_UNIT})`);
  }
  for (const type of new Set(added.map((e) => e.type))) {
    if (type === 'accept') continue;
    const limit = CASE_STEPS[type].limitPerUnit;
    const taken = history.filter((e) => e.type === type && e.unitId === actor.unitId).length;
    if (limit !== null && taken > limit) return refuse('ERR_STEP_LIMIT', `${actor.unitId} has taken ${type} ${taken} times on case ${caseId} (at most ${limit})`);
  }
  const holder = before?.holderUnitId ?? actor.unitId;
  if (actor.unitId !== holder && history.length > CASE_EVENT_CAP - HOLDER_RESERVE) {
    return refuse('ERR_CASE_FULL', `case ${caseId} holds ${history.length} events; the last ${HOLDER_RESERVE} are kept for its holder ${holder}`);
  }
  return null;
}
