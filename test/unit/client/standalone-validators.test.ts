import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShippedValidators, type ShippedValidators } from '../../helpers/shipped-validators.ts';
import type { AnswerValidators } from '../../../schemas/api/answer-schemas.ts';
import { answerValidators as runtimeValidators, schemaProblems as runtimeProblems } from '../../../schemas/api/answer-validators.ts';

const RUNTIME_VALIDATORS = fileURLToPath(new URL('../../../schemas/api/answer-validators.ts', import.meta.url));

interface ValidatorsModule {
  readonly answerValidators: AnswerValidators;
  readonly schemaProblems: typeof runtimeProblems;
}

const SESSION = { token: 'a.b.c', unitId: 'community-a1', unitName: { zh: '幸福社区', en: 'Xingfu community' }, tier: 'community', role: 'community_worker', workerName: '王芳', expiresAt: '2026-03-15T08:00:00.000Z' };
const SAMPLES: Record<keyof AnswerValidators, unknown[]> = {
  session: [SESSION, { ...SESSION, tier: 'province' }, { ...SESSION, unitName: { zh: '幸福社区' } }, { ...SESSION, token: '' }, { ...SESSION, workerName: '王'.repeat(61) }, { ...SESSION, workerName: '😀'.repeat(60) }, null, []],
  storedSession: [
    { username: 'community-a1', ...SESSION, verifier: { algorithm: 'PBKDF2-SHA256', iterations: 1, salt: 's', hash: 'h' } },
    { username: 'community-a1', ...SESSION, verifier: { algorithm: 'MD5', iterations: 1, salt: 's', hash: 'h' } },
    { username: 'community-a1', ...SESSION, unitName: undefined, verifier: { algorithm: 'PBKDF2-SHA256', iterations: 1, salt: 's', hash: 'h' } },
    { username: 'community-a1', ...SESSION, verifier: { algorithm: 'PBKDF2-SHA256', iterations: 0.5, salt: 's', hash: 'h' }, extra: 1 },
  ],
  networkOverview: [
    { generatedAt: 1, units: [], counts: [{ unitId: 'u', status: 'accepted', count: 2 }], heartbeats: [] },
    { generatedAt: 1, units: [], counts: [{ unitId: 'u', status: 'accepted', count: -1 }], heartbeats: [{ id: 'u:web-1', unitId: 'u', deviceId: 'web-1' }] },
  ],
  caseSearch: [{ cases: [] }, { cases: [{}] }, {}],
  caseSearchPage: [
    { results: [{ id: 'c_u_1', caseNumber: 'LD1', itemCode: 'I', status: 'accepted', acceptedUnitId: 'u', holderUnitId: 'u', acceptedAt: '2026-03-15T08:00:00.000Z', greenChannel: false, applicant: { name: '王*', idNumber: '3401**1X', phone: '139****0000' } }], next: null },
    { results: [{ id: 'c_u_1', status: 'lost' }], next: 5 },
  ],
  indicators: [
    { period: '2026-11', kind: 'month', from: '2026-10-31T16:00:00.000Z', to: '2026-11-30T16:00:00.000Z', asOf: '2026-11-30T15:59:59.999Z', rows: [] },
    { period: '2026-11', kind: 'week', from: 'yesterday', to: '2026-11-30T16:00:00.000Z', asOf: '2026-11-30T15:59:59.999Z', rows: [{ unitId: 'u', onTimeRate: 2 }] },
  ],
  publicCase: [{ caseNumber: 'LD1' }, {}, null],
  error: [{ error: 'forbidden', code: 'ERR_X', reason: 'r', reason_zh: '原因' }, { code: '' }],
};

/**
 * The validators the browser build ships: generated as code at build time (so the consoles run
 * under a CSP without 'unsafe-eval'), bundled the way Vite bundles the consoles, and judging every
 * sample exactly as the validators Node compiles at run time.
 */
describe('the consoles\' build-time validators', () => {
  let built: ShippedValidators<ValidatorsModule> | undefined;
  let code: string;
  let shipped: ValidatorsModule;

  beforeAll(async () => {
    built = await buildShippedValidators<ValidatorsModule>(RUNTIME_VALIDATORS, 'liandong-validators-');
    ({ code, shipped } = built);
  }, 120_000);

  afterAll(async () => {
    await built?.remove();
  });

  it('hold no compiler: no `new Function`, no eval, no Ajv class, no require', () => {
    expect(code).not.toMatch(/new Function|\bFunction\(|\beval\(/);
    // Ajv's helpers carry their own source as a string ("require(...)"), which is never run.
    expect(code).not.toMatch(/(?<!["'`])\brequire\(/);
    expect(code).not.toContain('class Ajv');
  });

  it('judge every sample as the run-time validators do, with the same problems named', () => {
    for (const name of Object.keys(SAMPLES) as (keyof AnswerValidators)[]) {
      for (const sample of SAMPLES[name]) {
        const built = shipped.answerValidators[name]();
        const compiled = runtimeValidators[name]();
        const what = `${name}: ${JSON.stringify(sample).slice(0, 80)}`;
        expect(built(sample), what).toBe(compiled(sample));
        expect(shipped.schemaProblems(built), what).toBe(runtimeProblems(compiled));
      }
    }
    // The samples are not all alike: some pass, some fail.
    expect(runtimeValidators.session()(SESSION)).toBe(true);
    expect(runtimeValidators.session()({ ...SESSION, tier: 'province' })).toBe(false);
  });
});
