import { spawn } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the client build reads: when any of it is newer than the build, the build is stale. */
const SOURCES = ['client/src', 'client/public', 'client/index.html', 'client/vite.config.ts', 'client/standalone-validators.ts', 'client/precompressed-assets.ts', 'schemas', 'replication', 'package-lock.json'];
const BUILT = 'client/dist/index.html';

async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((e) => newestMtime(join(path, e))));
  return Math.max(info.mtimeMs, ...times);
}

/** True when `client/dist` is missing or older than a file it is built from. */
export async function clientBuildIsStale(root = ROOT): Promise<boolean> {
  const built = await newestMtime(join(root, BUILT));
  if (built === 0) return true;
  const sources = await Promise.all(SOURCES.map((s) => newestMtime(join(root, s))));
  return Math.max(...sources) > built;
}

/** Builds the PWA with Vite (`npm run build:client`) when the build is missing or stale. */
export async function ensureClientBuild(log: (msg: string) => void = () => undefined, root = ROOT): Promise<'fresh' | 'built'> {
  if (!(await clientBuildIsStale(root))) return 'fresh';
  log('building the client (client/dist is missing or older than its sources) ...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'client/vite.config.ts', '--mode', 'production', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      // A test runner's NODE_ENV=test would give a development build (RxDB dev-mode, Lit dev mode).
      env: { ...process.env, NODE_ENV: 'production' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the client build failed (exit ${code ?? 'signal'}); run \`npm run build:client\` to see why`))));
  });
  log('client built');
  return 'built';
}
