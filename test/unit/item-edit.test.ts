import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { problemText } from '../../schemas/rules/admin-problems.ts';
import { draftOfItem, itemDraftProblems, newMaterialId, normalizedDraft, type ItemDraft } from '../../schemas/rules/item-edit.ts';
import { validators } from '../../schemas/validators.ts';
import { storableItem } from '../../server/services/catalog-admin.ts';


const BASE: ItemDraft = {
  code: 'HF-LL-0099',
  name: { zh: '老年人助浴服务申请', en: 'Bathing assistance for older people' },
  keywords: ['助浴'],
  category: { zh: '老龄服务', en: 'Elderly services' },
  decisionTier: 'street',
  acceptTiers: ['community', 'street'],
  materials: [{ id: 'id-card', name: { zh: '申请人居民身份证', en: 'ID card' }, originals: 1, copies: 1 }],
  legalDays: 10,
  promisedDays: 5,
  kind: 'commitment',
  feeYuan: 0,
  guide: { zh: '八十周岁以上老人可申请。', en: 'People aged 80 or over may apply.' },
  modes: ['door_to_door'],
};

const ADD = { mode: 'add' } as const;
const NONE: ReadonlySet<string> = new Set();
const codesOf = (draft: ItemDraft): string[] => itemDraftProblems(draft, ADD, NONE).map((p) => `${p.field}:${p.code}`);

