import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { workCalendarOf } from '../../schemas/rules/calendar.ts';
import type { CaseDoc, Tier, Unit } from '../../schemas/types.ts';
import { CaseActions, type StepRequested } from '../../client/src/components/case-actions.ts';
import { CaseTimeline } from '../../client/src/components/case-timeline.ts';
import {
  acceptEvent,
  actorOf,
  approveEvent,
  caseDocOf,
  forwardEvent,
  ITEMS,
  MINUTE,
  pickupEvent,
  replyEvent,
  superviseEvent,
  suspendEvent,
  T0,
  UNITS,
  urgeEvent,
  withdrawEvent,
} from '../unit/fixtures/case-events.ts';
import { mount, q, qAll, record, switchLocale, text } from './mount.ts';

const CALENDAR = workCalendarOf('cn', []);
const NETWORK: Unit[] = UNITS.map((u) => ({ ...u, name: { zh: `单位 ${u.id}`, en: `Unit ${u.id}` }, calendarId: 'cn' }));

/** A street-decided case accepted at community-a1 and forwarded to street-a, which holds it. */
function atStreet(): CaseDoc {
  return caseDocOf('case-street', [acceptEvent({ by: 'community-a1', atMs: T0 }), forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a')]);
}

/** A city-decided case still at its accepting station community-a1. */
function atStation(): CaseDoc {
  return caseDocOf('case-station', [acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.city })]);
}

async function actionsFor(doc: CaseDoc, unitId: string, tier: Tier): Promise<CaseActions> {
  return mount(new CaseActions(), { doc, actor: { ...actorOf(unitId), tier }, units: NETWORK });
}

async function eventuallyTrue(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => requestAnimationFrame(r));
  expect(check()).toBe(true);
}

const actionsShown = (el: CaseActions): string[] => qAll(el, '[data-action]').map((b) => b.dataset['action'] ?? '');

describe('<case-actions> suspend and resume', () => {
  it('requires a reason to suspend, then emits suspend with the trimmed reason', async () => {
    const el = await actionsFor(atStreet(), 'street-a', 'street');
    const steps = record<StepRequested>(el, 'step-requested');
    expect(q(el, 'label[for=suspend-note]').textContent).toContain('挂起理由');

    await userEvent.click(q(el, '[data-action=suspend]'));
    await el.updateComplete;
    expect(steps).toEqual([]);
    expect(q(el, '[role=alert]').textContent).toBe('请填写挂起的理由。');

    await userEvent.fill(q(el, '#suspend-note'), '  公示期 ');
    await userEvent.click(q(el, '[data-action=suspend]'));
    await el.updateComplete;
    expect(steps).toEqual([{ type: 'suspend', data: { note: '公示期' } }]);
    expect(el.renderRoot.querySelector('.error')).toBeNull();
  });

  it('words the missing reason in English too', async () => {
    const el = await actionsFor(atStreet(), 'street-a', 'street');
    await switchLocale('en', el);
    await userEvent.click(q(el, '[data-action=suspend]'));
    await el.updateComplete;
    expect(q(el, '[role=alert]').textContent).toBe('Give the reason for the suspension.');
    expect(q(el, '[data-action=suspend]').textContent?.trim()).toBe('Suspend');
  });

  it('offers only resume to the holder of a suspended case, and no suspend to others', async () => {
    const suspended = caseDocOf('case-s', [...atStreet().events, suspendEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })]);
    const el = await actionsFor(suspended, 'street-a', 'street');
    const steps = record<StepRequested>(el, 'step-requested');
    expect(actionsShown(el)).not.toContain('suspend');
    await userEvent.click(q(el, '[data-action=resume]'));
    expect(steps).toEqual([{ type: 'resume', data: {} }]);

    const station = await actionsFor(atStreet(), 'community-a1', 'community');
    expect(actionsShown(station)).not.toContain('suspend');
    expect(actionsShown(station)).not.toContain('resume');
  });
});

