import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { AccountPanel } from '../../client/src/components/account-panel.ts';
import type { EditProblems } from '../../client/src/components/edit-problems.ts';
import { ItemForm, type ItemSubmitted } from '../../client/src/components/item-form.ts';
import { UnitPanel, type UnitClosureSubmitted } from '../../client/src/components/unit-panel.ts';
import type { AccountSummary } from '../../schemas/api/admin-answers.schema.ts';
import type { ServiceItem, Unit } from '../../schemas/types.ts';
import { mount, q, qAll, record, switchLocale, update } from './mount.ts';

const ITEM: ServiceItem = {
  code: 'HF-MZ-0001', name: { zh: '最低生活保障申请', en: 'Minimum living allowance application' }, pinyinInitials: 'zdshbzsq',
  keywords: [{ text: '低保', initials: 'db' }], category: { zh: '民政', en: 'Civil affairs' }, decisionTier: 'street', acceptTiers: ['community', 'street'],
  materials: [{ id: 'id-card', name: { zh: '申请人居民身份证', en: 'ID card' }, originals: 1, copies: 1 }],
  legalDays: 30, promisedDays: 20, kind: 'commitment', feeYuan: 0, guide: { zh: '街道审核。', en: 'The street decides.' }, modes: [],
};

const UNITS: Unit[] = [
  { id: 'hefei-center', name: { zh: '合肥市政务服务中心', en: 'Hefei center' }, tier: 'city', parentId: null, calendarId: 'cn-mainland' },
  { id: 'street-a', name: { zh: '甲街道', en: 'Street A' }, tier: 'street', parentId: 'hefei-center', calendarId: 'cn-mainland' },
  { id: 'community-a1', name: { zh: '甲一社区', en: 'Community A1' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland' },
  { id: 'community-a2', name: { zh: '甲二社区', en: 'Community A2' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland', closed: { at: 1_800_000_000_000, note: '撤并' } },
];

const problemCodes = (el: ItemForm | UnitPanel | AccountPanel): string[] => qAll<EditProblems>(el, 'edit-problems').flatMap((p) => [...p.renderRoot.querySelectorAll<HTMLElement>('[data-problem]')].map((li) => li.dataset['problem'] ?? ''));

describe('<item-form>: the edit rules run before anything is sent', () => {
  it('a new item saved empty names each problem and sends nothing; filled in, it is submitted as a draft', async () => {
    const el = await mount(new ItemForm(), { item: null, codes: new Set([ITEM.code]), revision: 1 });
    const submitted = record<ItemSubmitted>(el, 'item-submitted');
    await userEvent.click(q(el, '[data-save]'));
    await el.updateComplete;
    expect(problemCodes(el)).toEqual(expect.arrayContaining(['item_code_form', 'required']));
    expect(submitted).toEqual([]);

    await userEvent.fill(q(el, '#code'), 'hf-ll-0099');
    await userEvent.fill(q(el, '#nameZh'), ' 老年人助浴服务申请 ');
    await userEvent.fill(q(el, '#nameEn'), 'Bathing assistance');
    await userEvent.fill(q(el, '#categoryZh'), '老龄服务');
    await userEvent.fill(q(el, '#categoryEn'), 'Elderly services');
    await userEvent.fill(q(el, '#keywords'), '助浴、老人洗澡\n助浴');
    await userEvent.fill(q(el, '#guideZh'), '八十周岁以上可申请。');
    await userEvent.fill(q(el, '#guideEn'), 'Aged 80 or over.');
    await userEvent.fill(q(el, '#feeYuan'), '0.5');
    await userEvent.click(q(el, '[data-save]'));
    await el.updateComplete;
    expect(problemCodes(el)).toEqual([]);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.basedOn).toBeNull();
    expect(submitted[0]?.draft).toMatchObject({ code: 'HF-LL-0099', name: { zh: '老年人助浴服务申请', en: 'Bathing assistance' }, keywords: ['助浴', '老人洗澡'], feeYuan: 0.5, promisedDays: 10, legalDays: 20 });
  });

  it('a stored item keeps its code; a promised limit beyond the legal one is named, in English when chosen', async () => {
    const el = await mount(new ItemForm(), { item: ITEM, codes: new Set([ITEM.code]), revision: 1 });
    const submitted = record<ItemSubmitted>(el, 'item-submitted');
    expect(q<HTMLInputElement>(el, '#code').readOnly).toBe(true);
    await switchLocale('en', el);
    await userEvent.fill(q(el, '#promisedDays'), '31');
    await userEvent.click(q(el, '[data-save]'));
    await el.updateComplete;
    expect(problemCodes(el)).toEqual(['promised_over_legal']);
    expect(q<EditProblems>(el, 'edit-problems').renderRoot.textContent).toContain('cannot be longer than the legal limit (30)');
    await userEvent.fill(q(el, '#promisedDays'), '15');
    await userEvent.click(q(el, '[data-save]'));
    expect(submitted.map((s) => [s.draft.promisedDays, s.basedOn?.code])).toEqual([[15, ITEM.code]]);
    // A new revision starts the form over from the item.
    await update(el, { revision: 2 });
    expect(q<HTMLInputElement>(el, '#promisedDays').value).toBe('20');
  });
});

describe('<unit-panel>: a unit closes only when nothing waits on it', () => {
  it('shows what blocks the closing, asks to give up unsynced changes, and submits once clear', async () => {
    const el = await mount(new UnitPanel(), { units: UNITS, calendarIds: ['cn-mainland'], revision: 1 });
    expect(qAll(el, '[data-closed="yes"]').map((li) => li.dataset['unit'])).toEqual(['community-a2']);
    const opened = record<{ unitId: string }>(el, 'unit-closure-opened');
    await userEvent.click(q(el, '[data-close="community-a1"]'));
    expect(opened).toEqual([{ unitId: 'community-a1' }]);

    const submitted = record<UnitClosureSubmitted>(el, 'unit-closure-submitted');
    await update(el, { closing: { unitId: 'community-a1', standing: { unitId: 'community-a1', openWork: { held: 2, accepted: 0, rectifications: 0, supervisions: 0, repliesOwed: 0 }, devices: [{ deviceId: 'web-0123456789abcdef', pendingOutbound: 3 }] } } });
    expect(problemCodes(el)).toEqual(['holds_cases', 'unsynced_devices']);
    await userEvent.fill(q(el, '#note'), '与甲二社区合并');
    await userEvent.click(q(el, '#abandon'));
    await userEvent.click(q(el, '[data-confirm-close]'));
    await el.updateComplete;
    expect(problemCodes(el)).toEqual(['holds_cases']);
    expect(submitted).toEqual([]);

    await update(el, { closing: { unitId: 'community-a1', standing: { unitId: 'community-a1', openWork: { held: 0, accepted: 0, rectifications: 0, supervisions: 0, repliesOwed: 0 }, devices: [{ deviceId: 'web-0123456789abcdef', pendingOutbound: 3 }] } } });
    await userEvent.click(q(el, '[data-confirm-close]'));
    expect(submitted).toEqual([{ unitId: 'community-a1', note: '与甲二社区合并', abandonUnsynced: true }]);
  });
});

describe('<account-panel>: accounts, never their passwords but the one just issued', () => {
  const ADMIN: AccountSummary = { username: 'admin', unitId: 'hefei-center', tier: 'city', role: 'admin', workerName: '管理员', disabled: false };
  const WORKER: AccountSummary = { username: 'community-a1', unitId: 'community-a1', tier: 'community', role: 'community_worker', workerName: '王芳', disabled: false };

  it('offers the roles of the chosen unit\'s tier, shows the issued password once, and confirms a reset', async () => {
    const el = await mount(new AccountPanel(), { accounts: [ADMIN, WORKER], units: UNITS, self: 'admin', revision: 1, issued: { account: WORKER, password: 'Xy7-secret-pass' } });
    expect(q(el, '[data-password]').textContent).toBe('Xy7-secret-pass');
    // Closed units take no accounts.
    expect(qAll<HTMLOptionElement>(el, '#accountUnit option').map((o) => o.value)).toEqual(['', 'community-a1', 'hefei-center', 'street-a']);
    await userEvent.selectOptions(q<HTMLSelectElement>(el, '#accountUnit'), 'hefei-center');
    expect(qAll<HTMLOptionElement>(el, '#accountRole option').map((o) => o.value)).toEqual(['city_supervisor', 'catalog_editor', 'admin']);
    // The administrator cannot disable their own account.
    expect(q<HTMLButtonElement>(el, '[data-account="admin"] [data-disable]').disabled).toBe(true);

    const reset = record<{ username: string }>(el, 'account-reset-requested');
    await userEvent.click(q(el, '[data-account="community-a1"] [data-reset]'));
    expect(reset).toEqual([]);
    await userEvent.click(q(el, '[data-account="community-a1"] [data-confirm]'));
    expect(reset).toEqual([{ username: 'community-a1' }]);
  });
});
