import type { WorkCalendar } from './calendar.ts';
import type { Rectification, SupervisionItem } from './case-state.ts';
import { RECTIFICATION_DAYS } from './case-steps.ts';
import { addWorkingDays } from './deadline.ts';

/**
 * Deadlines of the follow-ups a case can carry besides its own time limit: the reply an urge or
 * supervision asks for, and the rectification a bad rating opens. Counted like the case's own
 * limit (the day they open does not count). Pure: the current time is a parameter.
 */

/** End of the working day by which the addressed unit must reply. */
export function replyDueMs(item: SupervisionItem, cal: WorkCalendar): number {
  return addWorkingDays(item.openedAtMs, item.replyDays, cal);
}

/** The reply came after its deadline, or has not come and the deadline has passed. */
export function isReplyLate(item: SupervisionItem, cal: WorkCalendar, nowMs: number): boolean {
  const repliedOrNow = item.reply?.atMs ?? (item.closedAtMs ?? nowMs);
  return repliedOrNow > replyDueMs(item, cal);
}

/** End of the working day by which the rectification must be closed. */
export function rectificationDueMs(rectification: Rectification, cal: WorkCalendar): number {
  return addWorkingDays(rectification.openedAtMs, RECTIFICATION_DAYS, cal);
}

/** Closed after its deadline, or still open and the deadline has passed. */
export function isRectificationLate(rectification: Rectification, cal: WorkCalendar, nowMs: number): boolean {
  return (rectification.closedAtMs ?? nowMs) > rectificationDueMs(rectification, cal);
}
