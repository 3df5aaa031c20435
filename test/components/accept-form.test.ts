import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { ServiceItem } from '../../schemas/types.ts';
import { AcceptForm, type CaseAcceptSubmitted } from '../../client/src/components/accept-form.ts';
import { idCheckChar } from '../../client/src/domain/id-number.ts';
import { mount, q, qAll, record, switchLocale, text, update } from './mount.ts';

const ITEM: ServiceItem = {
  code: 'HOUSEHOLD-001',
  name: { zh: '户口迁入', en: 'Household registration transfer' },
  category: { zh: '户籍', en: 'Household registration' },
  decisionTier: 'street',
  acceptTiers: ['community', 'street'],
  materials: [
    { id: 'id-card', name: { zh: '居民身份证', en: 'Resident ID card' }, originals: 1, copies: 1 },
    { id: 'household-register', name: { zh: '户口簿', en: 'Household register' }, originals: 1, copies: 0 },
  ],
  legalDays: 10,
  promisedDays: 5,
  kind: 'commitment',
  feeYuan: 0,
  guide: { zh: '携带材料到社区服务站。', en: 'Bring the materials to the community station.' },
  modes: ['green_channel'],
};
const INSTANT: ServiceItem = { ...ITEM, code: 'INSTANT-001', kind: 'instant', modes: [] };

const ID_FIRST17 = '11010519491231002';
const VALID_ID = `${ID_FIRST17}${idCheckChar(ID_FIRST17)}`; // ends in X
const WRONG_CHECK_ID = `${ID_FIRST17}1`;

async function fill(form: AcceptForm, fields: { name: string; idNumber: string; phone: string; note?: string }): Promise<void> {
  await userEvent.fill(q(form, '#name'), fields.name);
  await userEvent.fill(q(form, '#idNumber'), fields.idNumber);
  await userEvent.fill(q(form, '#phone'), fields.phone);
  if (fields.note !== undefined) await userEvent.fill(q(form, '#note'), fields.note);
}

async function submit(form: AcceptForm): Promise<void> {
  await userEvent.click(q(form, 'button[type=submit]'));
  await form.updateComplete;
}

