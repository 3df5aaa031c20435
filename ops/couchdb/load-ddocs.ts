// Builds CouchDB design documents from files kept one function per file
// (`<collection>/<ddoc>/views/<view>/map.js` and optional `reduce.js`), so views are reviewed and
// diffed as code rather than as strings inside JSON.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HubDesignDoc, HubViewSource } from '../../server/hub/hub-port.ts';

export const DDOCS_DIR = fileURLToPath(new URL('./ddocs/', import.meta.url));

async function subdirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

// Trimmed so an editor's trailing newline never counts as a change of the view.
async function loadView(dir: string): Promise<HubViewSource> {
  const map = (await readFile(join(dir, 'map.js'), 'utf8')).trim();
  const reduce = (await readOptional(join(dir, 'reduce.js')))?.trim();
  return reduce === undefined ? { map } : { map, reduce };
}

async function loadDesignDoc(dir: string, name: string): Promise<HubDesignDoc> {
  const views: Record<string, HubViewSource> = {};
  const viewsDir = join(dir, 'views');
  for (const view of await subdirectories(viewsDir)) {
    views[view] = await loadView(join(viewsDir, view));
  }
  return { _id: `_design/${name}`, language: 'javascript', views };
}

/** Design docs per collection (the folder name under `root`). */
export async function loadDesignDocs(root: string = DDOCS_DIR): Promise<Record<string, HubDesignDoc[]>> {
  const result: Record<string, HubDesignDoc[]> = {};
  for (const dbKey of await subdirectories(root)) {
    const dbDir = join(root, dbKey);
    const docs: HubDesignDoc[] = [];
    for (const ddoc of await subdirectories(dbDir)) docs.push(await loadDesignDoc(join(dbDir, ddoc), ddoc));
    result[dbKey] = docs;
  }
  return result;
}
