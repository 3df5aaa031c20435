import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ItemFinder } from '../../client/src/components/item-finder.ts';
import type { ServiceItem } from '../../schemas/types.ts';
import { mount, q, qAll, record, switchLocale } from './mount.ts';

const ID_CARD = { id: 'id-card', name: { zh: '申请人居民身份证', en: 'Applicant’s resident ID card' }, originals: 1, copies: 1 };

function item(code: string, zh: string, en: string, initials: string, keywords: [string, string][]): ServiceItem {
  return {
    code, name: { zh, en }, pinyinInitials: initials, keywords: keywords.map(([text, k]) => ({ text, initials: k })),
    category: { zh: '民政', en: 'Civil affairs' }, decisionTier: 'street', acceptTiers: ['community'], materials: [ID_CARD],
    legalDays: 10, promisedDays: 5, kind: 'commitment', feeYuan: 0, guide: { zh: '', en: '' }, modes: [],
  };
}

const CATALOG: ServiceItem[] = [
  item('HF-MZ-0001', '最低生活保障申请', 'Minimum living allowance application', 'zdshbzsq', [['低保', 'db'], ['低保申请', 'dbsq']]),
  item('HF-SB-0003', '社会保障卡申领', 'Social security card application', 'shbzksl', [['社保卡', 'sbk'], ['医保卡', 'ybk']]),
];

async function search(el: ItemFinder, query: string): Promise<{ code: string; why: string | null }[]> {
  await userEvent.fill(q(el, '#q'), query);
  await el.updateComplete;
  return qAll(el, '[data-item]').map((b) => ({ code: b.dataset['item'] ?? '', why: b.querySelector('[data-why]')?.textContent ?? null }));
}

describe('<item-finder>: finds what people type, and says why', () => {
  it('finds by short name, pinyin initials and material, saying why; a match by name needs no reason', async () => {
    const el = await mount(new ItemFinder(), { items: CATALOG });
    expect(q(el, 'label').textContent).toBe('搜索事项（名称、简称、拼音首字母、所需材料或事项编码）');
    expect(await search(el, '低保')).toEqual([{ code: 'HF-MZ-0001', why: '关键词：低保' }]);
    expect(await search(el, 'dbsq')).toEqual([{ code: 'HF-MZ-0001', why: '拼音首字母：dbsq（低保申请）' }]);
    expect(await search(el, 'ybk')).toEqual([{ code: 'HF-SB-0003', why: '拼音首字母：ybk（医保卡）' }]);
    expect(await search(el, '身份证')).toEqual([
      { code: 'HF-MZ-0001', why: '所需材料：申请人居民身份证' },
      { code: 'HF-SB-0003', why: '所需材料：申请人居民身份证' },
    ]);
    expect(await search(el, '社会保障卡')).toEqual([{ code: 'HF-SB-0003', why: null }]);
    expect(await search(el, 'HF-MZ-0001')).toEqual([{ code: 'HF-MZ-0001', why: '按事项编码匹配' }]);
    expect(await search(el, 'xyz')).toEqual([]);
    expect(q(el, 'p').textContent).toContain('没有找到匹配的事项');
  });

  it('says why in English when English is chosen, and emits item-selected', async () => {
    const el = await mount(new ItemFinder(), { items: CATALOG });
    await switchLocale('en', el);
    const selected = record<{ code: string }>(el, 'item-selected');
    expect(await search(el, 'ID card')).toEqual([
      { code: 'HF-MZ-0001', why: 'Required material: Applicant’s resident ID card' },
      { code: 'HF-SB-0003', why: 'Required material: Applicant’s resident ID card' },
    ]);
    expect(await search(el, 'sbk')).toEqual([{ code: 'HF-SB-0003', why: 'Pinyin initials: sbk (社保卡)' }]);
    await userEvent.click(q(el, '[data-item="HF-SB-0003"]'));
    expect(selected).toEqual([{ code: 'HF-SB-0003' }]);
  });
});