describe('<case-actions> withdraw', () => {
  it('shows only at the accepting station, and asks to confirm before emitting', async () => {
    const el = await actionsFor(atStreet(), 'community-a1', 'community');
    const steps = record<StepRequested>(el, 'step-requested');
    await userEvent.click(q(el, '[data-action=withdraw]'));
    await el.updateComplete;
    expect(steps).toEqual([]);
    expect(text(el)).toContain('确认申请人本人要求撤回');

    await userEvent.click(q(el, '[data-action=withdraw-cancel]'));
    await el.updateComplete;
    expect(el.renderRoot.querySelector('[data-action=withdraw-confirm]')).toBeNull();
    expect(steps).toEqual([]);

    await userEvent.click(q(el, '[data-action=withdraw]'));
    await el.updateComplete;
    await userEvent.fill(q(el, '#withdraw-note'), '申请人电话要求撤回');
    await userEvent.click(q(el, '[data-action=withdraw-confirm]'));
    await el.updateComplete;
    expect(steps).toEqual([{ type: 'withdraw', data: { note: '申请人电话要求撤回' } }]);
    expect(el.renderRoot.querySelector('[data-action=withdraw-confirm]')).toBeNull();

    // The holder that did not accept it may not withdraw it.
    const street = await actionsFor(atStreet(), 'street-a', 'street');
    expect(actionsShown(street)).not.toContain('withdraw');
  });

  it('is not offered once the case is finished', async () => {
    const withdrawn = caseDocOf('case-w', [...atStation().events, withdrawEvent({ by: 'community-a1', atMs: T0 + MINUTE })]);
    const el = await actionsFor(withdrawn, 'community-a1', 'community');
    expect(actionsShown(el)).not.toContain('withdraw');
  });
});

describe('<case-actions> urge and supervise', () => {
  it('shows to the street hall and the city above the accepting station, not to the station or another street', async () => {
    expect(actionsShown(await actionsFor(atStation(), 'street-a', 'street'))).toEqual(expect.arrayContaining(['urge', 'supervise']));
    expect(actionsShown(await actionsFor(atStation(), 'city', 'city'))).toEqual(expect.arrayContaining(['urge', 'supervise']));
    expect(actionsShown(await actionsFor(atStation(), 'street-b', 'street'))).not.toContain('urge');
    const station = actionsShown(await actionsFor(atStation(), 'community-a1', 'community'));
    expect(station).not.toContain('urge');
    expect(station).not.toContain('supervise');
  });

  it('is not offered on a finished case', async () => {
    const approved = caseDocOf('case-a', [...atStreet().events, approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })]);
    const shown = actionsShown(await actionsFor(approved, 'city', 'city'));
    expect(shown).not.toContain('urge');
    expect(shown).not.toContain('supervise');
  });

  it('asks for a note and a reply deadline, naming the unit that holds the case', async () => {
    const el = await actionsFor(atStation(), 'city', 'city');
    const steps = record<StepRequested>(el, 'step-requested');
    expect(q(el, '[data-step=urge] .caption').textContent).toContain('单位 community-a1');
    await userEvent.click(q(el, '[data-step=urge] button[type=submit]'));
    await el.updateComplete;
    expect(steps).toEqual([]);
    expect(q(el, '[role=alert]').textContent).toBe('请填写催办事由。');

    await userEvent.fill(q(el, '#urge-note'), '已超期，请说明原因');
    await userEvent.selectOptions(q<HTMLSelectElement>(el, '#urge-replyDays'), '5');
    await userEvent.click(q(el, '[data-step=urge] button[type=submit]'));
    await userEvent.fill(q(el, '#supervise-note'), '逾期，请说明进度');
    await userEvent.click(q(el, '[data-step=supervise] button[type=submit]'));
    expect(steps).toEqual([
      { type: 'urge', data: { toUnitId: 'community-a1', note: '已超期，请说明原因', replyDays: 5 } },
      { type: 'supervise', data: { toUnitId: 'community-a1', note: '逾期，请说明进度', replyDays: 3 } },
    ]);
  });

  it('offers the urged unit a reply to each item, with who urged and by when, and the opener its closure', async () => {
    const urge = urgeEvent({ by: 'city', atMs: T0 + 2 * MINUTE }, 'community-a1', 2);
    const supervise = superviseEvent({ by: 'city', atMs: T0 + 3 * MINUTE }, '每周报告进展', 'community-a1', 3);
    const doc = caseDocOf('case-urged', [...atStation().events, urge, supervise]);
    const el = await mount(new CaseActions(), { doc, actor: { ...actorOf('community-a1'), tier: 'community' }, units: NETWORK, calendar: CALENDAR });
    const steps = record<StepRequested>(el, 'step-requested');
    const captions = qAll(el, '[data-step=reply] [data-answers]');
    expect(captions.map((c) => c.dataset['answers'])).toEqual([urge.id, supervise.id]);
    expect(text(captions[0] ?? el)).toContain('单位 city 催办');
    expect(text(captions[0] ?? el)).toContain('须于');
    await userEvent.fill(q(el, `#reply-note-${urge.id}`), '已联系申请人');
    await userEvent.click(q(el, `#reply-note-${urge.id}`).closest('form')?.querySelector('button[type=submit]') ?? el);
    expect(steps).toEqual([{ type: 'reply', data: { replyTo: urge.id, note: '已联系申请人' } }]);

    const answered = caseDocOf('case-urged', [...doc.events, replyEvent({ by: 'community-a1', atMs: T0 + 4 * MINUTE }, supervise.id)]);
    const city = await mount(new CaseActions(), { doc: answered, actor: { ...actorOf('city'), tier: 'city' }, units: NETWORK, calendar: CALENDAR });
    expect(qAll(city, '[data-step=close_supervision] [data-answers]').map((c) => c.dataset['answers'])).toEqual([supervise.id]);
    expect(actionsShown(await actionsFor(answered, 'street-a', 'street'))).not.toContain('close_supervision');
  });
});

