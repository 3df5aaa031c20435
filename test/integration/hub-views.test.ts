import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { createHubClient } from '../../server/hub/hub-client.ts';
import { onExternalHub } from '../helpers/test-hub.ts';

/** The embedded hub's compiled map/reduce (server/hub/compiled-views.ts) answers as CouchDB would. */
// The embedded hub's own map/reduce; Apache CouchDB runs views natively.
describe.skipIf(onExternalHub)('embedded hub views', () => {
  let dataDir: string;
  let hub: EmbeddedHub;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'liandong-views-'));
    hub = await startEmbeddedHub({ dataDir });
  });
  afterAll(async () => {
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('maps, reduces with built-ins and JavaScript, pages by key, and keeps indexes across a restart', async () => {
    const client = createHubClient(hub.url, hub.admin);
    await client.db.create('views_probe');
    const db = client.use('views_probe');
    await db.insert({
      _id: '_design/probe',
      views: {
        by_unit: { map: 'function (doc) { if (Array.isArray(doc.units)) doc.units.forEach(function (u) { emit([u, doc._id], null); }); }' },
        by_status: { map: 'function (doc) { emit(doc.status, doc.n); }', reduce: '_count' },
        total: { map: 'function (doc) { emit(doc.status, doc.n); }', reduce: '_sum' },
        biggest: { map: 'function (doc) { emit(doc.status, doc.n); }', reduce: 'function (keys, values) { return Math.max.apply(null, values); }' },
      },
    } as never);
    const docs = Array.from({ length: 300 }, (_, i) => ({ _id: `d${String(i).padStart(3, '0')}`, units: i % 3 === 0 ? ['a', 'b'] : ['a'], status: i % 2 === 0 ? 'open' : 'done', n: i }));
    await db.bulk({ docs });

    const forB = await db.view('probe', 'by_unit', { startkey: ['b', ''], endkey: ['b', {}], limit: 1000 });
    expect(forB.rows.map((r) => r.id)).toEqual(docs.filter((_, i) => i % 3 === 0).map((d) => d._id));
    const page = await db.view('probe', 'by_unit', { startkey: ['a', 'd010'], endkey: ['a', {}], limit: 3 });
    expect(page.rows.map((r) => r.id)).toEqual(['d010', 'd011', 'd012']);

    const counts = await db.view('probe', 'by_status', { group: true });
    expect(counts.rows).toEqual([{ key: 'done', value: 150 }, { key: 'open', value: 150 }]);
    const sums = await db.view('probe', 'total', { group: true });
    expect(sums.rows).toEqual([{ key: 'done', value: docs.filter((d) => d.status === 'done').reduce((t, d) => t + d.n, 0) }, { key: 'open', value: docs.filter((d) => d.status === 'open').reduce((t, d) => t + d.n, 0) }]);
    const max = await db.view('probe', 'biggest', { group: true });
    expect(max.rows).toEqual([{ key: 'done', value: 299 }, { key: 'open', value: 298 }]);

    await hub.stop();
    hub = await startEmbeddedHub({ dataDir });
    const again = createHubClient(hub.url, hub.admin).use('views_probe');
    const stale = await again.view('probe', 'by_status', { group: true, stale: 'ok' });
    expect(stale.rows).toEqual(counts.rows);
  });
});
