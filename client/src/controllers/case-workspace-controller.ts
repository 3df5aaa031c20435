import type { ReactiveControllerHost } from 'lit';
import { combineLatest, map, ReplaySubject, switchMap, take, tap } from 'rxjs';
import { DEFAULT_LIST_VIEW, type ListView, type WorkspaceTab } from '../domain/workspace-tab.ts';
import { EMPTY_LIST, type CaseListState, type CaseLists } from './case-queries.ts';
import { ObservableController } from './observable-controller.ts';
import { NO_WARNINGS, type WarningCounts } from './urgency-queries.ts';

/** The first page of a list; "more" adds four pages at a time. */
const FIRST_PAGE = 50;
const MORE = FIRST_PAGE * 4;

/**
 * A workspace's cases: only the shown tab's list is queried, from its first page, growing on
 * "more", in the order and warning colour the worker picked; every other list tab only counts
 * (indexed counts, and the colours of the cases that can warn). The counts start once the shown
 * list has answered: a list reads one page, a count walks its whole index range, and the worker
 * waits for the list.
 */
export class CaseWorkspaceController {
  private readonly listSource: ObservableController<CaseListState>;
  private readonly countSource: ObservableController<ReadonlyMap<string, number>>;
  private readonly warningSource: ObservableController<ReadonlyMap<string, WarningCounts>>;
  private lists: CaseLists | null = null;
  private tabs: readonly WorkspaceTab[] = [];
  private shownId = '';
  private limit = FIRST_PAGE;
  private listView: ListView = DEFAULT_LIST_VIEW;
  /** Emits once the shown tab has answered (or has no list): the counts wait for it. */
  private shownFirst = new ReplaySubject<true>(1);

  constructor(host: ReactiveControllerHost) {
    this.listSource = new ObservableController<CaseListState>(host, null, EMPTY_LIST);
    this.countSource = new ObservableController<ReadonlyMap<string, number>>(host, null, new Map());
    this.warningSource = new ObservableController<ReadonlyMap<string, WarningCounts>>(host, null, new Map());
  }

  /** Follow another unit's cases or another set of tabs; call `show` next. */
  follow(lists: CaseLists | null, tabs: readonly WorkspaceTab[]): void {
    this.lists = lists;
    this.tabs = tabs;
    const counted = tabs.flatMap((tab) => (tab.filter === null ? [] : [{ id: tab.id, filter: tab.filter }]));
    const shownFirst = new ReplaySubject<true>(1);
    this.shownFirst = shownFirst;
    this.countSource.value = new Map();
    this.countSource.setSource(lists === null || counted.length === 0 ? null
      : () => shownFirst.pipe(take(1), switchMap(() => combineLatest(counted.map((tab) => lists.count$(tab.filter).pipe(map((n) => [tab.id, n] as const)))))).pipe(map((entries) => new Map(entries))));
    this.warningSource.value = new Map();
    this.warningSource.setSource(lists === null || counted.length === 0 ? null
      : () => shownFirst.pipe(take(1), switchMap(() => combineLatest(counted.map((tab) => lists.warnings$(tab.filter).pipe(map((w) => [tab.id, w] as const)))))).pipe(map((entries) => new Map(entries))));
  }

  /** Show a tab: a list tab's first page is queried, a view's own tab queries nothing; the colour filter starts at "all". */
  show(tabId: string): void {
    this.shownId = tabId;
    this.limit = FIRST_PAGE;
    this.listView = { ...this.listView, warning: 'all' };
    this.listSource.value = EMPTY_LIST;
    this.queryList();
  }

  /** Another order or colour for the shown list, from its first page. */
  view(next: ListView): void {
    this.listView = next;
    this.limit = FIRST_PAGE;
    this.queryList();
  }

  get currentView(): ListView {
    return this.listView;
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

  /** 红牌 and 黄牌 among a list tab's cases. */
  warnings(tabId: string): WarningCounts {
    return this.warningSource.value.get(tabId) ?? NO_WARNINGS;
  }

  private queryList(): void {
    const lists = this.lists;
    const filter = this.tabs.find((tab) => tab.id === this.shownId)?.filter ?? null;
    const limit = this.limit;
    const view = this.listView;
    const shownFirst = this.shownFirst;
    if (lists === null || filter === null) shownFirst.next(true);
    this.listSource.setSource(lists === null || filter === null ? null : () => lists.list$(filter, limit, view).pipe(tap(() => shownFirst.next(true))));
  }
}
