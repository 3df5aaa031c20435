import { describe, expect, it } from 'vitest';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { accountSwitchProblems, newAccountProblems, roleBelongsAt, rolesAt, type NewAccount } from '../../schemas/rules/account-edit.ts';
import { ADMIN_AREAS, adminAreasOf, administers, mayAdminister } from '../../schemas/rules/admin-areas.ts';
import { worksOnCases } from '../../schemas/rules/case-roles.ts';
import { closedUnit } from '../../schemas/rules/unit-edit.ts';
import { ROLES, type Unit } from '../../schemas/types.ts';

const COMMUNITY = 'community-xinghuacun';
const WORKER: NewAccount = { username: 'xinghuacun-2', unitId: COMMUNITY, role: 'community_worker', workerName: '刘芳' };
const codes = (account: NewAccount, units: readonly Unit[] = DEMO_UNITS, taken = false): string[] => newAccountProblems(account, units, taken).map((p) => `${p.field}:${p.code}`);

describe('who administers what', () => {
  it('the catalog editor keeps the catalog and calendars, the administrator the units and accounts, nobody else anything', () => {
    expect(adminAreasOf('catalog_editor')).toEqual(['catalog', 'calendars']);
    expect(adminAreasOf('admin')).toEqual(['units', 'accounts']);
    for (const role of ROLES) {
      expect(administers(role), role).toBe(role === 'catalog_editor' || role === 'admin');
      // Least privilege both ways: who administers works on no case, who works on cases administers nothing.
      expect(administers(role) && worksOnCases(role), role).toBe(false);
      for (const area of ADMIN_AREAS) expect(mayAdminister(role, area), `${role} ${area}`).toBe(adminAreasOf(role).includes(area));
    }
  });
});

describe('account edit rules', () => {
  it('each tier has its roles', () => {
    expect(rolesAt('community')).toEqual(['community_worker']);
    expect(rolesAt('street')).toEqual(['street_clerk']);
    expect(rolesAt('city')).toEqual(['city_supervisor', 'catalog_editor', 'admin']);
    expect(roleBelongsAt('admin', 'street')).toBe(false);
  });

  it('a new account: a free name of the right form, the worker\'s name, an open unit whose tier has the role', () => {
    expect(codes(WORKER)).toEqual([]);
    expect(codes(WORKER, DEMO_UNITS, true)).toEqual(['username:username_taken']);
    expect(codes({ ...WORKER, username: 'Liu Fang' })).toEqual(['username:username_form']);
    expect(codes({ ...WORKER, username: 'x'.repeat(65) })).toEqual(['username:username_form']);
    expect(codes({ ...WORKER, workerName: ' ' })).toEqual(['workerName:required']);
    expect(codes({ ...WORKER, workerName: '名'.repeat(61) })).toEqual(['workerName:too_long']);
    expect(codes({ ...WORKER, role: 'city_supervisor' })).toEqual(['role:role_not_at_tier']);
    expect(codes({ ...WORKER, unitId: 'nowhere' })).toEqual(['unitId:unit_missing']);
    expect(codes(WORKER, DEMO_UNITS.map((u) => (u.id === COMMUNITY ? closedUnit(u, '撤并', 1) : u)))).toEqual(['unitId:unit_closed']);
  });

  it('no administrator disables their own account; an account of a closed unit stays disabled', () => {
    const closed = DEMO_UNITS.map((u) => (u.id === COMMUNITY ? closedUnit(u, '撤并', 1) : u));
    expect(accountSwitchProblems({ username: 'admin', unitId: 'hefei-center' }, true, 'admin', DEMO_UNITS).map((p) => p.code)).toEqual(['own_account']);
    expect(accountSwitchProblems({ username: 'admin', unitId: 'hefei-center' }, false, 'admin', DEMO_UNITS)).toEqual([]);
    expect(accountSwitchProblems({ username: COMMUNITY, unitId: COMMUNITY }, true, 'admin', closed)).toEqual([]);
    expect(accountSwitchProblems({ username: COMMUNITY, unitId: COMMUNITY }, false, 'admin', closed).map((p) => p.code)).toEqual(['unit_closed']);
  });
});
