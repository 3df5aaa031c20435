import { describe, expect, it } from 'vitest';
import { collectedMaterials } from '../../../client/src/domain/case-materials.ts';
import { acceptanceReceiptOf, chineseDate, oneTimeNoticeOf, printableDocument } from '../../../client/src/domain/printed-documents.ts';
import type { WorkCalendar } from '../../../schemas/rules/calendar.ts';
import type { CaseEvent, ServiceItem, Unit } from '../../../schemas/types.ts';
import { APPLICANT, caseDocOf, forwardEvent, ITEMS, makeEvent, requestSupplementEvent, supplementEvent } from '../fixtures/case-events.ts';

/** The 2026 National Day week: Oct 1-7 off (weekdays Oct 1, 2, 5, 6, 7), Sat Oct 10 worked (调休). */
const CALENDAR: WorkCalendar = {
  id: 'test-2026',
  timeZone: 'Asia/Shanghai',
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
  makeupWorkdays: ['2026-09-20', '2026-10-10'],
};
const WEEKDAYS_ONLY: WorkCalendar = { id: 'weekdays', timeZone: 'Asia/Shanghai', holidays: [], makeupWorkdays: [] };

/** Monday 2026-09-28, 10:00 in Hefei. */
const ACCEPTED = Date.UTC(2026, 8, 28, 2, 0, 0);
const HOUR = 3_600_000;

const ITEM: ServiceItem = {
  code: ITEMS.street.code,
  name: { zh: '最低生活保障申请', en: 'Dibao application' },
  category: { zh: '民政', en: 'Civil affairs' },
  decisionTier: 'street',
  acceptTiers: ['community', 'street'],
  materials: [
    { id: 'application', name: { zh: '最低生活保障申请书', en: 'Application form' }, originals: 1, copies: 0 },
    { id: 'id-card', name: { zh: '申请人居民身份证', en: 'ID card' }, originals: 1, copies: 1 },
    { id: 'household-register', name: { zh: '居民户口簿', en: 'Household register' }, originals: 1, copies: 1 },
  ],
  legalDays: 10,
  promisedDays: 5,
  kind: 'commitment',
  feeYuan: 0,
  guide: { zh: '', en: '' },
  modes: ['green_channel'],
};

const STATION: Unit = {
  id: 'community-a1', name: { zh: '杏花村社区服务站', en: 'Xinghuacun Service Station' }, tier: 'community', parentId: 'street-a', calendarId: 'test-2026',
  address: '合肥市庐阳区杏花村社区党群服务中心一楼', phone: '0551-6310 1111',
};

function accept(data: Partial<CaseEvent['data']>): CaseEvent {
  return makeEvent('accept', {
    caseNumber: 'LD20260928ABC123', queryCode: '654321', item: { ...ITEMS.street }, applicant: { ...APPLICANT }, ...data,
  }, { by: 'community-a1', atMs: ACCEPTED });
}

describe('what was collected for a case', () => {
  it('names the materials received and not provided from the catalog item, with the green-channel flag', () => {
    const doc = caseDocOf('c_community-a1_m1', [accept({ provided: ['id-card', 'retired-id'], greenChannel: true })], ACCEPTED);
    const m = collectedMaterials(doc, ITEM);
    expect(m.received.map((l) => [l.id, l.name?.zh ?? null])).toEqual([['id-card', '申请人居民身份证'], ['retired-id', null]]);
    expect(m.notProvided.map((l) => l.id)).toEqual(['application', 'household-register']);
    expect(m.requested).toEqual([]);
    expect(m.greenChannel).toBe(true);
  });

  it('while 补正 is asked, lists what was requested; once supplied, those count as received', () => {
    const events = [
      accept({ provided: ['application', 'id-card'] }),
      forwardEvent({ by: 'community-a1', atMs: ACCEPTED + 1000 }, 'street-a'),
      makeEvent('request_supplement', { missing: ['household-register'], note: '户口簿须为最新版本' }, { by: 'street-a', atMs: ACCEPTED + HOUR }),
    ];
    const asked = collectedMaterials(caseDocOf('c_community-a1_m2', events, ACCEPTED + HOUR), ITEM);
    expect(asked.requested.map((l) => l.id)).toEqual(['household-register']);
    expect(asked.requestNote).toBe('户口簿须为最新版本');
    expect(asked.greenChannel).toBe(false);

    const supplied = collectedMaterials(caseDocOf('c_community-a1_m2', [...events, supplementEvent({ by: 'street-a', atMs: ACCEPTED + 2 * HOUR })], ACCEPTED + 2 * HOUR), ITEM);
    expect(supplied.requested).toEqual([]);
    expect(supplied.requestNote).toBe('');
    expect(supplied.received.map((l) => l.id)).toEqual(['application', 'id-card', 'household-register']);
    expect(supplied.notProvided).toEqual([]);
  });

  it('shows ids when the device does not have the item', () => {
    const m = collectedMaterials(caseDocOf('c_community-a1_m3', [accept({ provided: ['id-card'] })], ACCEPTED), null);
    expect(m.received).toEqual([{ id: 'id-card', name: null, originals: null, copies: null }]);
    expect(m.notProvided).toEqual([]);
  });
});

