import type { ReactiveControllerHost } from 'lit';
import { combineLatest, map } from 'rxjs';
import type { WorkspaceTab } from '../domain/workspace-tab.ts';
import { EMPTY_LIST, type CaseListState, type CaseLists } from './case-queries.ts';
import { ObservableController } from './observable-controller.ts';

/** The first page of a list; "more" adds four pages at a time. */
const FIRST_PAGE = 50;
const MORE = FIRST_PAGE * 4;

/**
 * A workspace's cases: only the shown tab's list is queried, from its first page, growing on
 * "more"; every other list tab only counts (indexed counts, no documents).
 */
export class CaseWorkspaceController {
  private readonly listSource: ObservableController<CaseListState>;
  private readonly countSource: ObservableController<ReadonlyMap<string, number>>;
  private lists: CaseLists | null = null;
  private tabs: readonly WorkspaceTab[] = [];
  private shownId = '';
  private limit = FIRST_PAGE;

  constructor(host: ReactiveControllerHost) {
    this.listSource = new ObservableController<CaseListState>(host, null, EMPTY_LIST);
    this.countSource = new ObservableController<ReadonlyMap<string, number>>(host, null, new Map());
  }

  /** Follow another unit's cases or another set of tabs; call `show` next. */
  follow(lists: CaseLists | null, tabs: readonly WorkspaceTab[]): void {
    this.lists = lists;
    this.tabs = tabs;
    const counted = tabs.flatMap((tab) => (tab.filter === null ? [] : [{ id: tab.id, filter: tab.filter }]));
    this.countSource.value = new Map();
    this.countSource.setSource(lists === null || counted.length === 0 ? null
      : () => combineLatest(counted.map((tab) => lists.count$(tab.filter).pipe(map((n) => [tab.id, n] as const)))).pipe(map((entries) => new Map(entries))));
  }

  /** Show a tab: a list tab's first page is queried, a view's own tab queries nothing. */
  show(tabId: string): void {
    this.shownId = tabId;
    this.limit = FIRST_PAGE;
    this.listSource.value = EMPTY_LIST;
    this.queryList();
  }

  /** The shown list grows by four pages; the other tabs are untouched. */
  more(): void {
    this.limit += MORE;
    this.queryList();
  }

  /** The shown tab's cases (empty for a view's own tab). */
  get list(): CaseListState {
    return this.listSource.value;
  }

  /** How many cases a list tab holds. */
  count(tabId: string): number {
    return this.countSource.value.get(tabId) ?? 0;
  }

  private queryList(): void {
    const lists = this.lists;
    const filter = this.tabs.find((tab) => tab.id === this.shownId)?.filter ?? null;
    const limit = this.limit;
    this.listSource.setSource(lists === null || filter === null ? null : () => lists.list$(filter, limit));
  }
}
