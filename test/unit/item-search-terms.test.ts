import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { pinyinInitials, withSearchTerms, type ServiceItemDraft } from '../../server/services/item-search-terms.ts';

describe('pinyin initials of catalog names and keywords (pinyin-pro, where items are made)', () => {
  it.each([
    ['低保', 'db'],
    ['最低生活保障申请', 'zdshbzsq'],
    ['社保卡', 'sbk'],
    ['医保卡', 'ybk'],
    // Characters with more than one reading, read in context.
    ['银行账户', 'yhzh'],
    ['重新办理', 'cxbl'],
    ['长者', 'zz'],
    // Latin letters and digits kept (lowercased), anything else dropped.
    ['4050补贴', '4050bt'],
    ['（社会保障卡）ABC 2号', 'shbzkabc2h'],
    ['', ''],
  ])('%s → %s', (text, initials) => {
    expect(pinyinInitials(text)).toBe(initials);
  });

  it('adds the name initials and each keyword with its initials; blank and repeated keywords go', () => {
    const draft: ServiceItemDraft = {
      code: 'T-1', name: { zh: '社会保障卡申领', en: 'Social security card' }, category: { zh: '社会保障', en: 'Social insurance' },
      decisionTier: 'city', acceptTiers: ['community'], materials: [], legalDays: 10, promisedDays: 5, kind: 'commitment', feeYuan: 0,
      guide: { zh: '', en: '' }, modes: [], keywords: [' 社保卡 ', '医保卡', '', '社保卡'],
    };
    expect(withSearchTerms(draft)).toEqual({
      ...draft,
      pinyinInitials: 'shbzksl',
      keywords: [{ text: '社保卡', initials: 'sbk' }, { text: '医保卡', initials: 'ybk' }],
    });
  });

  it('gives every demo item realistic keywords, with their initials', () => {
    for (const item of DEMO_CATALOG) {
      expect(item.keywords?.length ?? 0, item.code).toBeGreaterThanOrEqual(4);
      for (const keyword of item.keywords ?? []) expect(keyword.initials, `${item.code} ${keyword.text}`).toBe(pinyinInitials(keyword.text));
    }
    const keywords = new Set(DEMO_CATALOG.flatMap((i) => (i.keywords ?? []).map((k) => k.text)));
    for (const common of ['低保', '医保', '社保卡', '医保卡', '公租房', '残疾证', '居住证', '准生证']) expect(keywords, common).toContain(common);
  });
});

describe('pinyin-pro stays off the devices', () => {
  it('no console source imports pinyin-pro or the server code that uses it: devices get initials with the items', async () => {
    const clientDir = fileURLToPath(new URL('../../client/src/', import.meta.url));
    const files = (await readdir(clientDir, { recursive: true })).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const source = await readFile(join(clientDir, file), 'utf8');
      expect(source, file).not.toMatch(/from ['"](pinyin-pro|[./]*server\/)/);
      expect(source, file).not.toMatch(/import\(['"](pinyin-pro|[./]*server\/)/);
    }
  });
});
