import { catchError, defer, map, of, scan, switchMap, timer, type Observable } from 'rxjs';
import type { NetworkCaseList, NetworkCasePage, NetworkListOrder } from '../../../schemas/api/network-case-page.schema.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { isStatusFilter, type CaseFilter } from '../domain/workspace-tab.ts';
import type { CaseListState, CaseLists } from './case-queries.ts';
import { NO_WARNINGS } from './urgency-queries.ts';

/** Reads one page of a network list from the server; `cursor` is the `next` of the page before. */
export type NetworkPageReader = (list: NetworkCaseList, order: NetworkListOrder, cursor: string | null, limit: number) => Promise<NetworkCasePage>;

/** The most one request asks for: the server's own cap. */
const PAGE = 200;

/**
 * The network list a filter stands for at the city, if any: cases under way anywhere, and every
 * open rectification. The city's own lists (held here, supervision it opened) stay on its device.
 */
export function networkListOf(filter: CaseFilter): NetworkCaseList | null {
  if (isStatusFilter(filter)) return filter.group === 'underWay' && !filter.heldHere ? 'underWay' : null;
  return filter.followUp === 'rectifying' ? 'rectifying' : null;
}

/**
 * The city's case lists: its own work from its device, live; the network's lists from the server,
 * a page at a time, read again every `refreshMs` and on every change of order or length. A read
 * that fails keeps what was shown and says so (`failure`); nothing is copied to the device until
 * the city acts on a case.
 */
export function cityCaseLists(own: CaseLists, read: NetworkPageReader, refreshMs = 30_000): CaseLists {
  return {
    list$: (filter, limit, view) => {
      const list = networkListOf(filter);
      if (list === null) return own.list$(filter, limit, view);
      return polled$(refreshMs, () => firstCases(read, list, view.order, limit));
    },
    count$: (filter) => {
      const list = networkListOf(filter);
      if (list === null) return own.count$(filter);
      return polled$(refreshMs, async () => ({ cases: [], total: (await read(list, 'recent', null, 1)).total })).pipe(map((state) => state.total));
    },
    // The server does not colour the network's lists: the dashboard counts lateness across the network.
    warnings$: (filter) => (networkListOf(filter) === null ? own.warnings$(filter) : of(NO_WARNINGS)),
    coloured: (filter) => networkListOf(filter) === null && own.coloured(filter),
  };
}

/** The first `limit` cases of a list, page after page, and how many it holds. */
async function firstCases(read: NetworkPageReader, list: NetworkCaseList, order: NetworkListOrder, limit: number): Promise<CaseListState> {
  const cases: CaseDoc[] = [];
  let page = await read(list, order, null, Math.min(PAGE, limit));
  cases.push(...page.cases);
  while (page.next !== null && cases.length < limit) {
    page = await read(list, order, page.next, Math.min(PAGE, limit - cases.length));
    cases.push(...page.cases);
  }
  return { cases, total: page.total, readAt: Date.now() };
}

/** A read now and every `everyMs`; a failed read keeps the last answer, marked with why. */
function polled$(everyMs: number, readOnce: () => Promise<CaseListState>): Observable<CaseListState> {
  return timer(0, everyMs).pipe(
    switchMap(() => defer(readOnce).pipe(
      map((state): CaseListState | { failure: string } => state),
      catchError((err: unknown) => of({ failure: err instanceof Error ? err.message : String(err) })),
    )),
    scan((shown: CaseListState, next: CaseListState | { failure: string }): CaseListState => ('cases' in next ? next : { ...shown, failure: next.failure }), { cases: [], total: 0 }),
  );
}
