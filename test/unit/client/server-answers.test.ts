import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthCallError, login, refreshToken } from '../../../client/src/data/auth-api.ts';
import { loadCachedOverview, saveCachedOverview } from '../../../client/src/data/overview-cache.ts';
import { loadSession, saveSession, type StoredSession } from '../../../client/src/data/session-store.ts';
import { fetchOverview, searchCasesByNumber, SupervisionCallError } from '../../../client/src/data/supervision-api.ts';
import { setLocale } from '../../../client/src/i18n/locale.ts';
import type { NetworkOverview } from '../../../schemas/api/network-overview.ts';
import { acceptEvent, caseDocOf, T0 } from '../fixtures/case-events.ts';

/** A Web Storage over a map: the Node tests have no browser storage of their own. */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

function answering(status: number, body: unknown): void {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })));
}

const SESSION_ANSWER = {
  token: 'header.payload.signature',
  unitId: 'community-a1',
  unitName: { zh: '幸福社区', en: 'Xingfu community' },
  tier: 'community',
  role: 'community_worker',
  workerName: '王芳',
  expiresAt: '2026-03-15T08:00:00.000Z',
};

const STORED: StoredSession = {
  username: 'community-a1',
  ...SESSION_ANSWER,
  tier: 'community',
  role: 'community_worker',
  verifier: { algorithm: 'PBKDF2-SHA256', iterations: 210_000, salt: 'c2FsdA==', hash: 'aGFzaA==' },
};

const OVERVIEW: NetworkOverview = {
  generatedAt: T0,
  units: [{ id: 'community-a1', name: { zh: '幸福社区', en: 'Xingfu community' }, tier: 'community', parentId: 'street-a', calendarId: 'cn' }],
  counts: [{ unitId: 'community-a1', status: 'accepted', count: 2 }],
  heartbeats: [{ id: 'community-a1:web-0123456789abcdef', unitId: 'community-a1', deviceId: 'web-0123456789abcdef', deviceTime: '2025-03-03T01:00:00.000Z', lastSyncAt: null, pendingOutbound: 0, appVersion: '0.1.0', receivedAt: T0 }],
};

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  vi.stubGlobal('sessionStorage', new MemoryStorage());
});

afterEach(() => {
  vi.unstubAllGlobals();
  setLocale('zh-CN');
});

describe('the session answer (sign-in and refresh)', () => {
  it('is taken when it is what the schema says', async () => {
    answering(200, SESSION_ANSWER);
    await expect(login('community-a1', 'pw')).resolves.toEqual(SESSION_ANSWER);
  });

  it('is refused with a clear error, in both languages, when a field is missing or wrong', async () => {
    answering(200, { ...SESSION_ANSWER, tier: 'province', token: undefined });
    const err = await login('community-a1', 'pw').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthCallError);
    expect(err).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^服务器的答复格式不符（.*token.*\/tier/) });

    setLocale('en');
    answering(200, { ...SESSION_ANSWER, expiresAt: 'tomorrow' });
    await expect(refreshToken('old')).rejects.toThrow(/not in the expected form \(\/expiresAt/);
  });

  it('reads a refusal’s code and words in the chosen language', async () => {
    answering(401, { error: 'Unauthorized', code: 'ERR_LOGIN_FAILED', reason: 'wrong account or password', reason_zh: '账号或密码不正确' });
    const err = await login('community-a1', 'bad').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'refused', code: 'ERR_LOGIN_FAILED', message: '账号或密码不正确', status: 401 });
  });
});

describe('the supervision answers', () => {
  it('takes a network overview that fits its schema and refuses one that does not', async () => {
    answering(200, OVERVIEW);
    await expect(fetchOverview('t')).resolves.toEqual(OVERVIEW);
    answering(200, { ...OVERVIEW, counts: [{ unitId: 'community-a1', status: 'accepted', count: -1 }] });
    const err = await fetchOverview('t').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SupervisionCallError);
    expect(err).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/counts/0/count') });
  });

  it('checks every case a search returns against the case schema', async () => {
    const doc = caseDocOf('case-1', [acceptEvent({ by: 'community-a1', atMs: T0 }, { caseNumber: 'LD20250303ABCDEF' })]);
    answering(200, { cases: [doc] });
    await expect(searchCasesByNumber('t', doc.caseNumber)).resolves.toEqual([doc]);
    answering(200, { cases: [{ ...doc, status: 'lost' }] });
    await expect(searchCasesByNumber('t', doc.caseNumber)).rejects.toMatchObject({ kind: 'invalid' });
  });
});

describe('what the device stored', () => {
  it('a stored session that does not fit its schema is no session', () => {
    expect(loadSession()).toBeNull();
    saveSession(STORED);
    expect(loadSession()).toEqual(STORED);
    // Stored before answers carried the unit's name: still opens, offline included.
    const olderSession: StoredSession = { ...STORED };
    delete olderSession.unitName;
    saveSession(olderSession);
    expect(loadSession()).toEqual(olderSession);
    for (const damaged of ['{not json', JSON.stringify({ ...STORED, verifier: undefined }), JSON.stringify({ ...STORED, tier: 'province' }), JSON.stringify({ ...STORED, verifier: { ...STORED.verifier, iterations: '210000' } })]) {
      localStorage.setItem('liandong.session', damaged);
      expect(loadSession()).toBeNull();
    }
  });

  it('a cached overview that does not fit its schema is no cache', () => {
    expect(loadCachedOverview()).toBeNull();
    saveCachedOverview(OVERVIEW);
    expect(loadCachedOverview()).toEqual(OVERVIEW);
    localStorage.setItem('liandong.overview', JSON.stringify({ ...OVERVIEW, units: [{ id: 'x' }] }));
    expect(loadCachedOverview()).toBeNull();
  });
});
