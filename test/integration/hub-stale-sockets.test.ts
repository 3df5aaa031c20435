import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import type { HubDatabasePort } from '../../server/hub/hub-port.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';
import { rawHeartbeat, stopNetworkBounded } from '../helpers/raw-cases.ts';
import { onExternalHub } from '../helpers/test-hub.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

/**
 * The embedded hub (a Node http server) closes a keep-alive socket after 5 s idle. Blocking our
 * event loop longer than that (as a long synchronous job does) leaves a socket our side has not
 * yet seen closed; the next request goes down it and dies with EPIPE or "other side closed".
 */
const LONGER_THAN_HUB_IDLE_MS = 6_000;

function blockEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function probeDocs(prefix: string, count: number): { _id: string; n: number; filler: string }[] {
  return Array.from({ length: count }, (_, n) => ({ _id: `${prefix}-${String(n).padStart(4, '0')}`, n, filler: 'x'.repeat(200) }));
}

describe.skipIf(onExternalHub)('a hub socket closed while our event loop was blocked', () => {
  let dataDir: string;
  let hub: EmbeddedHub | undefined;
  let db: HubDatabasePort;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-stale-'));
    hub = await startEmbeddedHub({ dataDir });
    db = createNanoHub({ url: hub.url, credentials: hub.admin }).database('heartbeats');
    await db.ensureExists();
  });

  afterAll(async () => {
    await hub?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes 1,000 documents with _bulk_docs on the first request after the block', async () => {
    // Several requests at once leave several keep-alive sockets in the pool.
    await Promise.all([db.bulkWrite(probeDocs('warm-a', 10)), db.bulkWrite(probeDocs('warm-b', 10)), db.docCount()]);
    blockEventLoop(LONGER_THAN_HUB_IDLE_MS);
    const rows = await db.bulkWrite(probeDocs('after-block', 1_000));
    expect(rows).toHaveLength(1_000);
    expect(rows.filter((row) => row.error !== undefined || row.rev === undefined)).toEqual([]);
  });

  it('reads on the first request after the block', async () => {
    await Promise.all([db.docCount(), db.docCount()]);
    blockEventLoop(LONGER_THAN_HUB_IDLE_MS);
    const found = await db.fetchByIds(['after-block-0000', 'after-block-0999']);
    expect([...found.keys()].sort()).toEqual(['after-block-0000', 'after-block-0999']);
  });
});

describe.skipIf(onExternalHub)('a station pushing after the gateway\'s event loop was blocked', () => {
  const UNIT = 'community-xinghuacun';
  let network: TestNetwork;
  let station: Session;

  beforeAll(async () => {
    network = await startTestNetwork();
    station = await network.login(UNIT);
  });

  afterAll(async () => {
    await stopNetworkBounded(network);
  });

  async function pushHeartbeat(device: string): Promise<{ status: number; body: string }> {
    const answer = await network.app.inject({
      method: 'POST',
      url: `/sync/${UNIT}/heartbeats/_bulk_docs`,
      headers: { authorization: `Bearer ${station.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ docs: [rawHeartbeat(UNIT, device)] }),
    });
    return { status: answer.statusCode, body: answer.body };
  }

  it('sees its write stored, never a socket error', async () => {
    expect((await pushHeartbeat('stale-warm')).status).toBe(201);
    blockEventLoop(LONGER_THAN_HUB_IDLE_MS);
    const answer = await pushHeartbeat('stale-after');
    expect(answer.body).not.toMatch(/EPIPE|ECONNRESET|UND_ERR|other side closed/);
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toEqual([expect.objectContaining({ id: `${UNIT}:dev-stale-after`, ok: true })]);
  });
});
