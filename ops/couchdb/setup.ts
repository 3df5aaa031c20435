// Idempotent hub setup: databases, design docs (from ops/couchdb/ddocs), `_security`.
// Safe to run at every start: it writes only what differs, so a second run changes nothing and
// an edited view file upgrades the design doc in place.
import { HUB_COLLECTION_NAMES, isHubCollectionName } from '../../schemas/collections.ts';
import { canonicalJson } from '../../schemas/rules/merge.ts';
import type { HubDatabasePort, HubDesignDoc, HubPort, HubSecurity } from '../../server/hub/hub-port.ts';
import { DDOCS_DIR, loadDesignDocs } from './load-ddocs.ts';

// Admin-only databases: only the gateway (as hub admin) reads and writes them.
const ADMIN_ONLY: HubSecurity = {
  admins: { names: [], roles: ['_admin'] },
  members: { names: [], roles: ['_admin'] },
};

// Key order differs between what we build and what the hub returns: compare canonically.
async function ensureDesignDoc(db: HubDatabasePort, ddoc: HubDesignDoc): Promise<void> {
  const existing = await db.designDoc(ddoc._id);
  if (existing !== null && canonicalJson({ language: existing.language, views: existing.views }) === canonicalJson({ language: ddoc.language, views: ddoc.views })) return;
  // Old index files of an upgraded view stay on disk until `_view_cleanup`, an ops task: the
  // embedded hub does not support it (docs/couchdb-differences.md).
  await db.putDesignDoc(ddoc, existing?._rev ?? null);
}

async function ensureSecurity(db: HubDatabasePort): Promise<void> {
  const current = await db.security();
  // `null`: the embedded hub keeps no `_security`; its basic-auth guard keeps it admin-only.
  if (current === null || canonicalJson(current) === canonicalJson(ADMIN_ONLY)) return;
  await db.setSecurity(ADMIN_ONLY);
}

/** One database per collection of the registry. `ddocsDir` is for tests; the default is ops/couchdb/ddocs. */
export async function setupHub(hub: HubPort, ddocsDir: string = DDOCS_DIR): Promise<void> {
  const designDocs = await loadDesignDocs(ddocsDir);
  for (const key of Object.keys(designDocs)) {
    if (!isHubCollectionName(key)) throw new Error(`${ddocsDir}: folder ${key} names no hub database`);
  }
  for (const name of HUB_COLLECTION_NAMES) {
    const db = hub.database(name);
    await db.ensureExists();
    await ensureSecurity(db);
    // Made now, so that the first gateway to start does not race another to make it.
    await db.identity();
    for (const ddoc of designDocs[name] ?? []) await ensureDesignDoc(db, ddoc);
  }
}