describe('the acceptance receipt (受理回执)', () => {
  const doc = caseDocOf('c_community-a1_r1', [accept({ provided: ['id-card'], greenChannel: true })], ACCEPTED);

  it('carries the case number, query code, item, masked ID, materials received and the station', () => {
    const receipt = acceptanceReceiptOf(doc, ITEM, STATION, CALENDAR, ACCEPTED);
    expect(receipt).toMatchObject({
      caseNumber: 'LD20260928ABC123',
      queryCode: '654321',
      itemCode: 'STREET-001',
      itemName: '最低生活保障申请',
      kind: 'commitment',
      promisedDays: 5,
      applicantName: '张三',
      applicantId: '340*************1X',
      acceptedDate: '2026-09-28',
      received: [{ name: '申请人居民身份证', originals: 1, copies: 1 }],
      missingCount: 2,
      greenChannel: true,
      station: { name: '杏花村社区服务站', address: '合肥市庐阳区杏花村社区党群服务中心一楼', phone: '0551-6310 1111' },
    });
  });

  it('promises the deadline in working days of the station calendar: across the National Day week, to the make-up Saturday', () => {
    expect(acceptanceReceiptOf(doc, ITEM, STATION, CALENDAR, ACCEPTED)?.promisedDueDate).toBe('2026-10-10');
    expect(acceptanceReceiptOf(doc, ITEM, STATION, WEEKDAYS_ONLY, ACCEPTED)?.promisedDueDate).toBe('2026-10-05');
  });

  it('an instant item is due on the day it was accepted', () => {
    const instant = caseDocOf('c_community-a1_r2', [makeEvent('accept', { caseNumber: 'LD1', queryCode: '111111', item: { ...ITEMS.instant }, applicant: { ...APPLICANT } }, { by: 'community-a1', atMs: ACCEPTED })], ACCEPTED);
    expect(acceptanceReceiptOf(instant, null, null, CALENDAR, ACCEPTED)).toMatchObject({ kind: 'instant', promisedDueDate: '2026-09-28', itemName: 'INSTANT-001', station: { name: 'community-a1', address: '', phone: '' } });
  });
});

describe('the one-time notice (一次性告知书)', () => {
  it('at acceptance: every material not provided, to be brought to the accepting station', () => {
    const doc = caseDocOf('c_community-a1_n1', [accept({ provided: ['id-card'] })], ACCEPTED);
    expect(oneTimeNoticeOf(doc, ITEM, STATION, ACCEPTED + HOUR)).toEqual({
      caseNumber: 'LD20260928ABC123',
      itemCode: 'STREET-001',
      itemName: '最低生活保障申请',
      applicantName: '张三',
      applicantId: '340*************1X',
      reason: 'not_provided',
      missing: [{ name: '最低生活保障申请书', originals: 1, copies: 0 }, { name: '居民户口簿', originals: 1, copies: 1 }],
      note: '',
      date: '2026-09-28',
      station: { name: '杏花村社区服务站', address: '合肥市庐阳区杏花村社区党群服务中心一楼', phone: '0551-6310 1111' },
    });
  });

  it('while 补正 is asked: what the handling unit requested, with its note', () => {
    const doc = caseDocOf('c_community-a1_n2', [
      accept({ provided: ['application', 'id-card'] }),
      forwardEvent({ by: 'community-a1', atMs: ACCEPTED + 1000 }, 'street-a'),
      requestSupplementEvent({ by: 'street-a', atMs: ACCEPTED + HOUR }, ['household-register', 'id-card']),
    ], ACCEPTED + HOUR);
    const notice = oneTimeNoticeOf(doc, ITEM, STATION, ACCEPTED + 26 * HOUR);
    expect(notice).toMatchObject({ reason: 'supplement_requested', date: '2026-09-29' });
    expect(notice?.missing.map((m) => m.name)).toEqual(['居民户口簿', '申请人居民身份证']);
  });

  it('there is none when nothing is missing', () => {
    const doc = caseDocOf('c_community-a1_n3', [accept({ provided: ['application', 'id-card', 'household-register'] })], ACCEPTED);
    expect(oneTimeNoticeOf(doc, ITEM, STATION, ACCEPTED)).toBeNull();
    expect(printableDocument('notice', doc, ITEM, STATION, CALENDAR, ACCEPTED)).toBeNull();
    expect(printableDocument('receipt', doc, ITEM, STATION, CALENDAR, ACCEPTED)?.kind).toBe('receipt');
  });
});

describe('dates as printed', () => {
  it.each([['2026-10-10', '2026年10月10日'], ['2026-03-05', '2026年3月5日'], ['not a date', 'not a date']])('%s → %s', (date, printed) => {
    expect(chineseDate(date)).toBe(printed);
  });
});
