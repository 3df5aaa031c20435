import type { Actor, CaseDoc, CaseEvent, Role, ServiceItem } from '../types.ts';
import { materializeCase } from './case-doc.ts';
import type { FollowStep } from './case-step.ts';
import { CASE_STEPS } from './case-steps.ts';
import { caseVisibility } from './case-visibility.ts';
import { validateEventData } from './event-data.ts';
import { foldCase, sortEvents } from './fold.ts';
import { isHlc } from './hlc.ts';
import { canonicalJson, unionReceipts } from './merge.ts';
import { refuse, type RuleRefusal } from './rule-errors.ts';
import { ancestorsOf, isAncestor, type UnitTree } from './unit-tree.ts';

export type CatalogRules = ReadonlyMap<string, Pick<ServiceItem, 'code' | 'acceptTiers' | 'decisionTier' | 'kind'>>;

export interface CaseWriteContext {
  readonly actor: Actor;
  readonly tree: UnitTree;
  readonly catalog: CatalogRules;
  /** Hub receipt time for the events this write adds. */
  readonly nowMs: number;
}

export interface CaseWriteAccepted {
  readonly ok: true;
  readonly doc: CaseDoc;
  readonly addedEvents: readonly CaseEvent[];
}

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
  // A unit learns nothing of a case it may not see: not its events, not even by echo.
  if (existing !== null && !caseVisibility(existing.events, ctx.tree).includes(ctx.actor.unitId) && !existing.visibleTo.includes(ctx.actor.unitId)) {
    return refuse('ERR_CASE_NOT_VISIBLE', `case ${incoming.id} is not visible to ${ctx.actor.unitId}`);
  }
  const stored = new Map((existing?.events ?? []).map((e) => [e.id, e]));
  const added: CaseEvent[] = [];
  for (const event of incoming.events) {
    const before = stored.get(event.id);
    const twin = before ?? added.find((e) => e.id === event.id);
    if (twin === undefined) {
      added.push(event);
    } else if (canonicalJson(before) !== canonicalJson(event)) {
      return refuse('ERR_EVENT_MODIFIED', `event ${event.id} of case ${incoming.id} differs from ${before === undefined ? 'another event with its id' : 'the stored one'}`);
    }
  }

  let history: CaseEvent[] = [...(existing?.events ?? [])];
  for (const event of sortEvents(added)) {
    const refusal = checkAddedEvent(event, history, incoming.id, ctx);
    if (refusal !== null) return refusal;
    history = [...history, event];
  }

  const receipts = unionReceipts(existing?.receipts ?? [], added.map((e) => ({ eventId: e.id, at: ctx.nowMs })));
  const visibleTo = [...(existing?.visibleTo ?? []), ...caseVisibility(history, ctx.tree)];
  const doc = materializeCase(incoming.id, history, receipts, visibleTo);
  if (doc === null) return refuse('ERR_CASE_NOT_ACCEPTED', `case ${incoming.id} has no accept event`);
  return { ok: true, doc, addedEvents: added };
}

/** Who wrote it and its data, for every step; then what its registry entry checks at write time. */
function checkAddedEvent(event: CaseEvent, history: readonly CaseEvent[], caseId: string, ctx: CaseWriteContext): RuleRefusal | null {
  const { actor, tree } = ctx;
  const where = `event ${event.id} (${event.type}) of case ${caseId}`;
  if (event.unitId !== actor.unitId) return refuse('ERR_EVENT_FORGED_UNIT', `${where} is signed by unit ${event.unitId}, caller is ${actor.unitId}`);
  if (event.workerId !== actor.workerId) return refuse('ERR_EVENT_FORGED_WORKER', `${where} is signed by worker ${event.workerId}, caller is ${actor.workerId}`);
  if (!isHlc(event.hlc)) return refuse('ERR_EVENT_DATA', `${where} has no valid clock stamp: ${event.hlc.slice(0, 40)}`);
  const roles: readonly Role[] = CASE_STEPS[event.type].roles;
  if (!roles.includes(actor.role)) return refuse('ERR_ROLE_FORBIDS', `role ${actor.role} may not record ${event.type}`);
  const data = validateEventData(event);
  if (!data.ok) return data;

  if (event.type === 'accept') return CASE_STEPS.accept.checkWrite({ event, caseId, actor, tree, where, catalog: ctx.catalog, history });

  const state = foldCase(history);
  if (state === null) return refuse('ERR_CASE_NOT_ACCEPTED', `${where} comes before any accept event`);
  if (!caseVisibility(history, tree).includes(actor.unitId)) return refuse('ERR_CASE_NOT_VISIBLE', `case ${caseId} is not visible to ${actor.unitId}`);
  const step: FollowStep = CASE_STEPS[event.type];
  // Only the levels above the accepting station supervise. Whether the case still sits below the
  // urging unit when the step lands is the fold's question, not a reason to refuse.
  if (step.relation === 'above-acceptor' && !isAncestor(actor.unitId, state.acceptedUnitId, tree)) {
    return refuse('ERR_NOT_SUPERIOR', `${actor.unitId} is not above ${state.acceptedUnitId} (its superiors: ${ancestorsOf(state.acceptedUnitId, tree).join(', ')})`);
  }
  return step.checkWrite({ event, caseId, actor, tree, where, state });
}
