import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../server/config.ts';
import { GatewayCalls, stopNetworkBounded, type ErrorAnswer } from '../helpers/raw-cases.ts';
import { signToken } from '../../server/services/tokens.ts';
import { startTestNetwork, TEST_TOKEN_SECRET, type TestNetwork } from '../helpers/test-network.ts';

const HOUR_MS = 3_600_000;
const TARGET = 'community-liuanlu';
const DRIFTER = 'community-xinghuacun';

interface SessionAnswer {
  readonly token: string;
  readonly expiresAt: string;
}

/** The claims of one of our tokens, read the way anyone holding it could. */
function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('revocation: a disable ends every session issued before it; sessions have a maximum age', () => {
  let network: TestNetwork;
  let calls: GatewayCalls;
  /** The gateway's clock runs this far ahead of the real one. */
  let offsetMs = 0;

  beforeAll(async () => {
    network = await startTestNetwork({ gateway: { now: () => Date.now() + offsetMs } });
    calls = new GatewayCalls(network.app);
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`revocation teardown: ${problem}`);
  });

  const password = (username: string): string => network.accounts.find((a) => a.username === username)?.password ?? '';
  const login = (username: string) => calls.post<SessionAnswer | ErrorAnswer>('/api/auth/login', null, { username, password: password(username) });
  const syncStatus = async (unitId: string, token: string): Promise<{ status: number; body: unknown }> => calls.get(`/sync/${unitId}/cases/_changes?since=0`, token);

  it('a token issued before a disable stays dead after the account is enabled again (the lost device)', async () => {
    const lost = await network.login(TARGET);
    const admin = await network.login('admin');
    const setDisabled = (disabled: boolean) => calls.post(`/api/accounts/${TARGET}/disabled`, admin.token, { disabled });

    expect((await syncStatus(TARGET, lost.token)).status).toBe(200);
    expect((await setDisabled(true)).status).toBe(200);
    expect((await syncStatus(TARGET, lost.token)).body).toMatchObject({ code: 'ERR_ACCOUNT_DISABLED' });
    expect((await setDisabled(false)).status).toBe(200);

    for (const [what, answer] of [
      ['_changes', await syncStatus(TARGET, lost.token)],
      ['db info', await calls.get(`/sync/${TARGET}/cases/`, lost.token)],
      ['refresh', await calls.post('/api/auth/refresh', lost.token, {})],
    ] as const) {
      expect(answer.status, `the lost device's token on ${what} after re-enabling: ${JSON.stringify(answer.body)}`).toBe(401);
      expect((answer.body as ErrorAnswer).code, what).toBe('ERR_TOKEN_REVOKED');
      expect((answer.body as ErrorAnswer).reason_zh, what).toMatch(/[\u4e00-\u9fff]/);
    }
    const stored = await network.hubPort.database('accounts').get(TARGET);
    expect(typeof stored?.tokensValidAfter, 'the account records when its old tokens stopped').toBe('number');

    // A fresh sign-in works again.
    const again = await login(TARGET);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((await syncStatus(TARGET, (again.body as SessionAnswer).token)).status).toBe(200);
  });

  it('a disabled account\'s expired token still learns it is disabled (the device wipes), while a sign-in never says so', async () => {
    const target = 'community-tongchenglu';
    const session = await network.login(target);
    const admin = await network.login('admin');
    const nowMs = Date.now();
    const expired = signToken({ sub: target, unitId: target, tier: 'community', role: 'community_worker', iat: Math.floor(nowMs / 1000) - 7200, exp: Math.floor(nowMs / 1000) - 60, signedInAt: nowMs - 7_200_000 }, TEST_TOKEN_SECRET);
    expect((await syncStatus(target, expired)).body, 'an expired token of an enabled account').toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });
    expect((await calls.post(`/api/accounts/${target}/disabled`, admin.token, { disabled: true })).status).toBe(200);
    for (const token of [expired, session.token]) {
      const answer = await syncStatus(target, token);
      expect(answer.status).toBe(403);
      expect(answer.body).toMatchObject({ code: 'ERR_ACCOUNT_DISABLED' });
    }
    const signIn = await login(target);
    expect(signIn.status).toBe(401);
    expect(signIn.body).toMatchObject({ code: 'ERR_LOGIN_FAILED' });
  });

  it('accounts stored without tokensValidAfter keep working', async () => {
    const stored = await network.hubPort.database('accounts').get(DRIFTER);
    expect(stored?.tokensValidAfter).toBeUndefined();
    const session = await network.login(DRIFTER);
    expect((await syncStatus(DRIFTER, session.token)).status).toBe(200);
  });

  it('refresh carries the sign-in time and cannot stretch a session past 12 hours', async () => {
    offsetMs = 0;
    const first = await login(DRIFTER);
    expect(first.status).toBe(200);
    let token = (first.body as SessionAnswer).token;
    const signedInAt = claimsOf(token).signedInAt;
    expect(typeof signedInAt).toBe('number');
    const signedInMs = Number(signedInAt);

    // A station online all day refreshes every hour and a half, as its token nears expiry.
    for (let hours = 1.5; hours < 12; hours += 1.5) {
      offsetMs = hours * HOUR_MS;
      const refreshed = await calls.post<SessionAnswer | ErrorAnswer>('/api/auth/refresh', token, {});
      expect(refreshed.status, `refresh after ${hours} h: ${JSON.stringify(refreshed.body)}`).toBe(200);
      const answer = refreshed.body as SessionAnswer;
      token = answer.token;
      expect(claimsOf(token).signedInAt, 'refresh keeps the original sign-in time').toBe(signedInMs);
      expect(Date.parse(answer.expiresAt), `expiry after a refresh at ${hours} h`).toBeLessThanOrEqual(signedInMs + 12 * HOUR_MS);
      expect((await syncStatus(DRIFTER, token)).status, `sync after ${hours} h`).toBe(200);
    }

    offsetMs = 12 * HOUR_MS + 60_000;
    for (const [what, answer] of [
      ['refresh', await calls.post('/api/auth/refresh', token, {})],
      ['_changes', await syncStatus(DRIFTER, token)],
    ] as const) {
      expect(answer.status, `${what} 12 h after signing in: ${JSON.stringify(answer.body)}`).toBe(401);
      expect(['ERR_SESSION_EXPIRED', 'ERR_TOKEN_EXPIRED'], what).toContain((answer.body as ErrorAnswer).code);
    }
    // Signing in with the password starts a new session.
    expect((await login(DRIFTER)).status).toBe(200);
    offsetMs = 0;
  });

  it('the maximum age is read from LIANDONG_SESSION_MAX_AGE_HOURS, and a bad value stops the start', () => {
    expect(readConfig({}).sessionMaxAgeSeconds).toBe(12 * 3600);
    expect(readConfig({ LIANDONG_SESSION_MAX_AGE_HOURS: '8' }).sessionMaxAgeSeconds).toBe(8 * 3600);
    expect(readConfig({ LIANDONG_SESSION_MAX_AGE_HOURS: '0.5' }).sessionMaxAgeSeconds).toBe(1800);
    for (const bad of ['0', '-3', 'twelve', '', '10000']) {
      expect(() => readConfig({ LIANDONG_SESSION_MAX_AGE_HOURS: bad }), `LIANDONG_SESSION_MAX_AGE_HOURS=${bad}`).toThrow(/LIANDONG_SESSION_MAX_AGE_HOURS/);
    }
  });
});
