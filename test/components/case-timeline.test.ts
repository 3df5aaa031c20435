import { describe, expect, it } from 'vitest';
import { CaseTimeline } from '../../client/src/components/case-timeline.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { acceptEvent, approveEvent, caseDocOf, forwardEvent, ITEMS, MINUTE, rateEvent, requestSupplementEvent, T0, withdrawEvent } from '../unit/fixtures/case-events.ts';
import { mount, nth, qAll, switchLocale, text, update } from './mount.ts';

const UNIT_NAMES: ReadonlyMap<string, string> = new Map([
  ['community-a1', '幸福社区服务站'],
  ['street-a', '和平街道便民服务中心'],
]);
const MATERIAL_NAMES: ReadonlyMap<string, string> = new Map([['household-register', '户口簿']]);

/** Accepted and forwarded (both received by the hub), then a supplement request still only on the device. */
function caseWithUnsyncedTail(): CaseDoc {
  const accept = acceptEvent({ by: 'community-a1', atMs: T0 });
  const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
  const request = requestSupplementEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE }, ['household-register']);
  const doc = caseDocOf('case-1', [accept, forward, request], T0 + 5 * MINUTE);
  return { ...doc, receipts: doc.receipts.filter((r) => r.eventId !== request.id) };
}

describe('<case-timeline>', () => {
  it('renders nothing without a case', async () => {
    const timeline = await mount(new CaseTimeline());
    expect(text(timeline)).toBe('');
  });

  it('lists every step in order with unit and worker, and marks the step the hub has not received', async () => {
    const timeline = await mount(new CaseTimeline(), { doc: caseWithUnsyncedTail(), unitNames: UNIT_NAMES, materialNames: MATERIAL_NAMES });
    expect(text(timeline)).toContain('办理过程');
    const steps = qAll(timeline, 'li');
    expect(steps.map((li) => [li.dataset['event'], li.className])).toEqual([
      ['accept', 'synced'],
      ['forward', 'synced'],
      ['request_supplement', 'unsynced'],
    ]);
    const [accepted, forwarded, requested] = steps.map((li) => text(li));
    expect(accepted).toContain('受理 · 幸福社区服务站 · 经办人 w-community-a1');
    expect(accepted).toContain('到达中心');
    expect(accepted).not.toContain('尚未同步到中心');
    expect(forwarded).toContain('转办至 和平街道便民服务中心');
    expect(requested).toContain('要求补齐补正 · 和平街道便民服务中心 · 经办人 w-street-a');
    expect(requested).toContain('尚未同步到中心');
    expect(requested).not.toContain('到达中心');
    expect(requested).toContain('需补材料: 户口簿');
    expect(qAll(timeline, '.badge.unsynced')).toHaveLength(1);
  });

  it('falls back to ids for unknown units and re-renders in English', async () => {
    const doc = caseWithUnsyncedTail();
    const timeline = await mount(new CaseTimeline(), { doc });
    expect(text(nth(qAll(timeline, 'li'), 0))).toContain('受理 · community-a1');

    await switchLocale('en', timeline);
    await update(timeline, { unitNames: new Map([['street-a', 'Heping Street Hall']]) });
    expect(text(timeline)).toContain('Timeline');
    const [, forwarded, requested] = qAll(timeline, 'li').map((li) => text(li));
    expect(forwarded).toContain('Forwarded to Heping Street Hall');
    expect(forwarded).toContain('reached the hub');
    expect(requested).toContain('Supplement requested · Heping Street Hall · by w-street-a');
    expect(requested).toContain('not yet synced to the hub');
    expect(requested).toContain('Missing materials: household-register');
  });

  it('marks every step unsynced for a case made offline, and shows a rating', async () => {
    // An instant item concluded on the spot and rated, all before any sync.
    const accept = acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.instant });
    const approve = approveEvent({ by: 'community-a1', atMs: T0 + MINUTE });
    const rate = rateEvent({ by: 'community-a1', atMs: T0 + 2 * MINUTE }, 5);
    const doc: CaseDoc = { ...caseDocOf('case-2', [accept, approve, rate]), receipts: [] };
    const timeline = await mount(new CaseTimeline(), { doc, unitNames: UNIT_NAMES });
    expect(qAll(timeline, 'li.unsynced')).toHaveLength(3);
    expect(qAll(timeline, 'li.synced')).toHaveLength(0);
    expect(text(nth(qAll(timeline, 'li'), 2))).toMatch(/^评价：非常满意 · 幸福社区服务站/);
  });

  it('marks a step that lost to one the hub received first, and says why', async () => {
    const accept = acceptEvent({ by: 'community-a1', atMs: T0 }, { item: ITEMS.street });
    const forward = forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a');
    const approve = approveEvent({ by: 'street-a', atMs: T0 + 3 * MINUTE });
    const withdraw = withdrawEvent({ by: 'community-a1', atMs: T0 + 2 * MINUTE });
    // The approval reached the hub before the (earlier-stamped) withdraw: the withdraw lost.
    const doc = materializeCase('case-3', [accept, forward, approve, withdraw], [
      { eventId: accept.id, at: T0 }, { eventId: forward.id, at: T0 + MINUTE }, { eventId: approve.id, at: T0 + 3 * MINUTE }, { eventId: withdraw.id, at: T0 + 9 * MINUTE },
    ], ['city', 'community-a1', 'street-a']);
    if (doc === null) throw new Error('no case');
    const timeline = await mount(new CaseTimeline(), { doc, unitNames: UNIT_NAMES });
    const lost = qAll(timeline, 'li[data-lost]');
    expect(lost.map((li) => li.dataset['event'])).toEqual(['withdraw']);
    expect(text(nth(lost, 0))).toContain('未生效');
    expect(qAll(timeline, 'li').map((li) => li.dataset['event'])).toEqual(['accept', 'forward', 'approve', 'withdraw']);
  });
});
