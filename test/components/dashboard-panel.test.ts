import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashboardPanel, type PeriodPicked, type QuietThresholdPicked, type ReportRequested, type TabRequested } from '../../client/src/components/dashboard-panel.ts';
import type { EchartView } from '../../client/src/components/echart-view.ts';
import { IndicatorReport } from '../../client/src/components/indicator-report.ts';
import { printDocument, printElement } from '../../client/src/components/print-sheet.ts';
import type { RankingTable } from '../../client/src/components/ranking-table.ts';
import { trendPoint } from '../../client/src/domain/dashboard-charts.ts';
import type { OpenSupervisionItem } from '../../client/src/domain/open-supervision.ts';
import { byUnitName, rankUnits } from '../../client/src/domain/unit-ranking.ts';
import type { Heartbeat, Unit } from '../../schemas/types.ts';
import { NAMES, novemberAnswer } from '../unit/fixtures/indicators.ts';
import { mount, q, qAll, record, switchLocale, text, update } from './mount.ts';

const EN_NAMES: Readonly<Record<string, string>> = {
  city: 'Hefei City Service Center', 'street-a': 'Sanxiaokou Street Hall', 'street-b': 'Xinglin Street Hall',
  'community-a1': 'Xinghuacun Station', 'community-a2': 'Liuanlu Station', 'community-b1': 'Xiyuan Station',
};
const PARENT: Readonly<Record<string, string | null>> = { city: null, 'street-a': 'city', 'street-b': 'city', 'community-a1': 'street-a', 'community-a2': 'street-a', 'community-b1': 'street-b' };
const UNITS: readonly Unit[] = [...NAMES].map(([id, zh]) => ({
  id, name: { zh, en: EN_NAMES[id] ?? id }, tier: id === 'city' ? 'city' : id.startsWith('street') ? 'street' : 'community', parentId: PARENT[id] ?? null, calendarId: 'cn-mainland',
}));

/** 2026-11-20 12:00 in Hefei: the answer's `asOf`. */
const NOW = Date.parse('2026-11-20T04:00:00.000Z');
const MINUTE = 60_000;
const beat = (unitId: string, agoMinutes: number): Heartbeat => ({
  id: `${unitId}:dev-x`, unitId, deviceId: 'dev-x', deviceTime: new Date(NOW).toISOString(), pendingOutbound: 0, appVersion: '0.1.0', receivedAt: NOW - agoMinutes * MINUTE,
});

const SUPERVISION: readonly OpenSupervisionItem[] = [
  { caseId: 'c1', caseNumber: 'LD20261101D0001', itemCode: 'HF-MZ-0001', kind: 'urge', addressedTo: 'street-a', openedAtMs: NOW - 5 * 86_400_000, replyDueMs: NOW - 2 * 86_400_000, replied: false, late: true },
  { caseId: 'c2', caseNumber: 'LD20261102D0002', itemCode: 'HF-MZ-0002', kind: 'supervise', addressedTo: 'street-b', openedAtMs: NOW - 86_400_000, replyDueMs: NOW + 86_400_000, replied: true, late: false },
];

const TREND = [trendPoint('2026-09', null), trendPoint('2026-10', { ...novemberAnswer(), period: '2026-10' }), trendPoint('2026-11', novemberAnswer())];

async function panel(props: Partial<DashboardPanel> = {}): Promise<DashboardPanel> {
  const el = await mount(new DashboardPanel(), {
    answer: novemberAnswer(), periodId: '2026-11', nowMs: NOW, trend: TREND, units: UNITS, heartbeats: [beat('community-a1', 5), beat('community-a2', 90), beat('street-a', 2), beat('street-b', 1)],
    heartbeatsAsOf: NOW, quietMinutes: 60, supervision: SUPERVISION, supervisionTotal: 2, ...props,
  });
  await chartsDrawn(el);
  return el;
}

/** Waits until every chart on the panel has drawn its SVG. */
async function chartsDrawn(el: DashboardPanel): Promise<void> {
  for (const chart of qAll<EchartView>(el, 'echart-view')) {
    await chart.updateComplete;
    await vi.waitFor(() => {
      if (chart.renderRoot.querySelector('svg text') === null) throw new Error('not drawn yet');
    });
  }
}

/** The texts a chart drew in its SVG. */
function chartTexts(el: DashboardPanel, name: string): string[] {
  return [...q<EchartView>(el, `echart-view[data-chart="${name}"]`).renderRoot.querySelectorAll('svg text')].map((t) => t.textContent ?? '');
}

