import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { demoAccountsFor } from '../../ops/seed/demo-accounts.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { serviceItemSchema } from '../../schemas/json/service-item.schema.ts';
import { unitSchema } from '../../schemas/json/unit.schema.ts';
import { workCalendarOf } from '../../schemas/rules/calendar.ts';
import { CN_MAINLAND, CN_MAINLAND_YEARS } from '../../ops/seed/cn-mainland-calendar.ts';

const CN_CALENDAR = workCalendarOf(CN_MAINLAND, CN_MAINLAND_YEARS);
import type { Tier } from '../../schemas/types.ts';

// The schemas carry RxDB keywords (primaryKey, version, indexes) that ajv must tolerate.
const ajv = new Ajv({ strict: false, allErrors: true });
const validateUnit = ajv.compile(unitSchema);
const validateItem = ajv.compile(serviceItemSchema);

const TIER_ABOVE: Readonly<Record<Tier, Tier | null>> = { city: null, street: 'city', community: 'street' };

describe('demo units', () => {
  it('validate against the unit schema', () => {
    for (const unit of DEMO_UNITS) {
      expect(validateUnit(unit), `${unit.id}: ${ajv.errorsText(validateUnit.errors)}`).toBe(true);
    }
  });

  it('form one tree under the city center, each parent one tier up', () => {
    const byId = new Map(DEMO_UNITS.map((u) => [u.id, u]));
    expect(byId.size).toBe(DEMO_UNITS.length);
    const roots = DEMO_UNITS.filter((u) => u.parentId === null);
    expect(roots.map((u) => [u.id, u.tier])).toEqual([['hefei-center', 'city']]);
    for (const unit of DEMO_UNITS) {
      if (unit.parentId === null) continue;
      const parent = byId.get(unit.parentId);
      expect(parent, unit.id).toBeDefined();
      expect(parent?.tier, unit.id).toBe(TIER_ABOVE[unit.tier]);
    }
  });

  it('has three street halls with three community stations each, on the mainland calendar', () => {
    const streets = DEMO_UNITS.filter((u) => u.tier === 'street');
    expect(streets).toHaveLength(3);
    for (const street of streets) {
      expect(street.id).toMatch(/^street-/);
      const stations = DEMO_UNITS.filter((u) => u.parentId === street.id);
      expect(stations).toHaveLength(3);
      for (const station of stations) expect(station.id).toMatch(/^community-/);
    }
    for (const unit of DEMO_UNITS) expect(unit.calendarId).toBe(CN_CALENDAR.id);
  });
});

describe('demo catalog', () => {
  it('validates against the service item schema', () => {
    expect(DEMO_CATALOG.length).toBeGreaterThanOrEqual(18);
    for (const item of DEMO_CATALOG) {
      expect(validateItem(item), `${item.code}: ${ajv.errorsText(validateItem.errors)}`).toBe(true);
    }
  });

  it('has unique codes and unique material ids within each item', () => {
    expect(new Set(DEMO_CATALOG.map((i) => i.code)).size).toBe(DEMO_CATALOG.length);
    for (const item of DEMO_CATALOG) {
      expect(new Set(item.materials.map((m) => m.id)).size, item.code).toBe(item.materials.length);
    }
  });

  it('gives pinyin initials as lowercase letters, one per Chinese character', () => {
    for (const item of DEMO_CATALOG) {
      expect(item.pinyinInitials, item.code).toMatch(/^[a-z]+$/);
      const hanzi = item.name.zh.match(/\p{Script=Han}/gu) ?? [];
      expect(item.pinyinInitials?.length, item.code).toBe(hanzi.length);
    }
  });

  it('keeps time limits consistent: legal at least promised, instant exactly when promised is 0', () => {
    for (const item of DEMO_CATALOG) {
      expect(item.legalDays, item.code).toBeGreaterThanOrEqual(item.promisedDays);
      expect(item.kind === 'instant', item.code).toBe(item.promisedDays === 0);
      if (item.kind === 'instant') {
        expect(item.decisionTier, item.code).toBe('community');
        expect(item.acceptTiers, item.code).toContain('community');
      }
    }
  });

  it('mixes deciding tiers and covers the grassroots categories', () => {
    const tiers = new Set(DEMO_CATALOG.map((i) => i.decisionTier));
    expect([...tiers].sort()).toEqual(['city', 'community', 'street']);
    expect(new Set(DEMO_CATALOG.map((i) => i.category.zh)).size).toBeGreaterThanOrEqual(10);
  });
});

describe('demo accounts', () => {
  const accounts = demoAccountsFor(DEMO_UNITS);

  it('gives each station two named workers, each hall desk one, the city one supervisor, with the role of their tier', () => {
    for (const unit of DEMO_UNITS) {
      const own = accounts.filter((a) => a.unitId === unit.id && a.role !== 'catalog_editor' && a.role !== 'admin');
      expect(own.map((a) => a.username), unit.id).toEqual(unit.tier === 'city' ? [unit.id] : [unit.id, `${unit.id}.2`]);
      for (const account of own) {
        expect(account.tier).toBe(unit.tier);
        expect(account.role).toBe({ city: 'city_supervisor', street: 'street_clerk', community: 'community_worker' }[unit.tier]);
      }
    }
  });

  it('adds a catalog editor and an admin at the city; usernames and worker names unique', () => {
    expect(accounts).toHaveLength(DEMO_UNITS.filter((u) => u.tier !== 'city').length * 2 + 1 + 2);
    expect(new Set(accounts.map((a) => a.workerName)).size).toBe(accounts.length);
    expect(new Set(accounts.map((a) => a.username)).size).toBe(accounts.length);
    expect(accounts.find((a) => a.username === 'catalog-editor')).toMatchObject({ unitId: 'hefei-center', tier: 'city', role: 'catalog_editor' });
    expect(accounts.find((a) => a.username === 'admin')).toMatchObject({ unitId: 'hefei-center', tier: 'city', role: 'admin' });
    for (const account of accounts) expect(account.workerName.length).toBeGreaterThan(0);
  });

  it('refuses a network without a city root', () => {
    expect(() => demoAccountsFor(DEMO_UNITS.filter((u) => u.tier !== 'city'))).toThrow();
  });
});
