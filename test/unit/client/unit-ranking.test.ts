import { describe, expect, it } from 'vitest';
import { byUnitName, compareForRanking, rankUnits } from '../../../client/src/domain/unit-ranking.ts';
import { indicatorRow, NAMES, novemberAnswer } from '../fixtures/indicators.ts';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

describe('the ranking', () => {
  it('ranks streets among streets and communities among communities; the city is listed last, unranked', () => {
    const ranked = rankUnits(novemberAnswer().rows, byId);
    expect(ranked.map((r) => [r.row.unitId, r.rank, r.of])).toEqual([
      ['street-b', 1, 2],
      ['street-a', 2, 2],
      ['community-a1', 1, 3],
      ['community-a2', 2, 3],
      // Nothing concluded: its on-time rate cannot be counted, so it ranks last.
      ['community-b1', 3, 3],
      ['city', null, 1],
    ]);
  });

  it('breaks ties by satisfaction, then fewer overdue, then more concluded; a rate not counted comes last', () => {
    const base = { concluded: 10, onTime: 9, onTimeRate: 0.9 };
    const rows = [
      indicatorRow('c-unrated', 'community', 's', { ...base }),
      indicatorRow('c-fewer-concluded', 'community', 's', { ...base, concluded: 9, satisfactionRate: 0.8, rated: 5, overdue: 1 }),
      indicatorRow('c-more-overdue', 'community', 's', { ...base, satisfactionRate: 0.8, rated: 5, overdue: 2 }),
      indicatorRow('c-satisfied', 'community', 's', { ...base, satisfactionRate: 0.9, rated: 5, overdue: 5 }),
      indicatorRow('c-best', 'community', 's', { ...base, onTimeRate: 0.95, satisfactionRate: 0.1, rated: 5, overdue: 9 }),
      indicatorRow('c-no-rate', 'community', 's', { satisfactionRate: 1, rated: 5 }),
      indicatorRow('c-more-concluded', 'community', 's', { ...base, concluded: 12, satisfactionRate: 0.8, rated: 5, overdue: 1 }),
    ];
    expect(rankUnits(rows, byId).map((r) => r.row.unitId)).toEqual(['c-best', 'c-satisfied', 'c-more-concluded', 'c-fewer-concluded', 'c-more-overdue', 'c-unrated', 'c-no-rate']);
    const row = indicatorRow('c', 'community', 's', base);
    expect(compareForRanking(row, { ...row, unitId: 'd' })).toBe(0);
  });

  it('equal units share a rank, the next rank skips their places, and names order the equals', () => {
    const same = { concluded: 4, onTime: 3, onTimeRate: 0.75, satisfactionRate: 1, rated: 2, overdue: 1 };
    const rows = [
      indicatorRow('c-z', 'community', 's', same),
      indicatorRow('c-last', 'community', 's', { ...same, overdue: 3 }),
      indicatorRow('c-a', 'community', 's', same),
      indicatorRow('c-top', 'community', 's', { ...same, onTimeRate: 1, onTime: 4 }),
      indicatorRow('c-m', 'community', 's', same),
    ];
    const names = new Map([['c-z', '甲'], ['c-a', '丙'], ['c-m', '乙']]);
    const ranked = rankUnits(rows, byUnitName(names, 'zh-CN'));
    // 丙 bǐng, 甲 jiǎ, 乙 yǐ: in pinyin order.
    expect(ranked.map((r) => [r.row.unitId, r.rank])).toEqual([['c-top', 1], ['c-a', 2], ['c-z', 2], ['c-m', 2], ['c-last', 5]]);
    // The same ranks whatever order the rows come in.
    expect(rankUnits([...rows].reverse(), byUnitName(names, 'zh-CN')).map((r) => [r.row.unitId, r.rank])).toEqual(ranked.map((r) => [r.row.unitId, r.rank]));
  });

  it('orders names in the reader\'s collation, then by id', () => {
    const compare = byUnitName(NAMES, 'zh-CN');
    expect(['community-a1', 'community-b1', 'community-a2'].sort(compare)).toEqual(['community-a2', 'community-b1', 'community-a1']);
    expect(byUnitName(new Map(), 'en')('b', 'a')).toBeGreaterThan(0);
  });
});
