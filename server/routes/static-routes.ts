import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
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

/**
 * The built PWA at `/`: files from the build folder, `index.html` for any other path that is not
 * an API or sync route (the app routes on the client), and cache headers that let a new service
 * worker reach browsers at once.
 */
export async function staticRoutes(app: FastifyInstance, opts: StaticRouteOptions): Promise<void> {
  const root = normalize(opts.clientDir ?? DEFAULT_CLIENT_DIR);

  const send = async (reply: FastifyReply, relative: string): Promise<FastifyReply | null> => {
    const file = normalize(join(root, relative));
    if (file !== root && !file.startsWith(root + sep)) return null;
    try {
      if (!(await stat(file)).isFile()) return null;
    } catch {
      return null;
    }
    const body = await readFile(file);
    return reply
      .header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
      .header('cache-control', cacheControl(relative))
      .header('x-content-type-options', 'nosniff')
      .send(body);
  };

  app.get('/*', { schema: { summary: 'The consoles and the citizen\'s page (the built PWA); index.html for any other path', tags: ['ops'] } }, async (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    // The gateway's own paths, and anything CouchDB-like, never fall back to the app.
    if (/^\/(api|sync|healthz)(\/|$)/.test(path) || path.startsWith('/_')) throw new GatewayError('ERR_NOT_FOUND');
    const relative = path.replace(/^\/+/, '');
    if (relative !== '') {
      const sent = await send(reply, relative);
      if (sent !== null) return sent;
      // A missing file with an extension is a 404, not the app: a stale asset must not get HTML.
      if (extname(relative) !== '') throw new GatewayError('ERR_NOT_FOUND', `no file ${relative}`);
    }
    const index = await send(reply, 'index.html');
    if (index !== null) return index;
    return reply.status(503).header('content-type', 'text/plain; charset=utf-8')
      .send('联动 client is not built. Run `npm run build:client` (npm start builds it by itself).\n联动客户端尚未构建，请运行 `npm run build:client`（npm start 会自动构建）。');
  });
}
