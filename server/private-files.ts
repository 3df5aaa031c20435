import { chmod, lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** What the server creates is its user's alone (folders 0700, files 0600). */
export const PRIVATE_UMASK = 0o077;

/**
 * Makes `dir` and everything under it private to the server's user: folders 0700, files 0600.
 * The hub's files hold citizens' ID numbers and password hashes. Run at every start, so a data
 * folder written by an older version, or copied in with other modes, is closed before it is served.
 * Symbolic links are left alone (their modes mean nothing, and their targets are not ours).
 */
export async function makePrivate(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await fixModes(dir);
}

async function fixModes(path: string): Promise<void> {
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return;
    if (info.isDirectory()) {
      if ((info.mode & 0o777) !== 0o700) await chmod(path, 0o700);
      for (const entry of await readdir(path)) await fixModes(join(path, entry));
    } else if ((info.mode & 0o077) !== 0 || (info.mode & 0o600) !== 0o600) {
      await chmod(path, (info.mode & 0o700) | 0o600);
    }
  } catch (err) {
    // Gone since its folder was listed (a hub still running compacts its files): nothing to close.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
