import type { CaseStatusGroup } from '../../../schemas/rules/case-status.ts';
import type { MessageKey } from '../i18n/messages.ts';

/** Which cases a list shows: a named group of statuses, and whether only those the unit holds now. */
export interface CaseFilter {
  readonly group: CaseStatusGroup;
  readonly heldHere: boolean;
}

/** One tab of a tier's case workspace. */
export interface WorkspaceTab {
  /** Also the `data-tab` of its button, and the slot name of a view's own content. */
  readonly id: string;
  readonly label: MessageKey;
  /** The cases the tab lists; null for a tab whose content the view supplies itself. */
  readonly filter: CaseFilter | null;
}
