import { describe, expect, it } from 'vitest';
import { CaseDetail } from '../../client/src/components/case-detail.ts';
import { formatDate } from '../../client/src/i18n/locale.ts';
import { workCalendarOf } from '../../schemas/rules/calendar.ts';
import { addWorkingDays } from '../../schemas/rules/deadline.ts';
import type { CaseEvent, Unit } from '../../schemas/types.ts';
import { acceptEvent, actorOf, approveEvent, caseDocOf, forwardEvent, ITEMS, MINUTE, pickupEvent, rateEvent, requestSupplementEvent, UNITS, urgeEvent } from '../unit/fixtures/case-events.ts';
import { mount, q, qAll, text } from './mount.ts';

const NETWORK: Unit[] = UNITS.map((u) => ({ ...u, name: { zh: `单位 ${u.id}`, en: `Unit ${u.id}` }, calendarId: 'cn' }));
const DAY = 86_400_000;

/** A case whose steps happened at these times (ms), each received by the hub right away. */
function caseWith(events: readonly CaseEvent[]) {
  return caseDocOf('c_community-a1_detail', events, Math.max(...events.map((e) => Date.parse(e.deviceTime))) + MINUTE);
}

async function detailOf(events: readonly CaseEvent[], unitId = 'street-a'): Promise<CaseDetail> {
  return mount(new CaseDetail(), { doc: caseWith(events), units: NETWORK, calendars: [], actor: actorOf(unitId), readonly: true });
}

describe('<case-detail> deadlines in sight', () => {
  it('shows the promised due date and the working days left, in the accepting unit\'s calendar', async () => {
    // Accepted a moment ago, forwarded at once: still the acceptance day, unless midnight falls in between.
    const acceptedAt = Date.now() - 2;
    const el = await detailOf([acceptEvent({ by: 'community-a1', atMs: acceptedAt }, { item: ITEMS.city }), forwardEvent({ by: 'community-a1', atMs: acceptedAt + 1 }, 'street-a')]);
    const due = addWorkingDays(acceptedAt, ITEMS.city.promisedDays, workCalendarOf('cn', []));
    expect(text(q(el, '[data-clock]'))).toContain(formatDate(due));
    // On the day of acceptance the whole limit is left.
    expect(q(el, '[data-remaining]').dataset['remaining']).toBe(String(ITEMS.city.promisedDays));
    expect(el.renderRoot.querySelector('[data-paused]')).toBeNull();
  });

  it('says the clock stands still while the case waits for materials, and turns overdue once the limit is spent', async () => {
    const acceptedAt = Date.now() - 30 * DAY;
    const paused = await detailOf([
      acceptEvent({ by: 'community-a1', atMs: acceptedAt }),
      forwardEvent({ by: 'community-a1', atMs: acceptedAt + MINUTE }, 'street-a'),
      requestSupplementEvent({ by: 'street-a', atMs: acceptedAt + 2 * MINUTE }),
    ]);
    expect(text(q(paused, '[data-paused]'))).toContain('补正期间暂停计时');

    const late = await detailOf([acceptEvent({ by: 'community-a1', atMs: acceptedAt }), forwardEvent({ by: 'community-a1', atMs: acceptedAt + MINUTE }, 'street-a')]);
    expect(Number(q(late, '[data-remaining]').dataset['remaining'])).toBeLessThan(0);
    expect(text(q(late, '[data-clock]'))).toContain('已超期');
  });
});

describe('<case-detail> urges and rectification', () => {
  it('lists open urges with their reply deadline, red once it has passed', async () => {
    const acceptedAt = Date.now() - 20 * DAY;
    const events = [
      acceptEvent({ by: 'community-a1', atMs: acceptedAt }),
      forwardEvent({ by: 'community-a1', atMs: acceptedAt + MINUTE }, 'street-a'),
      urgeEvent({ by: 'city', atMs: acceptedAt + 2 * MINUTE }, 'street-a', 1),
      urgeEvent({ by: 'city', atMs: Date.now() - 2 * MINUTE }, 'street-a', 5),
    ];
    const el = await detailOf(events);
    const items = qAll(el, '[data-follow-up]');
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.hasAttribute('data-late'))).toEqual([true, false]);
    expect(text(items[0] ?? el)).toContain('单位 city 催办');
  });

  it('shows the rectification a bad rating opened, and what is to be done next', async () => {
    const acceptedAt = Date.now() - 2 * DAY;
    const el = await detailOf([
      acceptEvent({ by: 'community-a1', atMs: acceptedAt }, { item: ITEMS.instant }),
      approveEvent({ by: 'community-a1', atMs: acceptedAt + MINUTE }),
      pickupEvent({ by: 'community-a1', atMs: acceptedAt + 2 * MINUTE }),
      rateEvent({ by: 'community-a1', atMs: acceptedAt + 3 * MINUTE }, 1),
    ], 'community-a1');
    expect(q(el, '[data-rectification]').dataset['rectification']).toBe('open');
    expect(q(el, '[data-rectification]').hasAttribute('data-late')).toBe(false);
    expect(text(q(el, '[data-rectification]'))).toContain('待回访');
  });
});
