import { describe, expect, it } from 'vitest';
import {
  networkTotals, overdueByStreet, overdueChartOption, satisfactionByUnit, satisfactionChartOption, trendChartOption, trendPoint,
} from '../../../client/src/domain/dashboard-charts.ts';
import { NAMES, novemberAnswer } from '../fixtures/indicators.ts';

const name = (id: string): string => NAMES.get(id) ?? id;

describe('chart options from an indicators answer', () => {
  it('network totals sum every unit once; rates from the sums', () => {
    const totals = networkTotals(novemberAnswer().rows);
    expect(totals).toEqual({
      accepted: 25, concluded: 17, onTime: 15, onTimeRate: 15 / 17, backlog: 13, overdue: 4, rated: 12, ratedGood: 10, satisfactionRate: 10 / 12,
      urgesReceived: 2, urgesAnsweredOnTime: 1,
    });
    expect(networkTotals([])).toMatchObject({ onTimeRate: null, satisfactionRate: null, accepted: 0 });
  });

  it('the trend: a month per point, accepted as bars and concluded as a line; a month not read is a gap', () => {
    const points = [trendPoint('2026-10', null), trendPoint('2026-11', novemberAnswer())];
    expect(points).toEqual([{ periodId: '2026-10', accepted: null, concluded: null }, { periodId: '2026-11', accepted: 25, concluded: 17 }]);
    const option = trendChartOption(points, { accepted: '受理', concluded: '办结', month: (id) => `M${id.slice(5)}` });
    expect(option.xAxis).toMatchObject({ type: 'category', data: ['M10', 'M11'] });
    expect(option.series).toEqual([
      expect.objectContaining({ name: '受理', type: 'bar', data: [null, 25] }),
      expect.objectContaining({ name: '办结', type: 'line', data: [null, 17] }),
    ]);
    // Tooltips drawn inside the chart: ECharts' HTML tooltips carry inline styles the CSP refuses.
    expect(option.tooltip).toMatchObject({ renderMode: 'richText' });
    expect(option.animation).toBe(false);
  });

  it('overdue by street: the hall\'s own and its communities\', stacked; a zero gets no label', () => {
    const streets = overdueByStreet(novemberAnswer().rows);
    expect(streets).toEqual([{ streetId: 'street-a', atHall: 2, atCommunities: 2 }, { streetId: 'street-b', atHall: 0, atCommunities: 0 }]);
    const option = overdueChartOption(streets, { atHall: '街道', atCommunities: '社区', unit: name });
    expect(option.xAxis).toMatchObject({ data: ['三孝口街道便民服务中心', '杏林街道便民服务中心'] });
    expect(option.series).toEqual([
      expect.objectContaining({ name: '街道', stack: 'overdue', data: [2, { value: 0, label: { show: false } }] }),
      expect.objectContaining({ name: '社区', stack: 'overdue', data: [2, { value: 0, label: { show: false } }] }),
    ]);
  });

  it('satisfaction by unit: rated units only, most satisfied first, in percent', () => {
    const units = satisfactionByUnit(novemberAnswer().rows);
    expect(units).toEqual([
      { unitId: 'community-a1', percent: 100, rated: 5 },
      { unitId: 'city', percent: 100, rated: 1 },
      { unitId: 'street-a', percent: 75, rated: 4 },
      { unitId: 'community-a2', percent: 50, rated: 2 },
    ]);
    const option = satisfactionChartOption(units, { satisfaction: '满意率', unit: name });
    expect(option.yAxis).toMatchObject({ type: 'category', inverse: true, data: ['杏花村社区服务站', '合肥市行政服务中心', '三孝口街道便民服务中心', '六安路社区服务站'] });
    expect(option.series).toEqual([expect.objectContaining({ type: 'bar', data: [100, 100, 75, 50], label: expect.objectContaining({ formatter: '{c}%' }) })]);
  });

  it('options are plain data: they survive JSON whole', () => {
    const answer = novemberAnswer();
    for (const option of [
      trendChartOption([trendPoint('2026-11', answer)], { accepted: 'a', concluded: 'c', month: (id) => id }),
      overdueChartOption(overdueByStreet(answer.rows), { atHall: 'h', atCommunities: 'c', unit: name }),
      satisfactionChartOption(satisfactionByUnit(answer.rows), { satisfaction: 's', unit: name }),
    ]) expect(JSON.parse(JSON.stringify(option))).toEqual(option);
  });
});
