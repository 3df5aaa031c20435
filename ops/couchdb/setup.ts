// Idempotent hub setup: databases, design docs (from ops/couchdb/ddocs), `_security`.
// Safe to run at every start: it writes only what differs, so a second run changes nothing and
// an edited view file upgrades the design doc in place.
import type nano from 'nano';
import { DDOCS_DIR, loadDesignDocs } from './load-ddocs.ts';
import type { DesignDoc } from './load-ddocs.ts';

export const HUB_DATABASES = {
  units: 'liandong_units',
  catalog: 'liandong_catalog',
  cases: 'liandong_cases',
  heartbeats: 'liandong_heartbeats',
  accounts: 'liandong_accounts',
} as const;

export type HubDatabaseKey = keyof typeof HUB_DATABASES;

interface SecurityObject {
  admins: { names: string[]; roles: string[] };
  members: { names: string[]; roles: string[] };
}

// Admin-only databases: only the gateway (as hub admin) reads and writes them.
const ADMIN_ONLY: SecurityObject = {
  admins: { names: [], roles: ['_admin'] },
  members: { names: [], roles: ['_admin'] },
};

function statusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('statusCode' in err)) return undefined;
  return typeof err.statusCode === 'number' ? err.statusCode : undefined;
}

function isDatabaseKey(key: string): key is HubDatabaseKey {
  return Object.hasOwn(HUB_DATABASES, key);
}

// Key order differs between what we build and what the hub returns; compare canonically.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function ensureDatabase(client: nano.ServerScope, name: string): Promise<void> {
  try {
    await client.db.get(name);
    return;
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
  try {
    await client.db.create(name);
  } catch (err) {
    // Another starter created it in between.
    if (statusOf(err) !== 412) throw err;
  }
}

async function ensureDesignDoc(client: nano.ServerScope, dbName: string, ddoc: DesignDoc): Promise<void> {
  const db = client.use<Record<string, unknown>>(dbName);
  let rev: string | undefined;
  try {
    const existing = await db.get(ddoc._id);
    const same = canonical({ language: existing.language, views: existing.views }) === canonical({ language: ddoc.language, views: ddoc.views });
    if (same) return;
    rev = existing._rev;
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
  }
  // Old index files of an upgraded view stay on disk until `_view_cleanup`, an ops task: the
  // embedded hub does not support it (docs/couchdb-differences.md).
  await db.insert(rev === undefined ? { ...ddoc } : { ...ddoc, _rev: rev });
}

async function ensureSecurity(client: nano.ServerScope, dbName: string): Promise<void> {
  let current: unknown;
  try {
    current = await client.request({ db: dbName, path: '_security' });
  } catch (err) {
    const status = statusOf(err);
    // The embedded hub has no `_security` route; its basic-auth wrapper keeps it admin-only.
    if (status === 404 || status === 405) return;
    throw err;
  }
  if (canonical(current) === canonical(ADMIN_ONLY)) return;
  await client.request({ db: dbName, path: '_security', method: 'PUT', body: ADMIN_ONLY });
}

/** `ddocsDir` is for tests; the default is ops/couchdb/ddocs. */
export async function setupHub(client: nano.ServerScope, ddocsDir: string = DDOCS_DIR): Promise<void> {
  const designDocs = await loadDesignDocs(ddocsDir);
  for (const key of Object.keys(designDocs)) {
    if (!isDatabaseKey(key)) throw new Error(`${ddocsDir}: folder ${key} names no hub database`);
  }
  for (const [key, dbName] of Object.entries(HUB_DATABASES)) {
    await ensureDatabase(client, dbName);
    await ensureSecurity(client, dbName);
    for (const ddoc of designDocs[key] ?? []) await ensureDesignDoc(client, dbName, ddoc);
  }
}
