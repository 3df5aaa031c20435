import { html, render } from 'lit';
import { of, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { CaseList } from '../../client/src/components/case-list.ts';
import type { CasePanel } from '../../client/src/components/case-panel.ts';
import { CaseWorkspace, type TabShown } from '../../client/src/components/case-workspace.ts';
import type { CaseListState, CaseLists } from '../../client/src/controllers/case-queries.ts';
import { NO_WARNINGS, type WarningCounts } from '../../client/src/controllers/urgency-queries.ts';
import { isStatusFilter, type CaseFilter, type ListView, type WorkspaceTab } from '../../client/src/domain/workspace-tab.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { acceptEvent, caseDocOf, MINUTE, T0 } from '../unit/fixtures/case-events.ts';
import { mount, nth, q, qAll, record, switchLocale } from './mount.ts';

const TABS: readonly WorkspaceTab[] = [
  { id: 'open', label: 'nav.open', filter: { group: 'onDesk', heldHere: false } },
  { id: 'waiting', label: 'nav.waiting', filter: { group: 'awaitingMaterials', heldHere: false } },
  { id: 'pickup', label: 'nav.pickup', filter: { group: 'concluded', heldHere: true } },
  { id: 'find', label: 'nav.find', filter: null },
];

function casesNamed(prefix: string, n: number): CaseDoc[] {
  return Array.from({ length: n }, (_, i) => {
    const number = `${prefix}${String(i).padStart(4, '0')}`;
    return caseDocOf(`case-${number}`, [acceptEvent({ by: 'community-a1', atMs: T0 + i * MINUTE }, { caseNumber: number })]);
  });
}

const key = (filter: CaseFilter): string => (isStatusFilter(filter) ? `${filter.group}/${filter.heldHere ? 'held' : 'all'}` : filter.followUp);

/** Stands in for the unit's database: records every list and count asked for. */
class RecordingLists implements CaseLists {
  readonly listed: string[] = [];
  readonly counted: string[] = [];

  constructor(private readonly cases: ReadonlyMap<string, readonly CaseDoc[]>) {}

  readonly views: string[] = [];

  list$(filter: CaseFilter, limit: number, view: ListView): Observable<CaseListState> {
    this.listed.push(`${key(filter)}@${limit}`);
    this.views.push(`${view.order}/${view.warning}`);
    const all = this.cases.get(key(filter)) ?? [];
    return of({ cases: all.slice(0, limit), total: all.length });
  }

  count$(filter: CaseFilter): Observable<number> {
    this.counted.push(key(filter));
    return of((this.cases.get(key(filter)) ?? []).length);
  }

  warnings$(filter: CaseFilter): Observable<WarningCounts> {
    return of(key(filter) === 'onDesk/all' ? { red: 2, yellow: 5, capped: false } : NO_WARNINGS);
  }

  coloured(filter: CaseFilter): boolean {
    return isStatusFilter(filter);
  }
}

const OPEN = casesNamed('LD-OPEN-', 60);
const WAITING = casesNamed('LD-WAIT-', 3);

function network(): RecordingLists {
  return new RecordingLists(new Map([
    ['onDesk/all', OPEN],
    ['awaitingMaterials/all', WAITING],
    ['concluded/held', casesNamed('LD-DONE-', 1)],
  ]));
}

async function workspace(lists: CaseLists, tab = 'open'): Promise<CaseWorkspace> {
  return mount(new CaseWorkspace(), { lists, tabs: TABS, tab });
}

const list = (el: CaseWorkspace): CaseList => q<CaseList>(el, 'case-list');
const caseNumbers = (el: CaseWorkspace): string[] => qAll(list(el), '[data-case]').map((b) => b.dataset['case'] ?? '');
const tabLabel = (el: CaseWorkspace, id: string): string => q(el, `[data-tab="${id}"]`).textContent?.trim() ?? '';

async function click(el: CaseWorkspace, target: HTMLElement): Promise<void> {
  await userEvent.click(target);
  await el.updateComplete;
  await list(el).updateComplete;
}

describe('<case-workspace>', () => {
  it('shows every tab with its count, in zh-CN and English; a view’s own tab has no count', async () => {
    const el = await workspace(network());
    expect(qAll(el, '[role=tab]').map((b) => b.dataset['tab'])).toEqual(['open', 'waiting', 'pickup', 'find']);
    expect(tabLabel(el, 'open')).toBe('在办件 (60) 2 5');
    expect(tabLabel(el, 'waiting')).toBe('待补材料 (3)');
    expect(tabLabel(el, 'pickup')).toBe('待取件 (1)');
    expect(tabLabel(el, 'find')).toBe('事项查询与受理');
    expect(q(el, '[data-tab="open"]').getAttribute('aria-selected')).toBe('true');
    expect(q(el, '[data-tab="find"]').getAttribute('aria-selected')).toBe('false');

    await switchLocale('en', el);
    expect(tabLabel(el, 'open')).toBe('Open cases (60) 2 5');
    expect(tabLabel(el, 'find')).toBe('Find an item and accept');
  });

  it('shows each tab’s red and yellow counts, and lists most urgent first or one colour on request', async () => {
    const lists = network();
    const el = await workspace(lists);
    expect(q(el, '[data-tab="open"] [data-red]').textContent).toBe('2');
    expect(q(el, '[data-tab="open"] [data-yellow]').textContent).toBe('5');
    expect(el.renderRoot.querySelector('[data-tab="waiting"] [data-red]')).toBeNull();
    expect(q(el, '[data-warning-filter="red"]').textContent).toBe('红牌 2');

    await userEvent.selectOptions(q<HTMLSelectElement>(el, '[data-order]'), 'urgency');
    await el.updateComplete;
    await click(el, q(el, '[data-warning-filter="red"]'));
    expect(q(el, '[data-warning-filter="red"]').getAttribute('aria-pressed')).toBe('true');
    expect(lists.views).toEqual(['recent/all', 'urgency/all', 'urgency/red']);
    // Another tab starts with every colour again, in the order the worker chose.
    await click(el, q(el, '[data-tab="waiting"]'));
    expect(lists.views.at(-1)).toBe('urgency/all');
  });

  it('queries only the shown tab’s list; the other tabs only count', async () => {
    const lists = network();
    const el = await workspace(lists);
    expect(lists.listed).toEqual(['onDesk/all@50']);
    expect([...lists.counted].sort()).toEqual(['awaitingMaterials/all', 'concluded/held', 'onDesk/all']);
    expect(list(el).heading).toBe('在办件');
    expect(list(el).total).toBe(60);
    expect(caseNumbers(el)).toHaveLength(50);
  });

  it('"more" grows only the shown list, by four pages', async () => {
    const lists = network();
    const el = await workspace(lists);
    await click(el, q(list(el), 'button.more'));
    expect(lists.listed).toEqual(['onDesk/all@50', 'onDesk/all@250']);
    expect(caseNumbers(el)).toHaveLength(60);
    expect(list(el).renderRoot.querySelector('button.more')).toBeNull();
    expect(lists.counted).toHaveLength(3);
  });

  it('another tab shows its own list from the first page and says so; back again, paging starts over', async () => {
    const lists = network();
    const el = await workspace(lists);
    const shown = record<TabShown>(el, 'tab-shown');
    await click(el, q(list(el), 'button.more'));

    await click(el, q(el, '[data-tab="waiting"]'));
    expect(shown).toEqual([{ tab: 'waiting' }]);
    expect(q(el, '[data-tab="waiting"]').getAttribute('aria-selected')).toBe('true');
    expect(list(el).heading).toBe('待补材料');
    expect(caseNumbers(el)).toEqual(WAITING.map((d) => d.caseNumber));

    await click(el, q(el, '[data-tab="open"]'));
    expect(lists.listed).toEqual(['onDesk/all@50', 'onDesk/all@250', 'awaitingMaterials/all@50', 'onDesk/all@50']);
    expect(caseNumbers(el)).toHaveLength(50);
    expect(shown).toEqual([{ tab: 'waiting' }, { tab: 'open' }]);
  });

  it('opens the selected case in a panel; closing it or changing tabs clears the selection', async () => {
    const el = await workspace(network());
    expect(el.renderRoot.querySelector('case-panel')).toBeNull();
    const second = nth(OPEN, 1);

    await click(el, q(list(el), `[data-case="${second.caseNumber}"]`));
    expect(q<CasePanel>(el, 'case-panel').caseId).toBe(second.id);
    // The case as listed goes along: a list read from the server holds cases the device does not.
    expect(q<CasePanel>(el, 'case-panel').readCase).toEqual(second);
    expect(q(list(el), `[data-case="${second.caseNumber}"]`).getAttribute('aria-current')).toBe('true');

    q(el, 'case-panel').dispatchEvent(new CustomEvent('case-closed', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(el.renderRoot.querySelector('case-panel')).toBeNull();

    await click(el, q(list(el), `[data-case="${second.caseNumber}"]`));
    await click(el, q(el, '[data-tab="waiting"]'));
    expect(el.renderRoot.querySelector('case-panel')).toBeNull();
  });

  it('a list read from the server is ordered but not coloured, and says when it was read or why it could not be', async () => {
    const readAt = Date.parse('2026-11-30T09:15:00+08:00');
    class ServerLists extends RecordingLists {
      failure: string | undefined = undefined;
      override list$(filter: CaseFilter, limit: number, view: ListView): Observable<CaseListState> {
        this.listed.push(`${key(filter)}@${limit}`);
        this.views.push(`${view.order}/${view.warning}`);
        return of({ cases: OPEN.slice(0, limit), total: OPEN.length, readAt, ...(this.failure === undefined ? {} : { failure: this.failure }) });
      }
      override coloured(): boolean {
        return false;
      }
    }
    const lists = new ServerLists(new Map());
    const el = await workspace(lists);
    expect(el.renderRoot.querySelector('[data-warning-filter]')).toBeNull();
    await userEvent.selectOptions(q<HTMLSelectElement>(el, '[data-order]'), 'urgency');
    await el.updateComplete;
    expect(lists.views).toEqual(['recent/all', 'urgency/all']);
    expect(q(el, '[data-read-at]').textContent).toContain('全市列表由服务器读取');

    lists.failure = 'HTTP 503';
    await click(el, q(el, '[data-tab="waiting"]'));
    expect(q(el, '[data-read-failed]').textContent).toContain('HTTP 503');
    await switchLocale('en', el);
    expect(q(el, '[data-read-failed]').textContent).toContain('could not be read (HTTP 503)');
  });

  it('shows a view’s own content for its tab, slotted by the tab id, and queries no list for it', async () => {
    const lists = network();
    const el = new CaseWorkspace();
    render(html`<p slot="find" data-own>accept form here</p><p slot="open" data-stray>not shown</p>`, el);
    await mount(el, { lists, tabs: TABS, tab: 'find' });
    expect(el.renderRoot.querySelector('case-list')).toBeNull();
    expect(lists.listed).toEqual([]);
    expect(tabLabel(el, 'open')).toBe('在办件 (60) 2 5');
    const slot = q<HTMLSlotElement>(el, 'slot');
    expect(slot.name).toBe('find');
    expect(slot.assignedElements().map((e) => e.textContent)).toEqual(['accept form here']);
    expect(el.querySelector<HTMLElement>('[data-stray]')?.assignedSlot).toBeNull();
  });
});
