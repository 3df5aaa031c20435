import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildShippedValidators, type ShippedValidators } from '../../helpers/shipped-validators.ts';
import { SESSION_ANSWER_NAMES, type AnswerName, type AnswerValidators, type ConsoleAnswerValidators, type SessionAnswerName, type SessionAnswerValidators } from '../../../schemas/api/answer-schemas.ts';
import { answerValidators as consoleRuntimeValidators, schemaProblems as runtimeProblems } from '../../../schemas/api/answer-validators.ts';
import { sessionAnswerValidators as sessionRuntimeValidators } from '../../../schemas/api/session-answer-validators.ts';

const RUNTIME_VALIDATORS = fileURLToPath(new URL('../../../schemas/api/answer-validators.ts', import.meta.url));
const SESSION_RUNTIME_VALIDATORS = fileURLToPath(new URL('../../../schemas/api/session-answer-validators.ts', import.meta.url));

interface ValidatorsModule {
  readonly answerValidators: ConsoleAnswerValidators;
  readonly schemaProblems: typeof runtimeProblems;
}

interface SessionValidatorsModule {
  readonly sessionAnswerValidators: SessionAnswerValidators;
  readonly schemaProblems: typeof runtimeProblems;
}

function isSessionAnswer(name: AnswerName): name is SessionAnswerName {
  return (SESSION_ANSWER_NAMES as readonly AnswerName[]).includes(name);
}

/** All eight validators as one object, from the shell's module and the console's. */
function merged(session: SessionAnswerValidators, console: ConsoleAnswerValidators): AnswerValidators {
  return { ...session, ...console };
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
 * sample exactly as the validators Node compiles at run time. The shell's three (sign-in, stored
 * session, refusal) are a module of their own, so the sign-in form's start-up carries only them.
 */
describe('the consoles\' build-time validators', () => {
  let built: ShippedValidators<ValidatorsModule> | undefined;
  let builtSession: ShippedValidators<SessionValidatorsModule> | undefined;
  let code: string;
  let sessionCode: string;
  let shipped: ValidatorsModule;
  let shippedSession: SessionValidatorsModule;

  beforeAll(async () => {
    built = await buildShippedValidators<ValidatorsModule>(RUNTIME_VALIDATORS, 'liandong-validators-');
    ({ code, shipped } = built);
    builtSession = await buildShippedValidators<SessionValidatorsModule>(SESSION_RUNTIME_VALIDATORS, 'liandong-session-validators-');
    ({ code: sessionCode, shipped: shippedSession } = builtSession);
  }, 120_000);

  afterAll(async () => {
    await built?.remove();
    await builtSession?.remove();
  });

  it('hold no compiler: no `new Function`, no eval, no Ajv class, no require', () => {
    for (const source of [code, sessionCode]) {
      expect(source).not.toMatch(/new Function|\bFunction\(|\beval\(/);
      // Ajv's helpers carry their own source as a string ("require(...)"), which is never run.
      expect(source).not.toMatch(/(?<!["'`])\brequire\(/);
      expect(source).not.toContain('class Ajv');
    }
  });

  it('split the shell\'s validators from the console\'s: each module holds only its own', () => {
    expect(Object.keys(shippedSession.sessionAnswerValidators).sort()).toEqual([...SESSION_ANSWER_NAMES].sort());
    expect(Object.keys(shipped.answerValidators).some((name) => isSessionAnswer(name as AnswerName))).toBe(false);
    expect(Object.keys(shipped.answerValidators).length + SESSION_ANSWER_NAMES.length).toBe(Object.keys(SAMPLES).length);
  });

  it('judge every sample as the run-time validators do, with the same problems named', () => {
    const shippedAll = merged(shippedSession.sessionAnswerValidators, shipped.answerValidators);
    const runtimeValidators = merged(sessionRuntimeValidators, consoleRuntimeValidators);
    for (const name of Object.keys(SAMPLES) as (keyof AnswerValidators)[]) {
      const problems = isSessionAnswer(name) ? shippedSession.schemaProblems : shipped.schemaProblems;
      for (const sample of SAMPLES[name]) {
        const built = shippedAll[name]();
        const compiled = runtimeValidators[name]();
        const what = `${name}: ${JSON.stringify(sample).slice(0, 80)}`;
        expect(built(sample), what).toBe(compiled(sample));
        expect(problems(built), what).toBe(runtimeProblems(compiled));
      }
    }
    // The samples are not all alike: some pass, some fail.
    expect(runtimeValidators.session()(SESSION)).toBe(true);
    expect(runtimeValidators.session()({ ...SESSION, tier: 'province' })).toBe(false);
  });
});
