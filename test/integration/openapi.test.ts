import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; tags?: string[] } | undefined>>;
}

/**
 * Fastify's own list of what it routes (`printRoutes`, a tree: each line a path segment under its
 * parent's, with its methods), as [path, method] pairs.
 */
function registeredRoutes(tree: string): [string, string][] {
  const routes: [string, string][] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.+?) \(([A-Z, ]+)\)$/.exec(line) ?? /^([│ ]*)[├└]── (.+)$/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    const segment = match[2] ?? '';
    stack.push(segment);
    const methods = match[3];
    if (methods === undefined) continue;
    const path = stack.join('');
    for (const method of methods.split(',').map((m) => m.trim())) routes.push([path.startsWith('/') ? path : `/${path}`, method]);
  }
  return routes;
}

/** Fastify's `:param` and `*` as OpenAPI writes them (`{param}`, `{*}`). */
function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');
}

describe('the OpenAPI document', () => {
  let network: TestNetwork;
  let clientDir: string;

  beforeAll(async () => {
    // The consoles' files too, as `npm start` serves them: their route is one of the gateway's.
    clientDir = await mkdtemp(join(tmpdir(), 'liandong-client-'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>t</title>');
    network = await startTestNetwork({ clientDir });
  });
  afterAll(async () => {
    await network.stop();
    await rm(clientDir, { recursive: true, force: true });
  });

  it('is served without sign-in, and describes every route the gateway has, each with a summary and a tag', async () => {
    const answer = await fetch(`${network.url}/api/openapi.json`);
    expect(answer.status).toBe(200);
    const doc = (await answer.json()) as OpenApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    const routes = registeredRoutes(network.app.printRoutes({ commonPrefix: false }));
    // The routes of every part of the gateway are there to be checked.
    for (const path of ['/api/auth/login', '/sync/:unitId/:collection/_bulk_docs', '/api/indicators', '/api/public/cases/:caseNumber', '/api/supervision/search', '/api/openapi.json', '/*']) {
      expect(routes.map(([p]) => p), path).toContain(path);
    }
    const missing: string[] = [];
    const undocumented: string[] = [];
    for (const [path, method] of routes) {
      // HEAD is answered for every GET by Fastify itself; OpenAPI describes the GET.
      if (method === 'HEAD' && routes.some(([p, m]) => p === path && m === 'GET')) continue;
      const operation = doc.paths[openApiPath(path)]?.[method.toLowerCase()];
      if (operation === undefined) missing.push(`${method} ${path}`);
      else if (operation.summary === undefined || operation.tags === undefined || operation.tags.length === 0) undocumented.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
    expect(undocumented, 'give these routes a schema `summary` and `tags`').toEqual([]);
  });

  it('describes the indicators\' answer as the dashboard reads it', async () => {
    const doc = (await (await fetch(`${network.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, { items?: { required?: string[] } }> } }> }> }>> };
    const schema = doc.paths['/api/indicators']?.get?.responses['200']?.content['application/json']?.schema;
    expect(Object.keys(schema?.properties ?? {})).toEqual(['period', 'kind', 'from', 'to', 'asOf', 'rows']);
    expect(schema?.properties.rows?.items?.required).toEqual(expect.arrayContaining(['unitId', 'tier', 'accepted', 'concluded', 'onTimeRate', 'overdue', 'satisfactionRate', 'availability']));
  });
});