describe('<dashboard-panel> (绩效看板) with a fixed indicators answer', () => {
  it('draws the trend, overdue by street and satisfaction by unit as SVG charts, units by name', async () => {
    const el = await panel();
    expect(qAll(el, 'echart-view').map((c) => c.dataset['chart'])).toEqual(['trend', 'overdue', 'satisfaction']);
    const trend = chartTexts(el, 'trend');
    expect(trend).toEqual(expect.arrayContaining(['26年9月', '26年10月', '26年11月', '受理', '办结']));
    expect(text(el)).toContain('1 个月的数据未能读取');
    expect(chartTexts(el, 'overdue')).toEqual(expect.arrayContaining(['三孝口街道便民服务中心', '杏林街道便民服务中心', '街道服务大厅', '所辖社区服务站']));
    const satisfaction = chartTexts(el, 'satisfaction');
    expect(satisfaction).toEqual(expect.arrayContaining(['杏花村社区服务站', '六安路社区服务站', '100%', '75%', '50%']));
    // Units nobody rated are not drawn.
    expect(satisfaction).not.toContain('西园社区服务站');
    // No HTML tooltip layer (its inline styles would break the CSP): tooltips are drawn in the SVG.
    for (const chart of qAll<EchartView>(el, 'echart-view')) expect(chart.renderRoot.querySelector('[style*="pointer-events"] div')).toBeNull();
  });

  it('shows the network totals and the period, with rates as percentages in the reader\'s language', async () => {
    const el = await panel();
    const tile = (key: string): string => (q(el, `[data-total="${key}"] .n`).textContent ?? '').trim();
    expect([tile('accepted'), tile('concluded'), tile('onTimeRate'), tile('satisfactionRate'), tile('backlog'), tile('overdue')]).toEqual(['25', '17', '88.2%', '83.3%', '13', '4']);
    expect(q(el, '[data-as-of]').textContent).toContain('2026年11月');
    await switchLocale('en', el);
    expect(q(el, 'h2').textContent).toBe('Performance');
    expect(q(el, '[data-as-of]').textContent).toContain('November 2026');
    expect(q(el, '[data-total="onTimeRate"]').textContent).toContain('On time');
  });

  it('ranks streets and communities, each among its own, units by name; the city unranked', async () => {
    const el = await panel();
    const table = q<RankingTable>(el, 'ranking-table');
    await table.updateComplete;
    const rows = [...table.renderRoot.querySelectorAll<HTMLElement>('tr[data-unit]')].map((r) => [r.dataset['unit'], r.dataset['rank'], r.querySelector('td.name')?.textContent]);
    expect(rows).toEqual([
      ['street-b', '1', '杏林街道便民服务中心'],
      ['street-a', '2', '三孝口街道便民服务中心'],
      ['community-a1', '1', '杏花村社区服务站'],
      ['community-a2', '2', '六安路社区服务站'],
      ['community-b1', '3', '西园社区服务站'],
      ['city', '', '合肥市行政服务中心'],
    ]);
    expect(table.renderRoot.querySelector('tr[data-unit="community-a2"] [data-on-time-rate]')?.textContent).toBe('75.0%');
    expect(table.renderRoot.querySelector('tr[data-unit="community-b1"] [data-on-time-rate]')?.textContent).toBe('—');
    expect(text(el)).toContain('排名依据：按时办结率');
  });

  it('the period picker: a kind goes to its current period, a period is picked as it is', async () => {
    const el = await panel();
    const picked = record<PeriodPicked>(el, 'period-picked');
    const kind = q<HTMLSelectElement>(el, 'select[data-period-kind]');
    kind.value = 'quarter';
    kind.dispatchEvent(new Event('change'));
    kind.value = 'year';
    kind.dispatchEvent(new Event('change'));
    const period = q<HTMLSelectElement>(el, 'select[data-period]');
    expect([...period.options].slice(0, 3).map((o) => [o.value, o.textContent])).toEqual([['2026-11', '2026年11月'], ['2026-10', '2026年10月'], ['2026-09', '2026年9月']]);
    period.value = '2026-10';
    period.dispatchEvent(new Event('change'));
    expect(picked).toEqual([{ periodId: '2026-Q4' }, { periodId: '2026' }, { periodId: '2026-10' }]);
    await update(el, { periodId: '2026-Q4' });
    expect([...q<HTMLSelectElement>(el, 'select[data-period]').options].slice(0, 2).map((o) => o.textContent)).toEqual(['2026年第四季度', '2026年第三季度']);
  });

  it('asks for the CSV and the printed report, and only once the figures are there', async () => {
    const el = await panel();
    const requested = record<ReportRequested>(el, 'report-requested');
    q<HTMLButtonElement>(el, '[data-export="csv"]').click();
    q<HTMLButtonElement>(el, '[data-print]').click();
    expect(requested).toEqual([{ as: 'csv' }, { as: 'print' }]);
    await update(el, { answer: null, loading: true });
    expect(q<HTMLButtonElement>(el, '[data-export="csv"]').disabled).toBe(true);
    expect(el.renderRoot.querySelector('[data-loading]')).not.toBeNull();
    await update(el, { loading: false, failure: '无法连接服务器' });
    expect(q(el, '[data-failure]').textContent).toBe('无法连接服务器');
  });

  it('lists the units quiet beyond the threshold, and asks for another threshold', async () => {
    const el = await panel();
    const quiet = (): (string | undefined)[] => qAll(el, '[data-quiet-unit]').map((li) => li.dataset['quietUnit']);
    // Never heard first, then the longest silent.
    expect(quiet()).toEqual(['community-b1', 'community-a2']);
    expect(q(el, '[data-quiet-count]').textContent).toBe('2 个网点超过 1小时 无心跳：');
    const picked = record<QuietThresholdPicked>(el, 'quiet-threshold-picked');
    const select = q<HTMLSelectElement>(el, 'select[data-quiet-minutes]');
    select.value = '120';
    select.dispatchEvent(new Event('change'));
    expect(picked).toEqual([{ minutes: 120 }]);
    await update(el, { quietMinutes: 120 });
    expect(quiet()).toEqual(['community-b1']);
    await update(el, { heartbeatsAsOf: null });
    expect(quiet()).toEqual([]);
    expect(text(el)).toContain('网络概况须联网获取');
  });

  it('lists the open urges and supervision with their reply deadlines, and leads to the supervising tab', async () => {
    const el = await panel();
    const rows = qAll(el, '[data-supervision-case]');
    expect(rows.map((r) => [r.dataset['supervisionCase'], r.dataset['kind']])).toEqual([['LD20261101D0001', 'urge'], ['LD20261102D0002', 'supervise']]);
    expect(rows[0]?.textContent).toContain('三孝口街道便民服务中心');
    expect(rows[0]?.querySelector('.badge.red')?.textContent).toBe('逾期');
    expect(rows[1]?.textContent).toContain('已回复，待办结');
    const tabs = record<TabRequested>(el, 'tab-requested');
    q<HTMLButtonElement>(el, '[data-open-tab="supervising"]').click();
    expect(tabs).toEqual([{ tab: 'supervising' }]);
    await update(el, { supervision: [], supervisionTotal: 0 });
    expect(text(el)).toContain('没有未办结的催办督办');
  });

  it('redraws a chart when its figures change, not at every render', async () => {
    const el = await panel();
    const trend = q<EchartView>(el, 'echart-view[data-chart="trend"]');
    const drawn = Number(trend.dataset['drawn']);
    await update(el, { quietMinutes: 240 });
    expect(Number(trend.dataset['drawn'])).toBe(drawn);
    await update(el, { trend: [trendPoint('2026-11', novemberAnswer())] });
    expect(Number(trend.dataset['drawn'])).toBe(drawn + 1);
  });
});

