import { describe, expect, it } from 'vitest';
import { CASE_ROLES, worksOnCases } from '../../schemas/rules/case-roles.ts';
import { CASE_STEPS } from '../../schemas/rules/case-steps.ts';
import { ROLES } from '../../schemas/types.ts';

describe('the roles that work on cases come from the case-step registry', () => {
  it('are exactly the roles some step lets record', () => {
    const fromSteps = new Set(Object.values(CASE_STEPS).flatMap((step) => [...step.roles]));
    expect([...CASE_ROLES].sort()).toEqual([...fromSteps].sort());
    expect(CASE_ROLES).toEqual(expect.arrayContaining(['community_worker', 'street_clerk', 'city_supervisor']));
  });

  it('leave out the catalog editor and the administrator', () => {
    expect(ROLES.filter((role) => !worksOnCases(role))).toEqual(['catalog_editor', 'admin']);
  });
});
