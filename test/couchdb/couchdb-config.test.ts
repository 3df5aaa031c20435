import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupHub } from '../../ops/couchdb/setup.ts';
import { hubPortOf } from '../../ops/hub-target.ts';
import { HUB_COLLECTION_NAMES, hubDatabaseName } from '../../schemas/collections.ts';
import { basicAuthorization } from '../../server/hub/hub-credentials.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';

const CONFIG_DIR = fileURLToPath(new URL('../../ops/couchdb/config/', import.meta.url));
/** `single-node` or `cluster`: which role file `npm run test:couchdb` installed beside liandong.ini. */
const ROLE = process.env.COUCHDB_TEST_CONFIG;

/** `[section] key = value` lines of a CouchDB ini file; `;` starts a comment. */
async function iniSettings(file: string): Promise<[string, string, string][]> {
  const settings: [string, string, string][] = [];
  let section = '';
  for (const raw of (await readFile(file, 'utf8')).split('\n')) {
    const line = raw.replace(/\s;.*$/, '').trim();
    if (line === '' || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) section = header[1];
    else {
      const [key, ...value] = line.split('=');
      settings.push([section, (key ?? '').trim(), value.join('=').trim()]);
    }
  }
  return settings;
}

/**
 * The configuration files of ops/couchdb/config, as the production guide installs them, are the
 * ones this CouchDB runs on (`npm run test:couchdb` put them in each node's local.d), and they do
 * what their comments say.
 */
describe.runIf(EXTERNAL_HUB !== null && ROLE !== undefined)(`Apache CouchDB runs on ops/couchdb/config (${ROLE ?? 'none'})`, () => {
  const hub = EXTERNAL_HUB;
  const prefix = hub === null ? '' : freshDatabasePrefix(hub);
  const headers = { authorization: basicAuthorization(hub?.admin ?? { username: '', password: '' }) };
  beforeAll(async () => {
    if (hub !== null) await setupHub(hubPortOf({ urls: hub.urls, admin: hub.admin, databasePrefix: prefix }));
  });
  afterAll(async () => {
    if (hub !== null) await dropDatabases(hub, prefix);
  });

  it('every setting of liandong.ini and of the role file is in effect on every node', async () => {
    const settings = [...(await iniSettings(`${CONFIG_DIR}liandong.ini`)), ...(await iniSettings(`${CONFIG_DIR}${ROLE ?? ''}.ini`))];
    expect(settings.length).toBeGreaterThan(10);
    for (const url of hub?.urls ?? []) {
      for (const [section, key, value] of settings) {
        const answer = await fetch(`${url}/_node/_local/_config/${encodeURIComponent(section)}/${encodeURIComponent(key)}`, { headers });
        expect(answer.status, `${url} [${section}] ${key}`).toBe(200);
        expect(await answer.json(), `${url} [${section}] ${key}`).toBe(value);
      }
    }
  });

  it('refuses anonymous requests but /_up, and documents above max_document_size', async () => {
    const url = hub?.urls[0] ?? '';
    const anonymous = await fetch(`${url}/${hubDatabaseName('cases', prefix)}/_all_docs`);
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    const up = await fetch(`${url}/_up`);
    expect(up.status, 'a load balancer\'s health check needs no password').toBe(200);
    await up.body?.cancel();
    const big = await fetch(`${url}/${hubDatabaseName('cases', prefix)}/too-big`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'x'.repeat(8_100_000) }) });
    expect(big.status).toBe(413);
    await big.body?.cancel();
  });

  it('makes every database with the q and n of the role file', async () => {
    const role = await iniSettings(`${CONFIG_DIR}${ROLE ?? ''}.ini`);
    const q = Number(role.find(([s, k]) => s === 'cluster' && k === 'q')?.[2]);
    const n = Number(role.find(([s, k]) => s === 'cluster' && k === 'n')?.[2]);
    for (const collection of HUB_COLLECTION_NAMES) {
      const name = hubDatabaseName(collection, prefix);
      const info = (await (await fetch(`${hub?.urls[0] ?? ''}/${name}`, { headers })).json()) as { cluster: { q: number; n: number } };
      expect(info.cluster, name).toMatchObject({ q, n });
      const shards = (await (await fetch(`${hub?.urls[0] ?? ''}/${name}/_shards`, { headers })).json()) as { shards: Record<string, string[]> };
      expect(Object.keys(shards.shards), name).toHaveLength(q);
      for (const copies of Object.values(shards.shards)) expect(copies, name).toHaveLength(n);
    }
  });
});
