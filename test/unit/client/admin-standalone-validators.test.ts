import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShippedValidators, type ShippedValidators } from '../../helpers/shipped-validators.ts';
import type { AdminAnswerValidators } from '../../../schemas/api/admin-answers.schema.ts';
import { adminAnswerValidators as runtimeValidators, schemaProblems as runtimeProblems } from '../../../schemas/api/admin-answer-validators.ts';

const RUNTIME_VALIDATORS = fileURLToPath(new URL('../../../schemas/api/admin-answer-validators.ts', import.meta.url));

interface ValidatorsModule {
  readonly adminAnswerValidators: AdminAnswerValidators;
  readonly schemaProblems: typeof runtimeProblems;
}

const ACCOUNT = { username: 'a', unitId: 'u', tier: 'city', role: 'admin', workerName: '王', disabled: false };
const SAMPLES: Record<keyof AdminAnswerValidators, unknown[]> = {
  itemSaved: [{ item: { code: 'HF-X-1' } }, {}],
  calendarYearSaved: [{ year: { id: 'cn-mainland:2031', calendarId: 'cn-mainland', year: 2031, status: 'published', notice: 'n', holidays: ['2031-10-01'], makeupWorkdays: [] } }, { year: { id: 'x' } }],
  unitSaved: [{ unit: { id: 'community-a1', name: { zh: '甲', en: 'A' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland', closed: { at: 1, note: '撤并' } } }, { unit: { id: 'A B' } }],
  unitOpenWork: [{ unitId: 'u', openWork: { held: 1, accepted: 0, rectifications: 0, supervisions: 0, repliesOwed: 0 }, devices: [{ deviceId: 'web-1', pendingOutbound: 2, reportedAt: 1 }] }, { unitId: 'u', openWork: { held: -1 }, devices: [] }],
  unitClosed: [{ unit: {}, disabledAccounts: ['a'] }],
  accountList: [{ accounts: [ACCOUNT] }, { accounts: [{ ...ACCOUNT, password: {} }] }],
  accountIssued: [{ account: ACCOUNT, password: 'abcdefgh12' }, { account: ACCOUNT, password: 'short' }],
  changeList: [{ records: [], next: null }, { records: [{ id: 'a0000000000001-0123abcd' }], next: 'x' }],
  editRefusal: [
    { error: 'invalid', code: 'ERR_EDIT_REFUSED', reason: 'r', reason_zh: '原因', problems: [{ field: 'code', code: 'required', en: 'Fill this in.', zh: '此项必填。' }] },
    { code: 'ERR_OTHER', reason: 'r', reason_zh: 'z', problems: [] },
  ],
};

/**
 * The administration console's validators as the browser build ships them: generated as code into
 * the console's own chunk, judging every sample exactly as the validators Node compiles.
 */
describe('the administration console\'s build-time validators', () => {
  let built: ShippedValidators<ValidatorsModule> | undefined;
  let code: string;
  let shipped: ValidatorsModule;

  beforeAll(async () => {
    built = await buildShippedValidators<ValidatorsModule>(RUNTIME_VALIDATORS, 'liandong-admin-validators-');
    ({ code, shipped } = built);
  }, 120_000);

  afterAll(async () => {
    await built?.remove();
  });

  it('hold no compiler', () => {
    expect(code).not.toMatch(/new Function|\bFunction\(|\beval\(/);
    expect(code).not.toContain('class Ajv');
  });

  it('judge every sample as the run-time validators do, with the same problems named', () => {
    for (const name of Object.keys(SAMPLES) as (keyof AdminAnswerValidators)[]) {
      for (const sample of SAMPLES[name]) {
        const built = shipped.adminAnswerValidators[name]();
        const compiled = runtimeValidators[name]();
        const what = `${name}: ${JSON.stringify(sample).slice(0, 80)}`;
        expect(built(sample), what).toBe(compiled(sample));
        expect(shipped.schemaProblems(built), what).toBe(runtimeProblems(compiled));
      }
    }
    expect(runtimeValidators.accountIssued()({ account: ACCOUNT, password: 'abcdefgh12' })).toBe(true);
    expect(runtimeValidators.accountIssued()({ account: ACCOUNT, password: 'short' })).toBe(false);
  });
});
