import { describe, expect, it } from 'vitest';
import { openSupervisionItems } from '../../../client/src/domain/open-supervision.ts';
import type { WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { acceptEvent, caseDocOf, closeSupervisionEvent, forwardEvent, ITEMS, replyEvent, superviseEvent, urgeEvent } from '../fixtures/case-events.ts';

const WEEKDAYS: WorkCalendar = { id: 'weekdays', timeZone: 'Asia/Shanghai', holidays: [], makeupWorkdays: [] };
/** Monday 2026-11-02, 10:00 in Hefei. */
const MON = Date.UTC(2026, 10, 2, 2, 0, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('open supervision items on the dashboard', () => {
  it('lists the urges and supervisions a unit opened that are still open, oldest first, with reply deadlines and lateness', () => {
    const urged = [acceptEvent({ by: 'community-a1', atMs: MON }, { item: ITEMS.city, caseNumber: 'LD-URGED' }), forwardEvent({ by: 'community-a1', atMs: MON + HOUR }, 'street-a')];
    const urge = urgeEvent({ by: 'city', atMs: MON + 2 * HOUR }, 'street-a', 2);
    const supervised = [acceptEvent({ by: 'community-a2', atMs: MON }, { item: ITEMS.city, caseNumber: 'LD-SUPERVISED' }), forwardEvent({ by: 'community-a2', atMs: MON + HOUR }, 'street-a')];
    const supervise = superviseEvent({ by: 'city', atMs: MON + 30 * HOUR }, 'report weekly', 'street-a', 3);
    const reply = replyEvent({ by: 'street-a', atMs: MON + 50 * HOUR }, supervise.id);
    const closed = [acceptEvent({ by: 'community-b1', atMs: MON }, { item: ITEMS.city, caseNumber: 'LD-CLOSED' }), forwardEvent({ by: 'community-b1', atMs: MON + HOUR }, 'street-b')];
    const closedItem = superviseEvent({ by: 'city', atMs: MON + 3 * HOUR }, 'x', 'street-b', 3);
    const byStreet = urgeEvent({ by: 'street-a', atMs: MON + 3 * HOUR }, 'community-a1', 1);
    const docs = [
      caseDocOf('c_urged', [...urged, urge], MON + 10 * DAY),
      caseDocOf('c_supervised', [...supervised, supervise, reply], MON + 10 * DAY),
      caseDocOf('c_closed', [...closed, closedItem, replyEvent({ by: 'street-b', atMs: MON + 4 * HOUR }, closedItem.id), closeSupervisionEvent({ by: 'city', atMs: MON + 5 * HOUR }, closedItem.id)], MON + 10 * DAY),
      caseDocOf('c_street', [acceptEvent({ by: 'community-a1', atMs: MON }, { caseNumber: 'LD-STREET' }), byStreet], MON + 10 * DAY),
    ];
    // Thursday 10:00: the urge (2 working days from Monday: due Wednesday) is late; the supervision (3 from Tuesday: Friday) is not.
    const items = openSupervisionItems(docs, 'city', () => WEEKDAYS, MON + 3 * DAY);
    expect(items.map((i) => [i.caseNumber, i.kind, i.addressedTo, i.replied, i.late])).toEqual([
      ['LD-URGED', 'urge', 'street-a', false, true],
      ['LD-SUPERVISED', 'supervise', 'street-a', true, false],
    ]);
    expect(items[0]?.replyDueMs).toBe(Date.UTC(2026, 10, 4, 15, 59, 59, 999));
    expect(items[1]?.openedAtMs).toBe(MON + 30 * HOUR);
    expect(openSupervisionItems(docs, 'street-a', () => WEEKDAYS, MON + 3 * DAY).map((i) => i.caseNumber)).toEqual(['LD-STREET']);
  });
});
