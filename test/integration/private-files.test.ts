import { chmod, lstat, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { rawNewCase, stopNetworkBounded, toWire } from '../helpers/raw-cases.ts';
import { httpRequest } from '../helpers/raw-http.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';
import { onExternalHub } from '../helpers/test-hub.ts';

const UNIT = 'community-xinghuacun';
const ITEM = DEMO_CATALOG.find((i) => i.code === 'HF-MZ-0001');

/** Every folder and file under `root` (itself included) that group or others may touch, with its mode. */
async function openToOthers(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (path: string): Promise<void> => {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return;
    if ((info.mode & 0o077) !== 0) found.push(`${path.slice(root.length) || '/'} ${(info.mode & 0o777).toString(8)}`);
    if (info.isDirectory()) for (const entry of await readdir(path)) await walk(join(path, entry));
  };
  await walk(root);
  return found;
}

/**
 * DATA_DIR holds the hub's files: citizens' ID numbers and password hashes. Nothing in it may be
 * readable by anyone but the server's user, whether the hub wrote it or it was there before.
 */
// The embedded hub's files under DATA_DIR; Apache CouchDB keeps its own (docs/production.md).
describe.skipIf(onExternalHub)('DATA_DIR is private to the server\'s user', () => {
  let network: TestNetwork;

  beforeAll(async () => {
    network = await startTestNetwork();
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`private-files teardown: ${problem}`);
  });

  it('after cases are written, no folder or file under DATA_DIR has a group or other permission bit', async () => {
    if (ITEM === undefined) throw new Error('demo catalog lacks HF-MZ-0001');
    const worker = await network.login(UNIT);
    const docs = Array.from({ length: 20 }, () => toWire(rawNewCase(ITEM, { unitId: UNIT, workerId: worker.actor.workerId })));
    const answer = await httpRequest(`${network.url}/sync/${UNIT}/cases/_bulk_docs`, { method: 'POST', token: worker.token, body: JSON.stringify({ docs }) });
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    // Indexes too: the first sync walks the per-unit view, which the hub writes to disk.
    expect((await httpRequest(`${network.url}/sync/${UNIT}/cases/_changes?since=0`, { token: worker.token })).status).toBe(200);
    expect((await readdir(join(network.dataDir, 'hub'))).length, 'the hub wrote its databases under DATA_DIR').toBeGreaterThan(0);
    expect(await openToOthers(network.dataDir)).toEqual([]);
  });

  it('a data folder left open by an older version is closed when the hub starts again', async () => {
    const hubDir = join(network.dataDir, 'hub');
    const [someDb] = await readdir(hubDir);
    if (someDb === undefined) throw new Error('no hub database on disk');
    network.killHub();
    await chmod(network.dataDir, 0o755);
    await chmod(hubDir, 0o755);
    await chmod(join(hubDir, someDb), 0o775);
    await writeFile(join(network.dataDir, 'left-by-hand.txt'), 'notes', { mode: 0o644 });
    await chmod(join(network.dataDir, 'left-by-hand.txt'), 0o644);
    expect((await openToOthers(network.dataDir)).length).toBeGreaterThanOrEqual(4);
    await network.restartHub();
    expect(await openToOthers(network.dataDir)).toEqual([]);
  });
});
