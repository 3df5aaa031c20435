import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The HMAC key for tokens: from the environment when several gateways share it, else generated
 * once and kept in the data folder (mode 0600) so tokens survive a restart.
 */
export async function loadTokenSecret(dataDir: string, fromEnv: string | null): Promise<Buffer> {
  if (fromEnv !== null) {
    if (fromEnv.length < 32) throw new Error('LIANDONG_TOKEN_SECRET must be at least 32 characters');
    return Buffer.from(fromEnv, 'utf8');
  }
  const file = join(dataDir, 'token-secret');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch {
    await mkdir(dataDir, { recursive: true });
    const secret = randomBytes(32);
    await writeFile(file, secret.toString('base64'), { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
    await chmod(file, 0o600);
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  }
}
