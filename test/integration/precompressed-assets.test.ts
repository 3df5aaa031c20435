import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDirectory } from '../../client/precompressed-assets.ts';
import { ensureClientBuild } from '../../server/client-build.ts';
import { DEFAULT_CLIENT_DIR } from '../../server/routes/static-routes.ts';
import { stopNetworkBounded } from '../helpers/raw-cases.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

/** The station's start-up budget: script and styles as sent to a browser that takes brotli (or only gzip). */
const START_BUDGET_BYTES = 150 * 1024;

/**
 * The files a station's browser loads to show the sign-in form, read from the build: index.html's
 * script, preloads and styles, and what they import statically. The entry holds the shell (the
 * sign-in and unlock forms, the session); everything it imports dynamically (the console's views,
 * its runtime with RxDB, the administration, the citizen's page, the service worker's registration)
 * is fetched after the first screen, so it is not start-up.
 */
async function stationStartFiles(dir: string, html: string): Promise<string[]> {
  const entry = /<script type="module"[^>]* src="\/([^"]+)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error('index.html names no module script');
  const linked = [...html.matchAll(/<link rel="(?:stylesheet|modulepreload)"[^>]* href="\/([^"]+)"/g)].flatMap((m) => (m[1] === undefined ? [] : [m[1]]));
  const files = new Set<string>();
  const queue = [entry, ...linked];
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (files.has(path)) continue;
    files.add(path);
    if (!path.endsWith('.js')) continue;
    const source = await readFile(join(dir, path), 'utf8');
    for (const m of source.matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g)) queue.push(`assets/${m[1] ?? ''}`);
  }
  return [...files].sort();
}

async function servedSize(dir: string, path: string, suffix: '.br' | '.gz'): Promise<number> {
  const copy = await readFile(join(dir, path + suffix)).catch(() => null);
  return copy?.length ?? (await readFile(join(dir, path))).length;
}

interface StaticAnswer {
  readonly status: number;
  readonly encoding: string | undefined;
  readonly vary: string | undefined;
  readonly contentType: string | undefined;
  readonly contentLength: number;
  /** The body as it travelled. */
  readonly raw: Buffer;
}

async function fetchAsset(network: TestNetwork, path: string, acceptEncoding: string | null): Promise<StaticAnswer> {
  const answer = await network.app.inject({ method: 'GET', url: path, headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } });
  const header = (name: string): string | undefined => {
    const value = answer.headers[name];
    return value === undefined ? undefined : String(value);
  };
  return { status: answer.statusCode, encoding: header('content-encoding'), vary: header('vary'), contentType: header('content-type'), contentLength: Number(header('content-length')), raw: answer.rawPayload };
}

function decoded(answer: StaticAnswer): Buffer {
  if (answer.encoding === 'br') return brotliDecompressSync(answer.raw);
  if (answer.encoding === 'gzip') return gunzipSync(answer.raw);
  return answer.raw;
}

/**
 * The consoles' files travel as the build compressed them (brotli, else gzip, else as they are),
 * chosen by the client's `Accept-Encoding`, never compressed again per request.
 */
