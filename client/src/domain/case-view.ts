import { CN_CALENDAR } from '../../../schemas/rules/calendars/cn-2026-2027.ts';
import { caseWarning, type WarningLevel } from '../../../schemas/rules/deadline.ts';
import { orderEvents, receiptTimes } from '../../../schemas/rules/event-order.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import type { CaseDoc, CaseEvent, CaseStatus } from '../../../schemas/types.ts';

type Applicant = NonNullable<CaseEvent['data']['applicant']>;

/** What lists and cards show of a case, derived from its events by the pure fold. */
export interface CaseSummary {
  readonly id: string;
  readonly caseNumber: string;
  readonly queryCode: string;
  readonly itemCode: string;
  readonly status: CaseStatus;
  readonly holderUnitId: string;
  readonly acceptedUnitId: string;
  readonly applicant: Applicant | null;
  readonly missingMaterials: readonly string[];
  readonly rating: number | null;
  readonly warning: WarningLevel;
  readonly unsyncedEvents: number;
  readonly conflictCount: number;
  readonly decisionTier: 'city' | 'street' | 'community';
}

export function summarizeCase(doc: CaseDoc, nowMs: number): CaseSummary {
  const state = foldCase(doc.events, doc.receipts);
  const accept = doc.events.find((e) => e.type === 'accept');
  const received = new Set(doc.receipts.map((r) => r.eventId));
  return {
    id: doc.id,
    caseNumber: doc.caseNumber,
    queryCode: accept?.data.queryCode ?? '',
    itemCode: doc.itemCode,
    status: doc.status,
    holderUnitId: doc.holderUnitId,
    acceptedUnitId: doc.acceptedUnitId,
    applicant: accept?.data.applicant ?? null,
    missingMaterials: state?.missingMaterials ?? [],
    rating: state?.rating ?? null,
    warning: state === null ? 'none' : caseWarning(state, CN_CALENDAR, nowMs),
    unsyncedEvents: doc.events.filter((e) => !received.has(e.id)).length,
    conflictCount: doc.conflictCount,
    decisionTier: state?.decisionTier ?? 'city',
  };
}

/**
 * One line of a case's timeline: the event, when the hub received it (null: not synced yet), and
 * whether it took effect: a step that lost to one the hub received first is kept, and marked.
 */
export interface TimelineEntry {
  readonly event: CaseEvent;
  readonly hubReceivedAt: number | null;
  readonly tookEffect: boolean;
}

/** The steps in the order they took effect (the fold's order). */
export function timelineOf(doc: CaseDoc): TimelineEntry[] {
  const receipts = receiptTimes(doc.receipts);
  const lost = new Set((foldCase(doc.events, doc.receipts)?.conflicts ?? []).map((c) => c.eventId));
  return orderEvents(doc.events, receipts).map((event) => ({ event, hubReceivedAt: receipts.get(event.id) ?? null, tookEffect: !lost.has(event.id) }));
}

/** A rating as one of the five levels of 好差评 (1 非常不满意 … 5 非常满意). */
export function ratingLevel(rating: number): 1 | 2 | 3 | 4 | 5 {
  const r = Math.min(5, Math.max(1, Math.round(rating)));
  return r === 1 ? 1 : r === 2 ? 2 : r === 3 ? 3 : r === 4 ? 4 : 5;
}
