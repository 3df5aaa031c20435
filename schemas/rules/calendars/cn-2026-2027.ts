import type { WorkCalendar } from '../calendar.ts';

/**
 * Mainland China public holidays and make-up working days (调休), 2026-2027.
 *
 * 2026: 国务院办公厅关于2026年部分节假日安排的通知 (issued 2025-11-04, published by Xinhua), checked
 * day by day against the weekday of each date:
 *   元旦 Jan 1-3 (Thu-Sat), work Sun Jan 4 · 春节 Feb 15-23 (Sun-Mon), work Sat Feb 14 and Sat Feb 28 ·
 *   清明 Apr 4-6 (Sat-Mon) · 劳动节 May 1-5 (Fri-Tue), work Sat May 9 · 端午 Jun 19-21 (Fri-Sun) ·
 *   中秋 Sep 25-27 (Fri-Sun) · 国庆 Oct 1-7 (Thu-Wed), work Sun Sep 20 and Sat Oct 10.
 * Only the weekday off days are listed as holidays: weekend off days rest anyway.
 *
 * 2027: NOT PUBLISHED YET. Only the Gregorian fixed-date statutory days that fall on weekdays are
 * listed (Jan 1 is a Friday, Oct 1 is a Friday; May 1-2 fall on a weekend). The lunar holidays
 * (春节, 清明, 端午, 中秋), the rest of the National Day week and every make-up working day are missing,
 * so 2027 deadlines count too few holidays (they come out early, never late). This file MUST be
 * updated when the State Council publishes the 2027 notice (usually in November 2026).
 * Dates outside 2026-2027 count plain Monday-Friday weeks.
 */
export const CN_CALENDAR: WorkCalendar = {
  id: 'cn-mainland',
  timeZone: 'Asia/Shanghai',
  holidays: [
    // 2026 元旦
    '2026-01-01',
    '2026-01-02',
    // 2026 春节
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-23',
    // 2026 清明节
    '2026-04-06',
    // 2026 劳动节
    '2026-05-01',
    '2026-05-04',
    '2026-05-05',
    // 2026 端午节
    '2026-06-19',
    // 2026 中秋节
    '2026-09-25',
    // 2026 国庆节
    '2026-10-01',
    '2026-10-02',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
    // 2027 fixed-date statutory days only; see above.
    '2027-01-01',
    '2027-10-01',
  ],
  makeupWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
