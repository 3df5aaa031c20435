import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startLiandong, type RunningLiandong } from '../../ops/start-network.ts';
import { readConfig } from '../../server/config.ts';
import { loadTokenSecret } from '../../server/services/token-secret.ts';
import { signToken } from '../../server/services/tokens.ts';

describe('the token key: never short, never empty, written whole', () => {
  const dirs: string[] = [];
  let running: RunningLiandong | null = null;

  const freshDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'liandong-secret-'));
    dirs.push(dir);
    return dir;
  };

  afterEach(async () => {
    await running?.stop();
    running = null;
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  /**
   * Starts the gateway as `npm start` does, on a data folder whose key file holds `content`. If it
   * starts, an attacker tries an admin token signed with an empty key, and the test fails either way.
   */
  async function startWithKeyFile(content: string): Promise<Error> {
    const dataDir = await freshDir();
    await writeFile(join(dataDir, 'token-secret'), content, { mode: 0o600 });
    const outcome = await startLiandong(readConfig({ DATA_DIR: dataDir, PORT: '0', LIANDONG_DEMO: 'on' })).then(
      (started) => started,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    );
    if (outcome instanceof Error) return outcome;
    running = outcome;
    const nowS = Math.floor(Date.now() / 1000);
    const forged = signToken({ sub: 'admin', unitId: 'hefei-center', tier: 'city', role: 'admin', iat: nowS, exp: nowS + 3600, signedInAt: Date.now() }, Buffer.alloc(0));
    const answer = await fetch(`${outcome.url}/api/accounts/admin/disabled`, {
      method: 'POST',
      headers: { authorization: `Bearer ${forged}`, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: false }),
    });
    throw new Error(`the gateway started on a ${JSON.stringify(content)} key file; an admin token forged with an empty key got ${answer.status}: ${await answer.text()}`);
  }

  it('refuses to start on an empty key file, naming the file and what to do', async () => {
    const err = await startWithKeyFile('');
    expect(err.message).toContain('token-secret');
    expect(err.message).toMatch(/at least 32 bytes/);
    expect(err.message).toMatch(/delete/i);
  });

  it('refuses to start on a short key file (16 bytes) and on one that is not base64', async () => {
    expect((await startWithKeyFile(randomBytes(16).toString('base64'))).message).toMatch(/token-secret.*16 bytes/s);
    expect((await startWithKeyFile('this is not base64 at all!!')).message).toMatch(/token-secret.*base64/s);
  });

  it('refuses a short LIANDONG_TOKEN_SECRET by its byte length, naming the variable and what to do', async () => {
    const dataDir = await freshDir();
    for (const value of ['', 'short', 'x'.repeat(31)]) {
      const err = await loadTokenSecret(dataDir, value).then(() => null, (e: unknown) => e);
      expect(err, `LIANDONG_TOKEN_SECRET=${JSON.stringify(value)}`).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/LIANDONG_TOKEN_SECRET.*at least 32 bytes/s);
      expect((err as Error).message).toMatch(/openssl rand/);
    }
    expect((await loadTokenSecret(dataDir, 'x'.repeat(32))).length).toBe(32);
  });

  it('writes a new key whole (0600, 32 bytes or more, no temporary file left) and reads the same key again', async () => {
    const dataDir = await freshDir();
    const first = await loadTokenSecret(join(dataDir, 'nested'), null);
    expect(first.length).toBeGreaterThanOrEqual(32);
    const file = join(dataDir, 'nested', 'token-secret');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dataDir, 'nested'))).toEqual(['token-secret']);
    expect(Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')).toEqual(first);
    expect(await loadTokenSecret(join(dataDir, 'nested'), null)).toEqual(first);
  });

  it('does not swallow an error writing the key: it names the file', async () => {
    // Nothing may be created in /proc, not even by root.
    const err = await loadTokenSecret('/proc/self/fdinfo', null).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/could not write.*\/proc\/self\/fdinfo\/token-secret/s);
  });
});
