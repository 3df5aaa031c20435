import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settledHeap } from '../helpers/garbage.ts';
import { stopNetworkBounded, type ErrorAnswer } from '../helpers/raw-cases.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

/** Probe accounts this file creates, so each test starts with accounts no other test has failed on. */
const PROBES = 60;
const probe = (n: number): string => `probe-${String(n).padStart(2, '0')}`;
const probePassword = (n: number): string => `probe-password-${n}-right`;

/** A distinct client address per request: an attacker with many machines, not one. */
const address = (n: number): string => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

function expectErrorShape(answer: LightMyRequestResponse, status: number, code: string, what: string): void {
  expect(answer.statusCode, `${what}: ${answer.body.slice(0, 300)}`).toBe(status);
  const body = answer.json<ErrorAnswer>();
  expect(body.code, what).toBe(code);
  expect(typeof body.reason === 'string' && body.reason.length > 0, `${what}: reason`).toBe(true);
  expect(/[\u4e00-\u9fff]/.test(body.reason_zh ?? ''), `${what}: reason_zh`).toBe(true);
}

describe('sign-in under attack: bounded hashing, no account enumeration, bounded memory', () => {
  let network: TestNetwork;
  let clientDir: string;
  let nextProbe = 1;
  const takeProbes = (count: number): number[] => {
    const taken = Array.from({ length: count }, (_, i) => nextProbe + i);
    nextProbe += count;
    if (nextProbe > PROBES + 1) throw new Error('this file ran out of probe accounts');
    return taken;
  };

  const login = (username: string, password: string, from: string): Promise<LightMyRequestResponse> =>
    network.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: from });

  /** A static file through the real socket: it needs the thread pool that password hashing also uses. */
  const timedStatic = async (): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${network.url}/index.html`);
    await response.text();
    expect(response.status).toBe(200);
    return performance.now() - started;
  };

  beforeAll(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'liandong-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>联动</title>');
    network = await startTestNetwork({ clientDir });
    for (let n = 1; n <= PROBES; n += 1) {
      await network.app.gateway.accounts.ensure({ username: probe(n), password: probePassword(n), unitId: 'community-xinghuacun', tier: 'community', role: 'community_worker', workerName: `探针${n}` });
    }
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`login-under-load teardown: ${problem}`);
    await rm(clientDir, { recursive: true, force: true });
  });

  it('100 concurrent wrong passwords for one account: at most 5 are checked, the rest refused at once, and a static file stays fast', async () => {
    const [n = 0] = takeProbes(1);
    const baseline = median([await timedStatic(), await timedStatic(), await timedStatic(), await timedStatic(), await timedStatic()]);

    const burst = Promise.all(Array.from({ length: 100 }, (_, i) => login(probe(n), `wrong-${i}`, address(1000 + i))));
    const during = [await timedStatic(), await timedStatic(), await timedStatic()];
    const answers = await burst;

    const checked = answers.filter((a) => a.statusCode === 401);
    const throttled = answers.filter((a) => a.statusCode === 429);
    expect(checked.length + throttled.length, `every answer is 401 or 429: ${answers.map((a) => a.statusCode).join(',')}`).toBe(100);
    expect(checked.length, 'passwords checked despite the throttle').toBeLessThanOrEqual(5);
    for (const answer of throttled) expectErrorShape(answer, 429, 'ERR_LOGIN_THROTTLED', 'a throttled sign-in');
    expect(Math.max(...during), `static file during the burst (baseline median ${baseline.toFixed(1)} ms): ${during.map((d) => d.toFixed(0)).join(', ')} ms`)
      .toBeLessThan(1_500 + 10 * baseline);
    // The right password is throttled too, for now: the throttle does not tell which is right.
    expectErrorShape(await login(probe(n), probePassword(n), address(2000)), 429, 'ERR_LOGIN_THROTTLED', 'the right password while throttled');
  });

  it('a burst over many accounts runs a bounded number of hashes at once and sheds the rest with 503 in our error shape', async () => {
    const accounts = takeProbes(20);
    const before = network.app.gateway.accounts.loginStats();
    const baseline = median([await timedStatic(), await timedStatic(), await timedStatic()]);
    const burst = Promise.all(Array.from({ length: 100 }, (_, i) => login(probe(accounts[i % accounts.length] ?? 0), `wrong-${i}`, address(3000 + i))));
    const during = [await timedStatic(), await timedStatic(), await timedStatic()];
    const answers = await burst;
    const after = network.app.gateway.accounts.loginStats();

    const shed = answers.filter((a) => a.statusCode === 503);
    expect(shed.length, `answers: ${answers.map((a) => a.statusCode).join(',')}`).toBeGreaterThan(0);
    for (const answer of shed) {
      expectErrorShape(answer, 503, 'ERR_LOGIN_BUSY', 'a shed sign-in');
      expect(Number(answer.headers['retry-after']), 'a shed sign-in says when to retry').toBeGreaterThan(0);
    }
    expect(answers.every((a) => [401, 503].includes(a.statusCode))).toBe(true);
    expect(after.peakHashesRunning, 'hashes running at once').toBeLessThanOrEqual(after.limits.concurrentHashes);
    expect(after.hashesStarted - before.hashesStarted, 'hashes run for the burst').toBe(answers.filter((a) => a.statusCode === 401).length);
    expect(after.hashesStarted - before.hashesStarted).toBeLessThanOrEqual(after.limits.concurrentHashes + after.limits.queuedHashes + 10);
    expect(Math.max(...during), `static file during the burst (baseline median ${baseline.toFixed(1)} ms)`).toBeLessThan(1_500 + 10 * baseline);
    expect(after.hashesRunning + after.hashesQueued, 'nothing left running').toBe(0);
  });

  it('an unknown username costs the same as a wrong password (medians over interleaved tries)', async () => {
    const accounts = takeProbes(9);
    // Warm both paths once.
    await login(`ghost-warm-${Date.now()}`, 'whatever-password', address(5000));
    await login(probe(accounts[0] ?? 0), 'wrong-warm', address(5001));
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (const [round, n] of accounts.entries()) {
      const t0 = performance.now();
      const a = await login(`ghost-${round}-${Math.random().toString(36).slice(2)}`, 'some-password', address(5100 + round));
      const t1 = performance.now();
      const b = await login(probe(n), 'not-the-password', address(5200 + round));
      const t2 = performance.now();
      expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
      expect(a.json<ErrorAnswer>(), 'an unknown username and a wrong password answer alike').toEqual(b.json<ErrorAnswer>());
      unknown.push(t1 - t0);
      wrong.push(t2 - t1);
    }
    const ratio = median(unknown) / median(wrong);
    expect(ratio, `median unknown ${median(unknown).toFixed(1)} ms, wrong password ${median(wrong).toFixed(1)} ms`).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('a disabled account answers exactly as a wrong password, with a message that covers both', async () => {
    const [n = 0] = takeProbes(1);
    const admin = await network.login('admin');
    const disabled = await network.app.inject({
      method: 'POST',
      url: `/api/accounts/${probe(n)}/disabled`,
      headers: { authorization: `Bearer ${admin.token}` },
      payload: { disabled: true },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const right = await login(probe(n), probePassword(n), address(6000));
    const wrongPassword = await login(probe(n), 'not-the-password', address(6001));
    expect({ status: right.statusCode, body: right.json<unknown>() }, 'right and wrong password on a disabled account').toEqual({ status: wrongPassword.statusCode, body: wrongPassword.json<unknown>() });
    expectErrorShape(right, 401, 'ERR_LOGIN_FAILED', 'the right password of a disabled account');
    const body = right.json<ErrorAnswer>();
    expect(body.reason, 'the message covers a disabled account').toMatch(/disabled/i);
    expect(body.reason_zh, 'the message covers a disabled account').toMatch(/停用/);
    expect(body.reason, 'the message says what to do').toMatch(/administrator/i);
  });

  it('one address may try only so many sign-ins a minute; then 429 in our error shape', async () => {
    const from = '10.250.250.250';
    let limited: LightMyRequestResponse | null = null;
    let tries = 0;
    for (; tries < 120 && limited === null; tries += 1) {
      const answer = await login(`sprayed-${tries}`, 'some-password', from);
      if (answer.statusCode === 429) limited = answer;
      else expect(answer.statusCode).toBe(401);
    }
    expect(limited, `no per-address limit after ${tries} sign-ins from one address`).not.toBeNull();
    if (limited === null) return;
    expectErrorShape(limited, 429, 'ERR_LOGIN_RATE_LIMITED', 'a sign-in over the per-address limit');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await login('sprayed-elsewhere', 'some-password', '10.250.250.251')).statusCode).toBe(401);
  });

  it('30,000 made-up usernames from many addresses keep the gateway\'s memory bounded', async () => {
    const total = 30_000;
    const batch = 500;
    const statuses = new Map<number, number>();
    const spray = async (from: number, to: number): Promise<void> => {
      for (let start = from; start < to; start += batch) {
        const answers = await Promise.all(Array.from({ length: Math.min(batch, to - start) }, (_, i) => {
          const n = start + i;
          return login(`made-up-${n}-${Math.random().toString(36).slice(2, 10)}`, 'guess', address(100_000 + n));
        }));
        for (const answer of answers) statuses.set(answer.statusCode, (statuses.get(answer.statusCode) ?? 0) + 1);
      }
    };
    const heapBefore = settledHeap();
    // The first third fills whatever is capped; the rest must then cost (almost) nothing more.
    await spray(0, total / 3);
    const heapAfterFirst = settledHeap();
    await spray(total / 3, total);
    const heapAfterAll = settledHeap();
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
    const report = `heap grew ${mib(heapAfterFirst - heapBefore)} over the first ${total / 3} names, then ${mib(heapAfterAll - heapAfterFirst)} over the next ${(2 * total) / 3}`;
    expect([...statuses.keys()].every((s) => [401, 503].includes(s)), `statuses: ${JSON.stringify([...statuses])}`).toBe(true);
    expect(heapAfterAll - heapAfterFirst, report).toBeLessThan(2.5 * 2 ** 20);
    expect(heapAfterAll - heapBefore, report).toBeLessThan(40 * 2 ** 20);
    const stats = network.app.gateway.accounts.loginStats();
    expect(stats.trackedUsernames, 'usernames with failures remembered').toBeLessThanOrEqual(stats.limits.trackedUsernames);
    expect(stats.cachedAccounts, 'account lookups cached').toBeLessThanOrEqual(stats.limits.cachedAccounts);
  });
});
