import type { WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { isOpenItem } from '../../../schemas/rules/case-state.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import { isReplyLate, replyDueMs } from '../../../schemas/rules/follow-up-deadlines.ts';
import type { CaseDoc } from '../../../schemas/types.ts';

/**
 * The urges and supervisions a unit opened and has not seen settled (催办 until answered, 督办
 * until its opener closes it), from the cases on the device: what the dashboard lists under "open
 * supervision items". Pure: the calendar and the time are parameters.
 */
export interface OpenSupervisionItem {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly itemCode: string;
  readonly kind: 'urge' | 'supervise';
  /** The unit that owes the reply (the holder when it was opened). */
  readonly addressedTo: string;
  readonly openedAtMs: number;
  readonly replyDueMs: number;
  /** Replied, and waiting for the opener to close it (a supervision only). */
  readonly replied: boolean;
  /** The reply came after its deadline, or has not come and the deadline has passed. */
  readonly late: boolean;
}

/**
 * Every open item `unitId` opened on these cases, oldest first. Deadlines count in the calendar of
 * the case's accepting unit, as the case's own do.
 */
export function openSupervisionItems(docs: readonly CaseDoc[], unitId: string, calendarFor: (unitId: string) => WorkCalendar, nowMs: number): OpenSupervisionItem[] {
  const items: OpenSupervisionItem[] = [];
  for (const doc of docs) {
    const state = foldCase(doc.events, doc.receipts);
    if (state === null) continue;
    const calendar = calendarFor(doc.acceptedUnitId);
    for (const item of state.supervision) {
      if (item.openedBy !== unitId || !isOpenItem(item)) continue;
      items.push({
        caseId: doc.id,
        caseNumber: doc.caseNumber,
        itemCode: doc.itemCode,
        kind: item.kind,
        addressedTo: item.addressedTo,
        openedAtMs: item.openedAtMs,
        replyDueMs: replyDueMs(item, calendar),
        replied: item.reply !== null,
        late: isReplyLate(item, calendar, nowMs),
      });
    }
  }
  return items.sort((a, b) => a.openedAtMs - b.openedAtMs || (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}
