import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../errors.ts';

export interface StaticRouteOptions {
  /** The built PWA (`client/dist`). */
  readonly clientDir?: string;
}

export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Files whose name does not change with their content: the browser must check them every time. */
const REVALIDATE = new Set(['index.html', 'sw.js', 'manifest.webmanifest', 'registerSW.js']);

function cacheControl(relative: string): string {
  if (REVALIDATE.has(relative) || relative.endsWith('.html')) return 'no-cache';
  // Vite names everything under assets/ by its content hash.
  if (relative.startsWith('assets/') || relative.startsWith('workbox-')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/** The copies the client build writes next to a text file (client/precompressed-assets.ts), preferred first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

type PrecompressedEncoding = (typeof PRECOMPRESSED)[number]['encoding'];

/**
 * The encodings a client's `Accept-Encoding` takes, with their weights: an encoding named with
 * q=0, or left to a `*;q=0`, is refused; one neither named nor covered by `*` is not taken.
 */
export function acceptedEncodings(header: string | undefined): Map<PrecompressedEncoding, number> {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name === undefined || name === '') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepted = new Map<PrecompressedEncoding, number>();
  for (const { encoding } of PRECOMPRESSED) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > 0) accepted.set(encoding, weight);
  }
  return accepted;
}

/** The precompressed copies of `file` the client takes, best first: higher q, then brotli before gzip. */
function encodingsToTry(file: string, acceptEncoding: string | undefined): { encoding: PrecompressedEncoding; path: string }[] {
  const accepted = acceptedEncodings(acceptEncoding);
  return PRECOMPRESSED
    .filter(({ encoding }) => accepted.has(encoding))
    .sort((a, b) => (accepted.get(b.encoding) ?? 0) - (accepted.get(a.encoding) ?? 0))
    .map(({ encoding, suffix }) => ({ encoding, path: file + suffix }));
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The built PWA at `/`: files from the build folder, `index.html` for any other path that is not
 * an API or sync route (the app routes on the client), and cache headers that let a new service
 * worker reach browsers at once. A file with precompressed copies goes as the copy the client
 * takes, byte for byte: the compression plugin leaves an answer that states its encoding alone,
 * so nothing is compressed again per request.
 */
export async function staticRoutes(app: FastifyInstance, opts: StaticRouteOptions): Promise<void> {
  const root = normalize(opts.clientDir ?? DEFAULT_CLIENT_DIR);

  const send = async (request: FastifyRequest, reply: FastifyReply, relative: string): Promise<FastifyReply | null> => {
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return null;
    if (!(await isFile(file))) return null;
    reply
      .header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl(relative))
      .header('x-content-type-options', 'nosniff');
    // Copies sit next to the file checked above, so they are inside the build folder too.
    const hasCopies = (await Promise.all(PRECOMPRESSED.map(({ suffix }) => isFile(file + suffix)))).some(Boolean);
    if (!hasCopies) return reply.send(await readFile(file));
    reply.header('vary', 'accept-encoding');
    for (const { encoding, path } of encodingsToTry(file, request.headers['accept-encoding'])) {
      if (await isFile(path)) return reply.header('content-encoding', encoding).send(await readFile(path));
    }
    return reply.send(await readFile(file));
  };

  app.get('/*', { schema: { summary: 'The consoles and the citizen\'s page (the built PWA); index.html for any other path', tags: ['ops'] } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    // The gateway's own paths, and anything CouchDB-like, never fall back to the app.
    if (/^\/(api|sync|healthz)(\/|$)/.test(path) || path.startsWith('/_')) throw new GatewayError('ERR_NOT_FOUND');
    const relative = path.replace(/^\/+/, '');
    if (relative !== '') {
      const sent = await send(request, reply, relative);
      if (sent !== null) return sent;
      // A missing file with an extension is a 404, not the app: a stale asset must not get HTML.
      if (extname(relative) !== '') throw new GatewayError('ERR_NOT_FOUND', `no file ${relative}`);
    }
    const index = await send(request, reply, 'index.html');
    if (index !== null) return index;
    return reply.status(503).header('content-type', 'text/plain; charset=utf-8')
      .send('联动 client is not built. Run `npm run build:client` (npm start builds it by itself).\n联动客户端尚未构建，请运行 `npm run build:client`（npm start 会自动构建）。');
  });
}