describe('<accept-form>', () => {
  it('asks for an item first when none is picked', async () => {
    const form = await mount(new AcceptForm());
    expect(text(form)).toBe('请先在左侧选择一个事项。');
    expect(form.renderRoot.querySelector('form')).toBeNull();
  });

  it('renders the fields, the item materials (all ticked) and the green channel in zh-CN, then in English', async () => {
    const form = await mount(new AcceptForm(), { item: ITEM });
    expect(q(form, 'h2').textContent).toBe('受理办件');
    expect(qAll(form, 'label').map((l) => l.textContent?.trim())).toEqual(
      expect.arrayContaining(['申请人姓名', '居民身份证号码', '联系电话', '居民身份证', '户口簿', '绿色通道（优先办理）', '备注']),
    );
    const boxes = qAll<HTMLInputElement>(form, 'input[name=provided]');
    expect(boxes.map((b) => [b.value, b.checked])).toEqual([['id-card', true], ['household-register', true]]);
    expect(q(form, 'button[type=submit]').textContent?.trim()).toBe('受理');

    await switchLocale('en', form);
    expect(q(form, 'h2').textContent).toBe('Accept a case');
    expect(text(form)).toContain('Resident ID card');
    expect(text(form)).toContain('Green channel (priority)');
    expect(q(form, 'button[type=submit]').textContent?.trim()).toBe('Accept');
  });

  it('labels the button for an instant item and offers no green channel when the item has none', async () => {
    const form = await mount(new AcceptForm(), { item: INSTANT });
    expect(q(form, 'button[type=submit]').textContent?.trim()).toBe('受理并当场办结');
    expect(form.renderRoot.querySelector('input[name=greenChannel]')).toBeNull();
  });

  it('emits case-accept-submitted with the entered, normalized values', async () => {
    const form = await mount(new AcceptForm(), { item: ITEM });
    const submitted = record<CaseAcceptSubmitted>(form, 'case-accept-submitted');
    await fill(form, { name: '  张三 ', idNumber: VALID_ID.toLowerCase(), phone: '138 0551 0001', note: ' 加急 ' });
    await userEvent.click(q(form, 'input[name=provided][value=household-register]'));
    await userEvent.click(q(form, 'input[name=greenChannel]'));
    await submit(form);

    expect(submitted).toEqual([
      { applicant: { name: '张三', idNumber: VALID_ID, phone: '13805510001' }, provided: ['id-card'], greenChannel: true, note: '加急' },
    ]);
    expect(VALID_ID.endsWith('X')).toBe(true);
    expect(form.renderRoot.querySelector('.error')).toBeNull();
  });

  it('shows why a bad mainland ID number and phone are refused, marks the fields and emits nothing', async () => {
    const form = await mount(new AcceptForm(), { item: ITEM });
    const submitted = record<CaseAcceptSubmitted>(form, 'case-accept-submitted');
    await fill(form, { name: '李四', idNumber: WRONG_CHECK_ID, phone: '12345' });
    await submit(form);

    expect(submitted).toEqual([]);
    expect(q(form, '#id-error').textContent).toContain('身份证号码无效');
    expect(q(form, '#phone-error').textContent).toContain('电话号码无效');
    expect(form.renderRoot.querySelector('#name-error')).toBeNull();
    expect(q(form, '#idNumber').getAttribute('aria-invalid')).toBe('true');
    expect(q(form, '#phone').getAttribute('aria-invalid')).toBe('true');
    expect(q(form, '#name').getAttribute('aria-invalid')).toBe('false');
    await expect.poll(() => form.shadowRoot?.activeElement?.id).toBe('idNumber');

    // A wrong birth date with a matching check character is refused too; the phone is fixed now.
    const feb30 = '34010219900230123';
    await fill(form, { name: '李四', idNumber: `${feb30}${idCheckChar(feb30)}`, phone: '0551-63501234' });
    await submit(form);
    expect(submitted).toEqual([]);
    expect(q(form, '#id-error').textContent).toContain('身份证号码无效');
    expect(form.renderRoot.querySelector('#phone-error')).toBeNull();

    // Corrected, it goes through.
    await userEvent.fill(q(form, '#idNumber'), VALID_ID);
    await submit(form);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]?.applicant).toEqual({ name: '李四', idNumber: VALID_ID, phone: '0551-63501234' });
    expect(form.renderRoot.querySelector('.error')).toBeNull();
  });

  it('requires a name and words the problems in English when English is chosen', async () => {
    const form = await mount(new AcceptForm(), { item: ITEM });
    await switchLocale('en', form);
    const submitted = record<CaseAcceptSubmitted>(form, 'case-accept-submitted');
    await fill(form, { name: '   ', idNumber: WRONG_CHECK_ID, phone: '23805510001' });
    await submit(form);
    expect(submitted).toEqual([]);
    expect(q(form, '#name-error').textContent).toBe('Enter the applicant’s name.');
    expect(q(form, '#id-error').textContent).toContain('The ID number is not valid');
    expect(q(form, '#phone-error').textContent).toContain('The phone number is not valid');
    await expect.poll(() => form.shadowRoot?.activeElement?.id).toBe('name');
  });

  it('shows busy, saved and failed states from its properties, and reset() clears the fields', async () => {
    const form = await mount(new AcceptForm(), { item: ITEM, busy: true });
    const button = q<HTMLButtonElement>(form, 'button[type=submit]');
    expect(button.disabled).toBe(true);
    expect(button.textContent?.trim()).toBe('正在保存…');

    await update(form, { busy: false, message: '已受理，办件编号 HF2025-000001。', error: '' });
    expect(q(form, '[data-accepted]').textContent).toBe('已受理，办件编号 HF2025-000001。');
    await update(form, { message: '', error: '未能受理：网络中断' });
    expect(q(form, '[role=alert]').textContent).toBe('未能受理：网络中断');

    await fill(form, { name: '王五', idNumber: WRONG_CHECK_ID, phone: '1' });
    await submit(form);
    expect(qAll(form, '.error[id]')).toHaveLength(2);
    form.reset();
    await form.updateComplete;
    expect(q<HTMLInputElement>(form, '#name').value).toBe('');
    expect(qAll(form, '.error[id]')).toHaveLength(0);
  });
});
