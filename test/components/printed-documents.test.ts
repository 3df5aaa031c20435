import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AcceptanceReceipt } from '../../client/src/components/acceptance-receipt.ts';
import { OneTimeNotice } from '../../client/src/components/one-time-notice.ts';
import { printDocument } from '../../client/src/components/print-sheet.ts';
import type { AcceptanceReceiptContent, OneTimeNoticeContent } from '../../client/src/domain/printed-documents.ts';
import { mount, q, qAll, switchLocale, text } from './mount.ts';

const STATION = { name: '杏花村社区服务站', address: '合肥市庐阳区三孝口街道杏花村社区党群服务中心一楼（示例地址）', phone: '0551-6331 1111' };

const RECEIPT: AcceptanceReceiptContent = {
  caseNumber: 'LD20260928ABC123',
  queryCode: '654321',
  itemCode: 'HF-MZ-0001',
  itemName: '最低生活保障申请',
  kind: 'commitment',
  promisedDays: 20,
  applicantName: '李建国',
  applicantId: '340*************12',
  acceptedDate: '2026-09-28',
  promisedDueDate: '2026-11-02',
  received: [{ name: '申请人居民身份证', originals: 1, copies: 1 }, { name: '最低生活保障申请书', originals: 1, copies: 0 }],
  missingCount: 1,
  greenChannel: true,
  station: STATION,
};

const NOTICE: OneTimeNoticeContent = {
  caseNumber: 'LD20260928ABC123',
  itemCode: 'HF-MZ-0001',
  itemName: '最低生活保障申请',
  applicantName: '李建国',
  applicantId: '340*************12',
  reason: 'not_provided',
  missing: [{ name: '居民户口簿', originals: 1, copies: 1 }, { name: '家庭经济状况核对授权书', originals: 1, copies: 0 }],
  note: '',
  date: '2026-09-28',
  station: STATION,
};

const field = (el: AcceptanceReceipt | OneTimeNotice, name: string): string => (q(el, `[data-field=${name}]`).textContent ?? '').replace(/\s+/g, ' ').trim();

describe('<acceptance-receipt> (受理回执)', () => {
  it('prints the case number, query code, item, masked ID, materials, promised date and station, in Chinese even when the console is in English', async () => {
    const el = await mount(new AcceptanceReceipt(), { receipt: RECEIPT });
    await switchLocale('en', el);
    expect(q(el, 'h1').textContent).toBe('受理回执');
    expect(field(el, 'caseNumber')).toBe('LD20260928ABC123');
    expect(field(el, 'queryCode')).toBe('654321');
    expect(field(el, 'item')).toBe('最低生活保障申请（事项编码 HF-MZ-0001）绿色通道（优先办理）');
    expect(field(el, 'applicant')).toBe('李建国');
    expect(field(el, 'applicantId')).toBe('340*************12');
    expect(field(el, 'acceptedDate')).toBe('2026年9月28日');
    expect(qAll(el, '[data-field=received] li').map((li) => li.textContent)).toEqual(['申请人居民身份证（原件 1 份，复印件 1 份）', '最低生活保障申请书（原件 1 份）']);
    expect(field(el, 'received')).toContain('尚缺 1 项材料，详见同时出具的《一次性告知书》。');
    expect(field(el, 'promisedDue')).toBe('2026年11月2日前（承诺时限 20 个工作日，补齐补正、挂起期间不计入）');
    expect(field(el, 'station')).toBe('杏花村社区服务站');
    expect(field(el, 'address')).toBe(STATION.address);
    expect(field(el, 'phone')).toBe('0551-6331 1111');
    expect(text(el)).toContain('您可凭办件编号和查询码查询办理进度');
    expect(text(el)).not.toMatch(/Received|Case number/);
  });

  it('says an instant item is concluded on the spot', async () => {
    const el = await mount(new AcceptanceReceipt(), { receipt: { ...RECEIPT, kind: 'instant', promisedDays: 0, promisedDueDate: '2026-09-28', missingCount: 0, greenChannel: false } });
    expect(field(el, 'promisedDue')).toBe('即办件，2026年9月28日当场办结');
    expect(text(el)).not.toContain('一次性告知书');
    expect(text(el)).not.toContain('绿色通道');
  });
});

describe('<one-time-notice> (一次性告知书)', () => {
  it('lists everything missing, once, and where to bring it', async () => {
    const el = await mount(new OneTimeNotice(), { notice: NOTICE });
    expect(q(el, 'h1').textContent).toBe('一次性告知书');
    expect(field(el, 'to')).toBe('李建国（身份证号码 340*************12）：');
    expect(text(el)).toContain('您申请办理的“最低生活保障申请”（事项编码 HF-MZ-0001），经审查，尚需补齐以下材料：');
    expect(qAll(el, '[data-field=missing] li').map((li) => li.textContent)).toEqual(['居民户口簿（原件 1 份，复印件 1 份）', '家庭经济状况核对授权书（原件 1 份）']);
    expect(field(el, 'where')).toBe(`请您备齐上述材料后，送至杏花村社区服务站（地址：${STATION.address}；电话：0551-6331 1111）。补齐补正期间，办理时限暂停计算。`);
    expect(text(el)).toContain('告知日期：2026年9月28日');
    expect(el.renderRoot.querySelector('[data-field=note]')).toBeNull();
  });

  it('words a 补正 request as such, with its note', async () => {
    const el = await mount(new OneTimeNotice(), { notice: { ...NOTICE, reason: 'supplement_requested', note: '户口簿须为最新版本' } });
    expect(text(el)).toContain('经办理单位审查，需补正以下材料：');
    expect(field(el, 'note')).toBe('补正说明：户口簿须为最新版本');
  });
});

describe('printDocument', () => {
  let print: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
  });
  afterEach(() => {
    print.mockRestore();
  });

  it('renders the document in one print sheet beside the app, then opens the print dialog', async () => {
    const seen: string[] = [];
    print.mockImplementation(() => {
      const sheet = document.body.querySelector('print-sheet');
      const inner = sheet?.renderRoot.querySelector('acceptance-receipt, one-time-notice');
      seen.push((inner?.shadowRoot?.querySelector('h1')?.textContent ?? '') + ' ' + (inner?.shadowRoot?.textContent?.includes('LD20260928ABC123') ? 'with number' : 'empty'));
    });
    await printDocument({ kind: 'receipt', receipt: RECEIPT });
    await printDocument({ kind: 'notice', notice: NOTICE });
    expect(seen).toEqual(['受理回执 with number', '一次性告知书 with number']);
    expect(document.body.querySelectorAll(':scope > print-sheet')).toHaveLength(1);
  });
});
