import type { WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { isOpenItem, isOpenRectification, type CaseState, type Rectification, type SupervisionItem } from '../../../schemas/rules/case-state.ts';
import { inStatusGroup } from '../../../schemas/rules/case-status.ts';
import { caseDeadline, caseWarning, workingDaysBetween, type WarningLevel } from '../../../schemas/rules/deadline.ts';
import { orderEvents, receiptTimes } from '../../../schemas/rules/event-order.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import { isRectificationLate, isReplyLate, rectificationDueMs, replyDueMs } from '../../../schemas/rules/follow-up-deadlines.ts';
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
  readonly greenChannel: boolean;
  /** The promised limit and how much of it is left; null once the case no longer runs a clock. */
  readonly clock: CaseClock | null;
  /** Urges and supervisions still open, oldest first. */
  readonly openFollowUps: readonly FollowUpView[];
  /** The rectification a bad rating opened, open or closed. */
  readonly rectification: RectificationView | null;
}

/** The time limit as a worker reads it: due date, working days left, and whether it stands still. */
export interface CaseClock {
  readonly promisedDueMs: number;
  /** Working days after today up to the due day; negative once overdue. */
  readonly remainingWorkingDays: number;
  /** Since when the clock stands still (补正 or 挂起), null while it runs. */
  readonly pausedSinceMs: number | null;
  readonly pauseReason: 'supplement' | 'suspension' | null;
}

export interface FollowUpView {
  readonly item: SupervisionItem;
  readonly replyDueMs: number;
  readonly replyLate: boolean;
}

export interface RectificationView {
  readonly rectification: Rectification;
  readonly dueMs: number;
  readonly late: boolean;
  readonly open: boolean;
}

export function summarizeCase(doc: CaseDoc, nowMs: number, calendar: WorkCalendar): CaseSummary {
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
    warning: state === null ? 'none' : caseWarning(state, calendar, nowMs),
    unsyncedEvents: doc.events.filter((e) => !received.has(e.id)).length,
    conflictCount: doc.conflictCount,
    decisionTier: state?.decisionTier ?? 'city',
    greenChannel: state?.greenChannel ?? doc.greenChannel,
    clock: state === null ? null : clockOf(state, calendar, nowMs),
    openFollowUps: (state?.supervision ?? []).filter(isOpenItem).map((item) => ({ item, replyDueMs: replyDueMs(item, calendar), replyLate: isReplyLate(item, calendar, nowMs) })),
    rectification: state?.rectification == null ? null : rectificationView(state.rectification, calendar, nowMs),
  };
}

function clockOf(state: CaseState, calendar: WorkCalendar, nowMs: number): CaseClock | null {
  if (!inStatusGroup(state.status, 'underWay') || state.concludedAtMs !== null) return null;
  const { promisedDueMs } = caseDeadline(state, calendar, nowMs);
  const open = state.pauses.find((p) => p.endMs === null) ?? null;
  const remaining = workingDaysBetween(nowMs, promisedDueMs, calendar);
  return {
    promisedDueMs,
    // Past the due moment but on its own day still reads "0 left": overdue counts from the next day.
    remainingWorkingDays: nowMs > promisedDueMs ? Math.min(remaining, -1) : remaining,
    pausedSinceMs: open?.startMs ?? null,
    pauseReason: open?.reason ?? null,
  };
}

function rectificationView(rectification: Rectification, calendar: WorkCalendar, nowMs: number): RectificationView {
  return { rectification, dueMs: rectificationDueMs(rectification, calendar), late: isRectificationLate(rectification, calendar, nowMs), open: isOpenRectification(rectification) };
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
