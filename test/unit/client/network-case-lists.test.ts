import { firstValueFrom, of, take, toArray, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { CaseListState, CaseLists } from '../../../client/src/controllers/case-queries.ts';
import { cityCaseLists, networkListOf, type NetworkPageReader } from '../../../client/src/controllers/network-case-lists.ts';
import { NO_WARNINGS } from '../../../client/src/controllers/urgency-queries.ts';
import { DEFAULT_LIST_VIEW, isStatusFilter, type CaseFilter } from '../../../client/src/domain/workspace-tab.ts';
import type { NetworkCaseList, NetworkListOrder } from '../../../schemas/api/network-case-page.schema.ts';
import type { CaseDoc } from '../../../schemas/types.ts';
import { acceptEvent, caseDocOf, MINUTE, T0 } from '../fixtures/case-events.ts';

const CASES: CaseDoc[] = Array.from({ length: 450 }, (_, i) => caseDocOf(`case-${String(i).padStart(4, '0')}`, [acceptEvent({ by: 'community-a1', atMs: T0 + i * MINUTE }, { caseNumber: `LD${String(i).padStart(6, '0')}` })]));
const OWN: CaseDoc[] = CASES.slice(0, 2);

/** The city's device: its own lists, recorded. */
class OwnLists implements CaseLists {
  readonly asked: string[] = [];
  list$(filter: CaseFilter, limit: number): Observable<CaseListState> {
    this.asked.push(JSON.stringify(filter));
    return of({ cases: OWN.slice(0, limit), total: OWN.length });
  }
  count$(filter: CaseFilter): Observable<number> {
    this.asked.push(JSON.stringify(filter));
    return of(OWN.length);
  }
  warnings$(): Observable<{ red: number; yellow: number; capped: boolean }> {
    return of({ red: 1, yellow: 0, capped: false });
  }
  coloured(filter: CaseFilter): boolean {
    return isStatusFilter(filter);
  }
}

/** The server: pages of at most `limit` in id order; the cursor is the last id read. */
function server(fail: () => boolean = () => false): NetworkPageReader & { calls: string[] } {
  const calls: string[] = [];
  const read = (list: NetworkCaseList, order: NetworkListOrder, cursor: string | null, limit: number) => {
    calls.push(`${list}/${order}/${cursor ?? '-'}/${limit}`);
    if (fail()) return Promise.reject(new Error('offline'));
    const from = cursor === null ? 0 : CASES.findIndex((c) => c.id === cursor) + 1;
    const cases = CASES.slice(from, from + limit);
    const last = cases.at(-1);
    return Promise.resolve({ cases, total: CASES.length, next: from + limit < CASES.length && last !== undefined ? last.id : null });
  };
  return Object.assign(read, { calls });
}

const WATCH: CaseFilter = { group: 'underWay', heldHere: false };
const HELD: CaseFilter = { group: 'underWay', heldHere: true };

describe('the city\'s case lists', () => {
  it('the network\'s lists are the ones under way anywhere and the open rectifications; the rest are the city\'s own', () => {
    expect(networkListOf(WATCH)).toBe('underWay');
    expect(networkListOf({ followUp: 'rectifying' })).toBe('rectifying');
    expect(networkListOf(HELD)).toBeNull();
    expect(networkListOf({ followUp: 'supervising' })).toBeNull();
    expect(networkListOf({ group: 'concluded', heldHere: false })).toBeNull();
  });

  it('a network list is read page by page up to the length shown, in the order asked; the city\'s own from its device', async () => {
    const own = new OwnLists();
    const read = server();
    const lists = cityCaseLists(own, read, 60_000);
    const shown = await firstValueFrom(lists.list$(WATCH, 250, { order: 'urgency', warning: 'all' }));
    expect(shown.cases.map((c) => c.id)).toEqual(CASES.slice(0, 250).map((c) => c.id));
    expect(shown.total).toBe(450);
    expect(shown.readAt).toBeTypeOf('number');
    expect(read.calls).toEqual(['underWay/urgency/-/200', `underWay/urgency/${CASES[199]?.id ?? ''}/50`]);
    expect(own.asked).toEqual([]);

    expect((await firstValueFrom(lists.list$(HELD, 50, DEFAULT_LIST_VIEW))).cases).toEqual(OWN);
    expect(await firstValueFrom(lists.count$({ followUp: 'rectifying' }))).toBe(450);
    expect(read.calls.at(-1)).toBe('rectifying/recent/-/1');
    expect(await firstValueFrom(lists.warnings$(WATCH))).toEqual(NO_WARNINGS);
    expect(await firstValueFrom(lists.warnings$(HELD))).toEqual({ red: 1, yellow: 0, capped: false });
    expect(lists.coloured(WATCH)).toBe(false);
    expect(lists.coloured(HELD)).toBe(true);
  });

  it('a read that fails keeps the list shown before and says why; the next read replaces it', async () => {
    let reads = 0;
    const read = server(() => {
      reads += 1;
      return reads === 2;
    });
    const states = await firstValueFrom(cityCaseLists(new OwnLists(), read, 5).list$(WATCH, 10, DEFAULT_LIST_VIEW).pipe(take(3), toArray()));
    expect(states.map((s) => [s.cases.length, s.failure ?? null])).toEqual([[10, null], [10, 'offline'], [10, null]]);
  });
});