describe('the printed report (绩效报告)', () => {
  let print: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
  });
  afterEach(() => {
    print.mockRestore();
  });

  it('goes to the page\'s print sheet with the ranking, titled by the city, then the print dialog opens', async () => {
    const answer = novemberAnswer();
    const report = new IndicatorReport();
    report.report = { answer, ranking: rankUnits(answer.rows, byUnitName(NAMES, 'zh-CN')), names: NAMES, cityName: '合肥市行政服务中心', generatedAtMs: NOW };
    let printed = '';
    print.mockImplementation(() => {
      const sheet = document.body.querySelector(':scope > print-sheet');
      const shown = sheet?.querySelector('indicator-report');
      const table = shown?.renderRoot.querySelector('ranking-table');
      printed = `${shown === null || shown === undefined ? '' : text(shown)} ${table === null || table === undefined ? '' : text(table)}`;
    });
    await printElement(report);
    expect(print).toHaveBeenCalledTimes(1);
    for (const expected of ['政务服务绩效报告', '发布单位：合肥市行政服务中心', '统计期间：2026年11月', '受理 25 件，办结 17 件，按时办结率 88.2%', '考核排名', '杏林街道便民服务中心', '西园社区服务站', '排名依据']) {
      expect(printed, expected).toContain(expected);
    }
    // A case's paper printed next replaces the report in the one sheet.
    await printDocument({ kind: 'notice', notice: { caseNumber: 'LD1', itemCode: 'X', itemName: '事项', applicantName: '李', applicantId: '3*', reason: 'not_provided', missing: [], note: '', date: '2026-11-20', station: { name: 's', address: 'a', phone: 'p' } } });
    expect(document.body.querySelectorAll(':scope > print-sheet')).toHaveLength(1);
    expect(document.body.querySelector('print-sheet indicator-report')).toBeNull();
  });
});
