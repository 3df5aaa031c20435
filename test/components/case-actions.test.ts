import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
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
  suspendEvent,
  T0,
  UNITS,
  withdrawEvent,
} from '../unit/fixtures/case-events.ts';
import { mount, q, qAll, record, switchLocale, text } from './mount.ts';

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

  it('emits urge at once, and supervise only with an instruction', async () => {
    const el = await actionsFor(atStation(), 'city', 'city');
    const steps = record<StepRequested>(el, 'step-requested');
    await userEvent.click(q(el, '[data-action=urge]'));
    await userEvent.click(q(el, '[data-action=supervise]'));
    await el.updateComplete;
    expect(steps).toEqual([{ type: 'urge', data: {} }]);
    expect(q(el, '[role=alert]').textContent).toBe('请填写督办意见。');

    await userEvent.fill(q(el, '#supervise-note'), '逾期，请说明进度');
    await userEvent.click(q(el, '[data-action=supervise]'));
    expect(steps).toEqual([{ type: 'urge', data: {} }, { type: 'supervise', data: { note: '逾期，请说明进度' } }]);
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