describe('precompressed static assets of the built PWA', () => {
  let network: TestNetwork;
  let entryScript: string;

  beforeAll(async () => {
    // The real build, as `npm start` serves it (built here when missing or stale).
    await ensureClientBuild();
    const html = await readFile(join(DEFAULT_CLIENT_DIR, 'index.html'), 'utf8');
    const src = /<script type="module"[^>]* src="([^"]+)"/.exec(html)?.[1];
    if (src === undefined) throw new Error('index.html names no module script');
    entryScript = src;
    network = await startTestNetwork({ clientDir: DEFAULT_CLIENT_DIR });
  });

  afterAll(async () => {
    await stopNetworkBounded(network);
  });

  it('sends the start-up script as brotli, gzip or as built, each decoding to the built file', async () => {
    const built = await readFile(join(DEFAULT_CLIENT_DIR, entryScript));
    const cases: [string | null, string | undefined][] = [
      ['br, gzip', 'br'],
      ['gzip, deflate, br, zstd', 'br'],
      ['gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['*', 'br'],
      [null, undefined],
      ['identity', undefined],
      ['deflate', undefined],
      ['*;q=0', undefined],
    ];
    for (const [acceptEncoding, expected] of cases) {
      const answer = await fetchAsset(network, entryScript, acceptEncoding);
      expect({ acceptEncoding, status: answer.status, encoding: answer.encoding }).toEqual({ acceptEncoding, status: 200, encoding: expected });
      expect(answer.vary).toBe('accept-encoding');
      expect(answer.contentType).toBe('text/javascript; charset=utf-8');
      expect(answer.contentLength).toBe(answer.raw.length);
      expect(decoded(answer).equals(built)).toBe(true);
      if (expected !== undefined) {
        // The very bytes the build wrote: nothing was compressed on the fly.
        const copy = await readFile(join(DEFAULT_CLIENT_DIR, `${entryScript}${expected === 'br' ? '.br' : '.gz'}`));
        expect(answer.raw.equals(copy)).toBe(true);
        expect(answer.raw.length).toBeLessThan(built.length / 2);
      }
    }
  });

  it('keeps the station\'s start-up script and styles within 150 KB, as brotli and as gzip', async () => {
    const html = await readFile(join(DEFAULT_CLIENT_DIR, 'index.html'), 'utf8');
    const files = await stationStartFiles(DEFAULT_CLIENT_DIR, html);
    expect(files.some((f) => f.endsWith('.css'))).toBe(true);
    const sources = await Promise.all(files.filter((f) => f.endsWith('.js')).map((f) => readFile(join(DEFAULT_CLIENT_DIR, f), 'utf8')));
    // The walk found the sign-in form, and no RxDB (Dexie, its storage): that loads after the first screen.
    expect(sources.some((source) => /customElements\.define\([`'"]login-form[`'"]/.test(source))).toBe(true);
    expect(sources.some((source) => source.includes('Dexie'))).toBe(false);
    let br = 0;
    let gzip = 0;
    for (const file of files) {
      br += await servedSize(DEFAULT_CLIENT_DIR, file, '.br');
      gzip += await servedSize(DEFAULT_CLIENT_DIR, file, '.gz');
    }
    console.log(`station start-up: ${files.length} files, ${br} bytes as brotli, ${gzip} bytes as gzip`);
    expect(br).toBeLessThanOrEqual(START_BUDGET_BYTES);
    expect(gzip).toBeLessThanOrEqual(START_BUDGET_BYTES);
  });

  it('precompresses the service worker too (written by the PWA plugin before ours runs)', async () => {
    const built = await readFile(join(DEFAULT_CLIENT_DIR, 'sw.js'));
    const answer = await fetchAsset(network, '/sw.js', 'br, gzip');
    expect(answer.encoding).toBe('br');
    expect(answer.contentType).toBe('text/javascript; charset=utf-8');
    expect(decoded(answer).equals(built)).toBe(true);
    expect(answer.raw.equals(await readFile(join(DEFAULT_CLIENT_DIR, 'sw.js.br')))).toBe(true);
  });
});

describe('precompressed copies never open a way out of the build folder', () => {
  let base: string;
  let network: TestNetwork;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'liandong-precompressed-'));
    const dist = join(base, 'dist');
    await mkdir(join(dist, 'assets'), { recursive: true });
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dist, 'assets', 'app.js'), `export const app = ${JSON.stringify('联动 '.repeat(2_000))};\n`);
    // A file beside the build folder, with compressed copies of its own.
    await writeFile(join(base, 'secret.js'), `export const secret = ${JSON.stringify('s'.repeat(4_000))};\n`);
    await precompressDirectory(base);
    network = await startTestNetwork({ clientDir: dist });
  });

  afterAll(async () => {
    await stopNetworkBounded(network);
    await rm(base, { recursive: true, force: true });
  });

  it('serves a copy inside the folder', async () => {
    const answer = await fetchAsset(network, '/assets/app.js', 'br');
    expect(answer.encoding).toBe('br');
    expect(decoded(answer).equals(await readFile(join(base, 'dist', 'assets', 'app.js')))).toBe(true);
    expect(answer.raw.equals(await readFile(join(base, 'dist', 'assets', 'app.js.br')))).toBe(true);
  });

  it('answers 404 for a file outside, and for its compressed copy, however the path is spelled', async () => {
    for (const path of ['/%2e%2e/secret.js', '/assets/%2e%2e/%2e%2e/secret.js', '/..%2fsecret.js', '/%2e%2e/secret.js.br', '/assets/..%2f..%2fsecret.js.gz']) {
      for (const acceptEncoding of ['br, gzip', 'gzip', null]) {
        const answer = await fetchAsset(network, path, acceptEncoding);
        expect({ path, acceptEncoding, status: answer.status }).toEqual({ path, acceptEncoding, status: 404 });
        expect(answer.raw.toString('latin1')).not.toContain('sss');
      }
    }
  });
});
