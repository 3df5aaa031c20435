import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { CaseList } from '../../client/src/components/case-list.ts';
import { CaseMaterials, type DocumentPrintRequested } from '../../client/src/components/case-materials.ts';
import type { CaseDoc, CaseEvent, ServiceItem } from '../../schemas/types.ts';
import { APPLICANT, caseDocOf, forwardEvent, ITEMS, makeEvent, MINUTE, requestSupplementEvent, T0 } from '../unit/fixtures/case-events.ts';
import { mount, q, qAll, record, switchLocale, text, update } from './mount.ts';

const ITEM: ServiceItem = {
  code: ITEMS.street.code,
  name: { zh: '最低生活保障申请', en: 'Dibao application' },
  category: { zh: '民政', en: 'Civil affairs' },
  decisionTier: 'street',
  acceptTiers: ['community', 'street'],
  materials: [
    { id: 'application', name: { zh: '最低生活保障申请书', en: 'Dibao application form' }, originals: 1, copies: 0 },
    { id: 'id-card', name: { zh: '申请人居民身份证', en: 'Applicant’s ID card' }, originals: 1, copies: 1 },
    { id: 'household-register', name: { zh: '居民户口簿', en: 'Household register' }, originals: 1, copies: 1 },
  ],
  legalDays: 10,
  promisedDays: 5,
  kind: 'commitment',
  feeYuan: 0,
  guide: { zh: '', en: '' },
  modes: ['green_channel'],
};

function accept(id: string, data: Partial<CaseEvent['data']>, atMs = T0): CaseEvent {
  return makeEvent('accept', { caseNumber: `LD-${id}`, queryCode: '123456', item: { ...ITEMS.street }, applicant: { ...APPLICANT }, ...data }, { by: 'community-a1', atMs });
}

/** Accepted at community-a1 with the ID card only, green channel, forwarded to street-a. */
function atStreet(): CaseDoc {
  return caseDocOf('c_green', [accept('green', { provided: ['id-card'], greenChannel: true }), forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a')]);
}

const items = (el: CaseMaterials, selector: string): string[] => qAll(el, `${selector} li`).map((li) => li.textContent?.trim() ?? '');

describe('<case-materials>: what was collected travels with the case', () => {
  it('shows the street what was received, what is missing and the green channel, in zh-CN and English', async () => {
    const el = await mount(new CaseMaterials(), { doc: atStreet(), item: ITEM });
    expect(q(el, 'h3').textContent).toContain('材料情况');
    expect(q(el, '[data-green-channel]').textContent).toBe('绿色通道');
    expect(items(el, '[data-received]')).toEqual(['申请人居民身份证']);
    expect(items(el, '[data-not-provided]')).toEqual(['最低生活保障申请书', '居民户口簿']);
    expect(el.renderRoot.querySelector('[data-requested]')).toBeNull();
    // Not the accepting station: nothing to print here.
    expect(qAll(el, '[data-print]')).toHaveLength(0);

    await switchLocale('en', el);
    expect(text(el)).toContain('Received');
    expect(text(el)).toContain('Green channel');
    expect(items(el, '[data-not-provided]')).toEqual(['Dibao application form', 'Household register']);
  });

  it('while 补正 is asked, lists the materials requested', async () => {
    const doc = caseDocOf('c_supp', [
      accept('supp', { provided: ['application', 'id-card'] }),
      forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a'),
      requestSupplementEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE }, ['household-register']),
    ]);
    const el = await mount(new CaseMaterials(), { doc, item: ITEM });
    expect(q(el, 'dt.requested').textContent).toBe('补正所需材料');
    expect(items(el, '[data-requested]')).toEqual(['居民户口簿']);
    expect(el.renderRoot.querySelector('[data-green-channel]')).toBeNull();
  });

  it('says when everything was received, and shows material ids when the item is not on the device', async () => {
    const complete = caseDocOf('c_all', [accept('all', { provided: ['application', 'id-card', 'household-register'] })]);
    const el = await mount(new CaseMaterials(), { doc: complete, item: ITEM });
    expect(q(el, '[data-not-provided]').textContent?.trim()).toBe('无（材料齐全）');
    await update(el, { item: null });
    expect(items(el, '[data-received]')).toEqual(['application', 'id-card', 'household-register']);
  });

  it('at the accepting station offers the receipt and, while something is missing, the one-time notice', async () => {
    const el = await mount(new CaseMaterials(), { doc: atStreet(), item: ITEM, printable: true });
    const asked = record<DocumentPrintRequested>(el, 'document-print-requested');
    expect(qAll(el, '[data-print]').map((b) => b.textContent?.trim())).toEqual(['打印受理回执', '打印一次性告知书']);
    expect(text(el)).toContain('打印的文书为中文。');
    await userEvent.click(q(el, '[data-print=receipt]'));
    await userEvent.click(q(el, '[data-print=notice]'));
    expect(asked).toEqual([{ document: 'receipt' }, { document: 'notice' }]);

    await update(el, { doc: caseDocOf('c_all', [accept('all', { provided: ['application', 'id-card', 'household-register'] })]) });
    expect(qAll(el, '[data-print]').map((b) => b.dataset['print'])).toEqual(['receipt']);
  });
});

describe('<case-list>: green-channel cases first', () => {
  it('shows the cases in their stored list order, which puts green-channel cases first, and marks them', async () => {
    const plainNew = caseDocOf('c_plain_new', [accept('plain-new', {}, T0 + 3 * MINUTE)]);
    const green = caseDocOf('c_green_old', [accept('green-old', { greenChannel: true }, T0)]);
    const plainOld = caseDocOf('c_plain_old', [accept('plain-old', {}, T0 + MINUTE)]);
    // The store's lists read the `listOrder` index ascending; the list keeps the order it is given.
    const inListOrder = [plainOld, plainNew, green].sort((a, b) => (a.listOrder < b.listOrder ? -1 : 1));
    const list = await mount(new CaseList(), { cases: inListOrder, total: 3 });
    expect(qAll(list, '[data-case]').map((b) => b.dataset['case'])).toEqual(['LD-green-old', 'LD-plain-new', 'LD-plain-old']);
    expect(qAll(list, '[data-green-channel]')).toHaveLength(1);
    expect(q(list, '[data-case="LD-green-old"] [data-green-channel]').textContent).toBe('绿色通道');
  });
});
