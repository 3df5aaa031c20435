import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayError } from '../../server/errors.ts';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { HubNodeSwitch } from '../../server/hub/hub-nodes.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';

/** A stand-in for a failing node: it refuses, answers 503, or cuts every connection it takes. */
async function badNode(behaviour: '503' | 'reset'): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
    if (behaviour === '503') {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end('{"error":"unavailable"}');
    } else {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A port nothing listens on. */
async function refusedUrl(): Promise<string> {
  const node = await badNode('503');
  await node.close();
  return node.url;
}

/**
 * COUCHDB_URL with several nodes: calls go to the next node when one is gone or cannot serve.
 * (The 3-node Apache CouchDB cluster suite kills a real node; this runs on every `npm test`.)
 */
describe('hub failover between the nodes of COUCHDB_URL', () => {
  let dataDir: string;
  let hub: EmbeddedHub;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-failover-'));
    hub = await startEmbeddedHub({ dataDir });
  });
  afterAll(async () => {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('moves past a node that refuses connections, for reads and writes, and says so once', async () => {
    const switches: HubNodeSwitch[] = [];
    const port = createNanoHub({ url: [await refusedUrl(), hub.url], credentials: hub.admin, databasePrefix: 'failover_a_', onNodeSwitch: (change) => switches.push(change) });
    const db = port.database('units');
    await db.ensureExists();
    expect(await db.bulkWrite([{ _id: 'u1', n: 1 }])).toEqual([expect.objectContaining({ id: 'u1', rev: expect.any(String) })]);
    expect(await db.get('u1')).toMatchObject({ n: 1 });
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ to: hub.url, reason: expect.stringMatching(/ECONNREFUSED/) });
  });

  it('retries a read on the next node after a 503 or a cut connection, but never a write that may have happened', async () => {
    for (const behaviour of ['503', 'reset'] as const) {
      const bad = await badNode(behaviour);
      try {
        const port = createNanoHub({ url: [bad.url, hub.url], credentials: hub.admin, databasePrefix: `failover_${behaviour}_` });
        const db = port.database('units');
        await db.ensureExists();
        expect(await db.docCount(), behaviour).toBe(0);
        // Back to the bad node first: a write that reached it is not sent again elsewhere.
        const again = createNanoHub({ url: [bad.url, hub.url], credentials: hub.admin, databasePrefix: `failover_${behaviour}_` });
        const error = await again.database('units').bulkWrite([{ _id: 'w1' }]).then(() => null, (e: unknown) => e);
        expect(error, behaviour).toBeInstanceOf(GatewayError);
        expect((error as GatewayError).code).toBe('ERR_HUB_UNAVAILABLE');
        expect(await db.get('w1'), `${behaviour}: the write went nowhere else`).toBeNull();
        expect(bad.requests.some((r) => r.startsWith('POST') && r.includes('_bulk_docs')), behaviour).toBe(true);
        // The next write goes to the node that answers.
        expect((await again.database('units').bulkWrite([{ _id: 'w2' }]))[0]?.error).toBeUndefined();
      } finally {
        await bad.close();
      }
    }
  });

  it('keeps the hub\'s own answers: a 404 or a conflict is not a failed node', async () => {
    const bad = await badNode('503');
    await bad.close();
    const port = createNanoHub({ url: [hub.url, bad.url], credentials: hub.admin, databasePrefix: 'failover_own_' });
    const db = port.database('units');
    await db.ensureExists();
    expect(await db.get('missing')).toBeNull();
    const [first] = await db.bulkWrite([{ _id: 'c1' }]);
    const [second] = await db.bulkWrite([{ _id: 'c1' }]);
    expect(first?.error).toBeUndefined();
    expect(second?.error).toBe('conflict');
  });
});
