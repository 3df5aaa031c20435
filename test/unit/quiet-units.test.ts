import { describe, expect, it } from 'vitest';
import { newestHeartbeats, quietUnits } from '../../schemas/rules/quiet-units.ts';
import { DEFAULT_QUIET_MINUTES, QUIET_CHOICES_MINUTES, quietMinutesOf, quietSpan } from '../../client/src/domain/quiet-threshold.ts';
import type { Unit } from '../../schemas/types.ts';

const unit = (id: string, tier: Unit['tier'], parentId: string | null, closed = false): Unit => ({
  id, tier, parentId, name: { zh: id, en: id }, calendarId: 'cn-mainland', ...(closed ? { closed: { at: 1, note: '撤销' } } : {}),
});
const UNITS: readonly Unit[] = [
  unit('city', 'city', null),
  unit('street-a', 'street', 'city'),
  unit('community-a1', 'community', 'street-a'),
  unit('community-a2', 'community', 'street-a'),
  unit('community-a3', 'community', 'street-a'),
  unit('community-closed', 'community', 'street-a', true),
];
const NOW = 10_000_000_000;
const MIN = 60_000;

describe('quiet units', () => {
  it('takes each unit\'s newest hub receipt among its devices', () => {
    const newest = newestHeartbeats([
      { unitId: 'community-a1', receivedAt: 5 }, { unitId: 'community-a1', receivedAt: 9 }, { unitId: 'community-a2' }, { unitId: 'community-a2', receivedAt: 3 },
    ]);
    expect([...newest]).toEqual([['community-a1', 9], ['community-a2', 3]]);
  });

  it('lists the open units below the city silent for the threshold or longer, or never heard, longest silent first', () => {
    const newest = new Map([['community-a1', NOW - 59 * MIN], ['community-a2', NOW - 60 * MIN], ['street-a', NOW - 300 * MIN], ['city', NOW - 999 * MIN], ['community-closed', NOW - 999 * MIN]]);
    expect(quietUnits(UNITS, newest, 60 * MIN, NOW).map((q) => [q.unit.id, q.lastHeartbeatAt])).toEqual([
      ['community-a3', null],
      ['street-a', NOW - 300 * MIN],
      ['community-a2', NOW - 60 * MIN],
    ]);
    expect(quietUnits(UNITS, newest, 400 * MIN, NOW).map((q) => q.unit.id)).toEqual(['community-a3']);
  });
});

describe('the quiet threshold of the city console', () => {
  it('reads back only an offered choice, else the default', () => {
    expect(quietMinutesOf('240')).toBe(240);
    for (const bad of [null, '', '61', 'abc', '-15', '1e9']) expect(quietMinutesOf(bad)).toBe(DEFAULT_QUIET_MINUTES);
    expect(QUIET_CHOICES_MINUTES).toContain(DEFAULT_QUIET_MINUTES);
  });

  it('names a threshold in its largest whole unit', () => {
    expect(QUIET_CHOICES_MINUTES.map(quietSpan)).toEqual([
      { unit: 'minutes', n: 15 }, { unit: 'minutes', n: 30 }, { unit: 'hours', n: 1 }, { unit: 'hours', n: 2 }, { unit: 'hours', n: 4 }, { unit: 'hours', n: 8 },
      { unit: 'days', n: 1 }, { unit: 'days', n: 3 },
    ]);
  });
});
