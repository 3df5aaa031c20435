import { describe, expect, it } from 'vitest';
import { searchCatalog, type MatchRank, type MatchReason } from '../../../client/src/domain/catalog-search.ts';
import { DEMO_CATALOG } from '../../../ops/seed/demo-catalog.ts';
import type { ServiceItem } from '../../../schemas/types.ts';

/** The first results of a query: code, rank and, where it says more than "by name", the reason. */
function top(query: string, n = 3): string[] {
  return searchCatalog(DEMO_CATALOG, query).slice(0, n).map(({ item, rank, reason }) => `${item.code} ${rank}${why(reason)}`);
}

function why(reason: MatchReason): string {
  switch (reason.kind) {
    case 'name':
    case 'code':
    case 'category':
      return '';
    case 'keyword':
      return ` ${reason.keyword}`;
    case 'initials':
      return ` ${reason.initials}=${reason.of}`;
    case 'material':
      return ` ${reason.material.zh}`;
  }
}

describe('catalog search over the demo catalog: what people type at the desk', () => {
  it.each<[string, string[]]>([
    // Short names and their pinyin initials.
    ['低保', ['HF-MZ-0001 keywordExact 低保', 'HF-JY-0002 material 属于就业困难人员类别的证明（如残疾人证、低保证）']],
    ['dbsq', ['HF-MZ-0001 initialsPrefix dbsq=低保申请']],
    ['ＤＢＳＱ', ['HF-MZ-0001 initialsPrefix dbsq=低保申请']],
    ['d b s q', ['HF-MZ-0001 initialsPrefix dbsq=低保申请']],
    ['医保', ['HF-YB-0001 keywordExact 医保', 'HF-YB-0002 keywordExact 医保', 'HF-SB-0003 substring 医保卡']],
    ['ybk', ['HF-SB-0003 initialsPrefix ybk=医保卡']],
    ['yb', ['HF-YB-0001 initialsPrefix yb=医保', 'HF-YB-0002 initialsPrefix yb=医保', 'HF-SB-0003 initialsPrefix ybk=医保卡']],
    ['社保卡', ['HF-SB-0003 keywordExact 社保卡']],
    ['sbk', ['HF-SB-0003 initialsPrefix sbk=社保卡']],
    ['社保卡补办', ['HF-SB-0003 substring 社保卡']],
    ['4050', ['HF-JY-0002 keywordExact 4050', 'HF-JY-0003 initialsPrefix 4050bt=4050补贴']],
    ['公租房', ['HF-ZF-0001 keywordExact 公租房']],
    ['落户', ['HF-HJ-0001 keywordExact 落户', 'HF-HJ-0002 keywordExact 落户']],
    // Names, initials of names, codes.
    ['最低生活', ['HF-MZ-0001 namePrefix']],
    ['zdshbz', ['HF-MZ-0001 initialsPrefix zdshbzsq=最低生活保障申请']],
    ['居住证', ['HF-JZ-0001 namePrefix', 'HF-JZ-0002 namePrefix']],
    ['residence permit', ['HF-JZ-0001 namePrefix', 'HF-JZ-0002 namePrefix']],
    ['HF-MZ-0002', ['HF-MZ-0002 codeExact']],
    ['hf-mz-0002', ['HF-MZ-0002 codeExact']],
    ['生活保障', ['HF-MZ-0001 substring']],
    // Materials: items that ask for an ID card.
    ['身份证', ['HF-CJ-0001 material 申请人居民身份证', 'HF-CJ-0002 material 申请人居民身份证', 'HF-HJ-0001 material 父母双方居民身份证']],
    ['民政', ['HF-MZ-0001 category', 'HF-MZ-0002 category', 'HF-MZ-0003 category']],
    ['qqqqzzzz', []],
  ])('%s', (query, expected) => {
    expect(top(query)).toEqual(expected);
  });

  it('finds every item that asks for an ID card by 身份证, after anything found by name or keyword', () => {
    const found = searchCatalog(DEMO_CATALOG, '身份证');
    const needing = DEMO_CATALOG.filter((i) => i.materials.some((m) => m.name.zh.includes('身份证')));
    expect(found.map((m) => m.item.code).sort()).toEqual(needing.map((i) => i.code).sort());
    expect(new Set(found.map((m) => m.rank))).toEqual(new Set(['material']));
  });

  it('lists everything by code for an empty query', () => {
    const all = searchCatalog(DEMO_CATALOG, '  ');
    expect(all).toHaveLength(DEMO_CATALOG.length);
    expect(all.map((m) => m.item.code)).toEqual(DEMO_CATALOG.map((i) => i.code).sort());
  });
});

describe('catalog search ranking', () => {
  const base: ServiceItem = {
    code: 'X-0000', name: { zh: '事项', en: 'Item' }, category: { zh: '其他', en: 'Other' }, decisionTier: 'street', acceptTiers: ['community'],
    materials: [], legalDays: 5, promisedDays: 5, kind: 'commitment', feeYuan: 0, guide: { zh: '', en: '' }, modes: [],
  };
  const item = (code: string, over: Partial<ServiceItem>): ServiceItem => ({ ...base, code, ...over });
  const items: ServiceItem[] = [
    item('R-7', { category: { zh: '医疗保障', en: 'Health' } }),
    item('R-6', { materials: [{ id: 'm', name: { zh: '医疗证明', en: 'Medical proof' }, originals: 1, copies: 0 }] }),
    item('R-5', { name: { zh: '门诊医疗费用报销', en: 'Outpatient claims' }, pinyinInitials: 'mzylfybx' }),
    item('R-4', { name: { zh: '城乡居民参保', en: 'Enrolment' }, pinyinInitials: 'cxjmcb', keywords: [{ text: '医疗保险', initials: 'ylbx' }] }),
    item('R-3', { keywords: [{ text: '医疗', initials: 'yl' }] }),
    item('R-2', { name: { zh: '医疗救助申请', en: 'Medical assistance' }, pinyinInitials: 'yljzsq' }),
    item('YL', {}),
  ];

  it('ranks code exact > name prefix > keyword exact > initials prefix > substring > material > category', () => {
    const ranks = (q: string): [string, MatchRank][] => searchCatalog(items, q).map((m) => [m.item.code, m.rank]);
    expect(ranks('医疗')).toEqual([
      ['R-2', 'namePrefix'], ['R-3', 'keywordExact'], ['R-4', 'substring'], ['R-5', 'substring'], ['R-6', 'material'], ['R-7', 'category'],
    ]);
    // Within a rank the closer match first: yl is all of 医疗 (yl), more of 医疗保险 (ylbx) than of 医疗救助申请 (yljzsq).
    expect(ranks('yl')).toEqual([['YL', 'codeExact'], ['R-3', 'initialsPrefix'], ['R-4', 'initialsPrefix'], ['R-2', 'initialsPrefix']]);
  });
});
