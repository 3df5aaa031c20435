import type { CaseStatusGroup } from '../../../schemas/rules/case-status.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** Cases by status: a named group of statuses, and whether only those the unit holds now. */
export interface StatusFilter {
  readonly group: CaseStatusGroup;
  readonly heldHere: boolean;
}

/**
 * Cases a follow-up is open on: urges and supervision this unit owes a reply to, the supervision
 * it opened and has not closed, and the rectifications it can see (its own at a station; every
 * one below it at a street or the city).
 */
export type FollowUpList = 'replyOwed' | 'supervising' | 'rectifying';

export interface FollowUpFilter {
  readonly followUp: FollowUpList;
}

/** Which cases a list shows. */
export type CaseFilter = StatusFilter | FollowUpFilter;

export function isStatusFilter(filter: CaseFilter): filter is StatusFilter {
  return 'group' in filter;
}

/** How a status list is ordered: green channel then latest step first, or most urgent first. */
export type ListOrder = 'recent' | 'urgency';
/** Which warning colour a status list keeps: all, 红牌 (overdue), 黄牌 (due soon), or on time. */
export type WarningFilter = 'all' | 'red' | 'yellow' | 'onTime';

export interface ListView {
  readonly order: ListOrder;
  readonly warning: WarningFilter;
}

export const DEFAULT_LIST_VIEW: ListView = { order: 'recent', warning: 'all' };

/** One tab of a tier's case workspace. */
export interface WorkspaceTab {
  /** Also the `data-tab` of its button, and the slot name of a view's own content. */
  readonly id: string;
  readonly label: MessageKey;
  /** The cases the tab lists; null for a tab whose content the view supplies itself. */
  readonly filter: CaseFilter | null;
}