describe('item edit rules', () => {
  it('every item of the demo catalog passes them, as a change of itself', () => {
    const codes = new Set(DEMO_CATALOG.map((i) => i.code));
    for (const item of DEMO_CATALOG) expect(itemDraftProblems(draftOfItem(item), { mode: 'change', code: item.code }, codes), item.code).toEqual([]);
  });

  it('a new item needs a free code of the right form; a change keeps its code and needs the item to exist', () => {
    expect(codesOf(BASE)).toEqual([]);
    expect(itemDraftProblems(BASE, ADD, new Set([BASE.code])).map((p) => p.code)).toEqual(['item_code_taken']);
    expect(codesOf({ ...BASE, code: 'hf-ll-1' })).toEqual(['code:item_code_form']);
    expect(codesOf({ ...BASE, code: 'X'.repeat(41) })).toEqual(['code:item_code_form']);
    expect(itemDraftProblems(BASE, { mode: 'change', code: 'HF-LL-0001' }, new Set(['HF-LL-0001'])).map((p) => p.code)).toEqual(['item_code_changed']);
    expect(itemDraftProblems(BASE, { mode: 'change', code: BASE.code }, NONE).map((p) => p.code)).toEqual(['item_missing']);
  });

  it('limits: promised within legal, instant items same day, commitment items at least a day, fees to the fen', () => {
    expect(codesOf({ ...BASE, promisedDays: 11 })).toEqual(['promisedDays:promised_over_legal']);
    expect(codesOf({ ...BASE, kind: 'instant' })).toEqual(['promisedDays:instant_same_day']);
    expect(codesOf({ ...BASE, kind: 'instant', promisedDays: 0 })).toEqual([]);
    expect(codesOf({ ...BASE, promisedDays: 0 })).toEqual(['promisedDays:commitment_needs_days']);
    expect(codesOf({ ...BASE, legalDays: 366, promisedDays: 5 })).toEqual(['legalDays:days_range']);
    expect(codesOf({ ...BASE, legalDays: 2.5 })).toEqual(['legalDays:days_range', 'promisedDays:promised_over_legal']);
    expect(codesOf({ ...BASE, feeYuan: 12.5 })).toEqual([]);
    expect(codesOf({ ...BASE, feeYuan: 0.01 })).toEqual([]);
    expect(codesOf({ ...BASE, feeYuan: 0.001 })).toEqual(['feeYuan:fee_form']);
    expect(codesOf({ ...BASE, feeYuan: -1 })).toEqual(['feeYuan:fee_form']);
    expect(codesOf({ ...BASE, feeYuan: Number.NaN })).toEqual(['feeYuan:fee_form']);
  });

  it('texts filled in and bounded, keywords bounded, tiers chosen once, materials each asked for at least once', () => {
    expect(codesOf({ ...BASE, name: { zh: '  ', en: '' } })).toEqual(['name.zh:required', 'name.en:required']);
    expect(codesOf({ ...BASE, guide: { zh: '办'.repeat(2001), en: 'ok' } })).toEqual(['guide.zh:too_long']);
    expect(codesOf({ ...BASE, keywords: Array.from({ length: 21 }, (_, i) => `词${i}`) })).toEqual(['keywords:too_many']);
    expect(codesOf({ ...BASE, keywords: ['长'.repeat(31)] })).toEqual(['keywords:too_long']);
    expect(codesOf({ ...BASE, acceptTiers: [] })).toEqual(['acceptTiers:accept_tier_needed']);
    expect(codesOf({ ...BASE, acceptTiers: ['street', 'street'] })).toEqual(['acceptTiers:duplicate']);
    const twice = BASE.materials[0];
    if (twice === undefined) throw new Error('base item has a material');
    expect(codesOf({ ...BASE, materials: [twice, { ...twice, originals: 0, copies: 0 }] })).toEqual(['materials.1:material_nothing', 'materials:duplicate']);
    expect(codesOf({ ...BASE, materials: [{ ...twice, id: 'ID card', copies: 21 }] })).toEqual(['materials.0.id:material_id_form', 'materials.0.copies:count_range']);
  });

  it('every problem reads in both languages with its parameters filled in', () => {
    const problems = itemDraftProblems({ ...BASE, promisedDays: 30, legalDays: 20 }, ADD, new Set([BASE.code]));
    expect(problems.map((p) => problemText(p, 'zh'))).toEqual(['事项 HF-LL-0099 已存在：请换一个编码，或编辑该事项。', '承诺时限（30 个工作日）不能长于法定时限（20 个工作日）。']);
    expect(problemText(problems[1] ?? problems[0] ?? { field: '', code: 'required' }, 'en')).toBe('The promised limit (30 working days) cannot be longer than the legal limit (20).');
  });

  it('a draft the rules pass is an item the schema takes, with its pinyin initials (random drafts near the limits)', () => {
    // Mostly plausible values, sometimes wild ones: enough drafts pass for the property to say something.
    const often = <T>(good: fc.Arbitrary<T>, wild: fc.Arbitrary<T>): fc.Arbitrary<T> => fc.oneof({ arbitrary: good, weight: 12 }, { arbitrary: wild, weight: 1 });
    const text = (max: number) => often(fc.string({ minLength: 1, maxLength: max }), fc.string({ maxLength: max + 10 }));
    const bilingual = (max: number) => fc.record({ zh: text(max), en: text(max) });
    const tier = fc.constantFrom('city' as const, 'street' as const, 'community' as const);
    const draft: fc.Arbitrary<ItemDraft> = fc.record({
      code: often(fc.stringMatching(/^[A-Z0-9-]{1,40}$/), fc.string({ maxLength: 45 })),
      name: fc.record({ zh: often(fc.constantFrom('最低生活保障申请', '社保卡补办', 'ABC证明', '城乡居民基本养老保险待遇领取资格认证及其补发申请和相关证明材料的一次性告知与办理及后续跟踪回访服务'), fc.string({ maxLength: 250 })), en: text(200) }),
      keywords: fc.array(often(fc.constantFrom('低保', '社保卡', '医保 报销', 'ETC办理', '长'.repeat(30)), fc.string({ maxLength: 35 })), { maxLength: 21 }),
      category: bilingual(200),
      decisionTier: tier,
      acceptTiers: often(fc.uniqueArray(tier, { minLength: 1 }), fc.array(tier, { maxLength: 3 })),
      materials: fc.uniqueArray(fc.record({
        id: often(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,39}$/), fc.string({ maxLength: 45 })),
        name: bilingual(200),
        originals: often(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -1, max: 21 })),
        copies: often(fc.integer({ min: 1, max: 20 }), fc.integer({ min: -1, max: 21 })),
      }), { maxLength: 4, selector: (m) => m.id }),
      legalDays: often(fc.integer({ min: 5, max: 365 }), fc.oneof(fc.integer({ min: -1, max: 370 }), fc.double({ min: 0, max: 400, noNaN: true }))),
      promisedDays: often(fc.integer({ min: 1, max: 5 }), fc.integer({ min: -1, max: 370 })),
      kind: often(fc.constant('commitment' as const), fc.constant('instant' as const)),
      feeYuan: often(fc.constantFrom(0, 0.5, 12.34, 100_000), fc.oneof(fc.constant(100_000.01), fc.double({ min: -1, max: 200_000, noNaN: true }))),
      guide: bilingual(2000),
      modes: fc.uniqueArray(fc.constantFrom('appointment' as const, 'door_to_door' as const, 'extended_hours' as const, 'green_channel' as const)),
    });
    let passed = 0;
    fc.assert(fc.property(draft, (raw) => {
      const clean = normalizedDraft(raw);
      if (itemDraftProblems(clean, ADD, NONE).length > 0) return;
      passed += 1;
      const item = storableItem(clean);
      expect(validators.serviceItem(item)).toBe(true);
      expect(item.pinyinInitials).toMatch(/^[a-z0-9]{0,40}$/);
    }), { numRuns: 500 });
    // The property says nothing unless many drafts pass.
    expect(passed).toBeGreaterThan(50);
  });

  it('a new material gets an id the item does not use yet', () => {
    expect(newMaterialId([])).toBe('m-1');
    expect(newMaterialId(['m-1', 'id-card', 'm-2'])).toBe('m-3');
  });
});
