import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Files worth compressing: text. Images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt']);

/** Below this the headers outweigh the saving (the gateway's own threshold for answers). */
const MIN_BYTES = 1024;

/** The compressed copies we write next to a file, as nginx's gzip_static and brotli_static name them. */
export interface PrecompressedFile {
  /** Relative to the build folder, `/`-separated. */
  readonly path: string;
  readonly bytes: number;
  /** Null when that encoding would not make it smaller. */
  readonly br: number | null;
  readonly gzip: number | null;
}

/**
 * Writes `<file>.br` (brotli at its best quality: done once at build time, read a thousand times
 * on thin links) and `<file>.gz` (gzip level 9, for clients without brotli) next to every text file
 * of at least 1 KiB in `dir`, each only when it is smaller than the file. The gateway serves them
 * as they are (server/routes/static-routes.ts).
 */
export async function precompressDirectory(dir: string): Promise<PrecompressedFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && COMPRESSIBLE.has(extname(e.name))).map((e) => join(e.parentPath, e.name));
  const done = await Promise.all(files.map(async (file): Promise<PrecompressedFile | null> => {
    const content = await readFile(file);
    if (content.length < MIN_BYTES) return null;
    const [br, gz] = await Promise.all([
      brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
      gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    const smaller = br.length < content.length ? br : null;
    const smallerGz = gz.length < content.length ? gz : null;
    await Promise.all([
      smaller === null ? null : writeFile(`${file}.br`, smaller),
      smallerGz === null ? null : writeFile(`${file}.gz`, smallerGz),
    ]);
    return { path: file.slice(dir.length + 1).split('\\').join('/'), bytes: content.length, br: smaller?.length ?? null, gzip: smallerGz?.length ?? null };
  }));
  return done.filter((entry): entry is PrecompressedFile => entry !== null);
}

/**
 * The build's text files precompressed, once everything is written: `closeBundle`, after the PWA
 * plugin's (which writes sw.js and the Workbox runtime there), so those are compressed too. The
 * service worker's precache list does not take the copies (they end in .br and .gz).
 */
export function precompressedAssets(): Plugin {
  let outDir = '';
  return {
    name: 'liandong:precompressed-assets',
    apply: 'build',
    enforce: 'post',
    configResolved(config: ResolvedConfig) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = await precompressDirectory(outDir);
        const sum = (pick: (f: PrecompressedFile) => number | null): number => files.reduce((total, f) => total + (pick(f) ?? f.bytes), 0);
        this.info(`precompressed ${files.length} files: ${sum((f) => f.bytes)} bytes, ${sum((f) => f.br)} as brotli, ${sum((f) => f.gzip)} as gzip`);
      },
    },
  };
}
