import { randomBytes } from 'node:crypto';
import { basicAuthorization, type HubCredentials } from '../../server/hub/hub-credentials.ts';
import { parseHubUrls } from '../../server/hub/hub-nodes.ts';

/**
 * Which hub the integration tests run against. By default each test network starts its own
 * embedded hub. With `COUCHDB_TEST_URL` (one node, or several separated by commas) the tests use
 * that Apache CouchDB instead, as `COUCHDB_TEST_USER` / `COUCHDB_TEST_PASSWORD` (default
 * admin/admin), each network under a database prefix of its own that starts with
 * `COUCHDB_TEST_PREFIX` (default `t_`), so a run never meets another's data and what it leaves
 * can be dropped by prefix. `npm run test:couchdb` sets these.
 */
export interface ExternalTestHub {
  readonly urls: readonly string[];
  readonly admin: HubCredentials;
  /** Every database this run makes starts with it. */
  readonly runPrefix: string;
}

function readExternalHub(env: NodeJS.ProcessEnv): ExternalTestHub | null {
  const url = env.COUCHDB_TEST_URL;
  if (url === undefined || url.trim() === '') return null;
  const runPrefix = env.COUCHDB_TEST_PREFIX ?? 't_';
  if (!/^[a-z][a-z0-9_]*$/.test(runPrefix)) throw new Error(`COUCHDB_TEST_PREFIX must be lowercase letters, digits and _, starting with a letter; got "${runPrefix}"`);
  return { urls: parseHubUrls(url), admin: { username: env.COUCHDB_TEST_USER ?? 'admin', password: env.COUCHDB_TEST_PASSWORD ?? 'admin' }, runPrefix };
}

export const EXTERNAL_HUB = readExternalHub(process.env);

/** True when the tests run against Apache CouchDB: tests of the embedded hub itself skip. */
export const onExternalHub = EXTERNAL_HUB !== null;

/** A database prefix no other network of this run has: `<run prefix><random>_`. */
export function freshDatabasePrefix(hub: ExternalTestHub): string {
  return `${hub.runPrefix}${randomBytes(5).toString('hex')}_`;
}

/** Deletes every database whose name starts with `prefix` (a network's, or a whole run's). */
export async function dropDatabases(hub: ExternalTestHub, prefix: string): Promise<number> {
  const headers = { authorization: basicAuthorization(hub.admin) };
  let lastError: unknown = null;
  // Any node will do; the first that answers lists and deletes.
  for (const url of hub.urls) {
    try {
      const list = await fetch(`${url}/_all_dbs`, { headers });
      if (!list.ok) throw new Error(`GET /_all_dbs answered ${list.status}`);
      const names = ((await list.json()) as unknown[]).filter((name): name is string => typeof name === 'string' && name.startsWith(prefix));
      for (const name of names) {
        const answer = await fetch(`${url}/${encodeURIComponent(name)}`, { method: 'DELETE', headers });
        if (!answer.ok && answer.status !== 404) throw new Error(`DELETE /${name} answered ${answer.status}`);
        await answer.body?.cancel();
      }
      return names.length;
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
