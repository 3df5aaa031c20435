import type { CalendarYear } from '../../schemas/types.ts';

/** The mainland calendar's id, as units name it in `calendarId`. */
export const CN_MAINLAND = 'cn-mainland';

/**
 * Mainland China's public holidays and make-up working days (调休), as the State Council's notices
 * published them. Only weekday days off are listed: weekend days off rest anyway. Each year is
 * checked day by day against its weekday (test/unit/calendar.test.ts).
 *
 * Adding a year: when the State Council publishes its notice (usually in November for the next
 * year), the city enters it in the console's administration or with `npm run ops -- calendar set`;
 * for new installations, add it here as `published` too.
 */
export const CN_MAINLAND_YEARS: readonly CalendarYear[] = [
  {
    id: `${CN_MAINLAND}:2025`,
    calendarId: CN_MAINLAND,
    year: 2025,
    status: 'published',
    // 元旦 Jan 1 (Wed) · 春节 Jan 28-Feb 4 (Tue-Tue), work Sun Jan 26, Sat Feb 8 · 清明 Apr 4-6 (Fri-Sun) ·
    // 劳动节 May 1-5 (Thu-Mon), work Sun Apr 27 · 端午 May 31-Jun 2 (Sat-Mon) ·
    // 国庆、中秋 Oct 1-8 (Wed-Wed), work Sun Sep 28, Sat Oct 11.
    notice: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024-11-12）',
    holidays: [
      '2025-01-01',
      '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04',
      '2025-04-04',
      '2025-05-01', '2025-05-02', '2025-05-05',
      '2025-06-02',
      '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08',
    ],
    makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  {
    id: `${CN_MAINLAND}:2026`,
    calendarId: CN_MAINLAND,
    year: 2026,
    status: 'published',
    // 元旦 Jan 1-3 (Thu-Sat), work Sun Jan 4 · 春节 Feb 15-23 (Sun-Mon), work Sat Feb 14, Sat Feb 28 ·
    // 清明 Apr 4-6 (Sat-Mon) · 劳动节 May 1-5 (Fri-Tue), work Sat May 9 · 端午 Jun 19-21 (Fri-Sun) ·
    // 中秋 Sep 25-27 (Fri-Sun) · 国庆 Oct 1-7 (Thu-Wed), work Sun Sep 20, Sat Oct 10.
    notice: '国务院办公厅关于2026年部分节假日安排的通知（2025-11-04）',
    holidays: [
      '2026-01-01', '2026-01-02',
      '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23',
      '2026-04-06',
      '2026-05-01', '2026-05-04', '2026-05-05',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07',
    ],
    makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  {
    id: `${CN_MAINLAND}:2027`,
    calendarId: CN_MAINLAND,
    year: 2027,
    status: 'provisional',
    // Only the fixed-date statutory days falling on weekdays: Jan 1 (Fri), Oct 1 (Fri); May 1-2
    // fall on a weekend. The lunar holidays, the rest of the National Day week and every make-up
    // day wait for the notice: until then 2027 deadlines count too few holidays (early, never late).
    notice: '待国务院办公厅发布2027年部分节假日安排的通知；目前仅含固定日期的法定节假日。',
    holidays: ['2027-01-01', '2027-10-01'],
    makeupWorkdays: [],
  },
];