describe('<case-actions> rating', () => {
  it("hands the screen to the citizen: Escape does not leave it; the citizen's level and comment are what is recorded", async () => {
    const delivered = caseDocOf('case-r', [...atStreet().events, approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE }), pickupEvent({ by: 'community-a1', atMs: T0 + 3 * MINUTE })]);
    const el = await actionsFor(delivered, 'community-a1', 'community');
    const steps = record<StepRequested>(el, 'step-requested');
    await userEvent.click(q(el, '[data-action=rate]'));
    await el.updateComplete;
    const handover = q(el, 'rating-handover');
    const dialog = (): HTMLDialogElement | null => handover.shadowRoot?.querySelector('dialog') ?? null;
    await eventuallyTrue(() => dialog()?.open === true);
    await userEvent.keyboard('{Escape}');
    expect(dialog()?.open).toBe(true);
    const inside = (selector: string): HTMLElement => {
      const found = handover.shadowRoot?.querySelector<HTMLElement>(selector);
      if (found === null || found === undefined) throw new Error(`no ${selector} in the rating screen`);
      return found;
    };
    expect(inside('[data-rating-submit]').hasAttribute('disabled')).toBe(true);
    await userEvent.click(inside('[data-rating="1"]'));
    await userEvent.fill(inside('textarea'), '  等了两个小时 ');
    await userEvent.click(inside('[data-rating-submit]'));
    expect(steps).toEqual([{ type: 'rate', data: { rating: 1, via: 'handover', note: '等了两个小时' } }]);
  });
});

describe('<case-actions> pickup', () => {
  it('offers station pickup and door-to-door delivery at the accepting station of a concluded case', async () => {
    const approved = caseDocOf('case-p', [...atStreet().events, approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })]);
    const el = await actionsFor(approved, 'community-a1', 'community');
    const steps = record<StepRequested>(el, 'step-requested');
    expect(q(el, '[data-action=pickup-door]').textContent?.trim()).toBe('登记上门送达');
    await userEvent.click(q(el, '[data-action=pickup-door]'));
    await userEvent.click(q(el, '[data-action=pickup]'));
    expect(steps).toEqual([
      { type: 'pickup', data: { deliveryMode: 'door_to_door' } },
      { type: 'pickup', data: { deliveryMode: 'station' } },
    ]);
    await switchLocale('en', el);
    expect(q(el, '[data-action=pickup-door]').textContent?.trim()).toBe('Record door-to-door delivery');
    expect(actionsShown(await actionsFor(approved, 'street-a', 'street'))).not.toContain('pickup-door');
  });
});

describe('<case-timeline> delivery mode', () => {
  it('names a door-to-door delivery as such', async () => {
    const approved = [...atStreet().events, approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })];
    const doc = caseDocOf('case-d', [...approved, pickupEvent({ by: 'community-a1', atMs: T0 + 3 * MINUTE }, 'door_to_door')]);
    const el = await mount(new CaseTimeline(), { doc });
    expect(q(el, '[data-event=pickup] strong').textContent).toBe('上门送达');
  });
});
