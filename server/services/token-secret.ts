import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** HMAC-SHA256 wants a key as long as its output: anything shorter is guessable sooner. */
export const MIN_TOKEN_SECRET_BYTES = 32;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The HMAC key for tokens: from the environment when several gateways share it, else generated
 * once and kept in the data folder (mode 0600) so tokens survive a restart. A key under 32 bytes,
 * a key file that is not base64, or a key that cannot be written stops the start with a message
 * naming the file or the variable and saying what to do: a gateway never signs with a weak key.
 */
export async function loadTokenSecret(dataDir: string, fromEnv: string | null): Promise<Buffer> {
  if (fromEnv !== null) {
    const key = Buffer.from(fromEnv, 'utf8');
    if (key.length < MIN_TOKEN_SECRET_BYTES) {
      throw new Error(`LIANDONG_TOKEN_SECRET is ${key.length} bytes; a token key must be at least ${MIN_TOKEN_SECRET_BYTES} bytes. Set it to a long random value, such as the output of \`openssl rand -base64 48\`, the same on every gateway.`);
    }
    return key;
  }
  const file = join(dataDir, 'token-secret');
  const stored = await readFile(file, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`could not read the token key ${file}: ${messageOf(err)}. Make it a file this user can read, or set LIANDONG_TOKEN_SECRET.`, { cause: err });
  });
  return stored === null ? writeNewKey(dataDir, file) : parseKeyFile(file, stored);
}

function parseKeyFile(file: string, text: string): Buffer {
  const value = text.trim();
  const whatToDo = `Delete ${file} to have a new key generated at the next start (everyone then signs in again), or write at least ${MIN_TOKEN_SECRET_BYTES} random bytes into it as base64, such as \`openssl rand -base64 48 > ${file}\`.`;
  if (!BASE64.test(value)) throw new Error(`${file} is not base64: a token key file holds one base64 value. ${whatToDo}`);
  const key = Buffer.from(value, 'base64');
  if (key.length < MIN_TOKEN_SECRET_BYTES) throw new Error(`${file} holds a key of ${key.length} bytes; a token key must be at least ${MIN_TOKEN_SECRET_BYTES} bytes. ${whatToDo}`);
  return key;
}

/** A new key, written whole or not at all: a temporary file (0600), flushed, then renamed into place. */
async function writeNewKey(dataDir: string, file: string): Promise<Buffer> {
  const temp = join(dataDir, `.token-secret.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(MIN_TOKEN_SECRET_BYTES).toString('base64')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The mode given to open() passes through the umask; the key is this user's alone either way.
    await chmod(temp, 0o600);
    await rename(temp, file);
  } catch (err) {
    // Tidy up what may be left; the error that matters is the write's, thrown next.
    await rm(temp, { force: true }).catch(() => undefined);
    throw new Error(`could not write a new token key to ${file}: ${messageOf(err)}. Make ${dataDir} writable by this user, or set LIANDONG_TOKEN_SECRET.`, { cause: err });
  }
  // Read back what is stored: another gateway starting on the same folder may have just written its own.
  return parseKeyFile(file, await readFile(file, 'utf8'));
}
