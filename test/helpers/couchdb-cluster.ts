import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EXTERNAL_HUB, type ExternalTestHub } from './test-hub.ts';

const run = promisify(execFile);

/**
 * The 3-node Apache CouchDB cluster the cluster suite runs on, started by `npm run test:couchdb`
 * with ../shared/couchdb/couchdb.sh: `COUCHDB_TEST_CLUSTER_DIR` is its folder, `COUCHDB_SH` the
 * script, and COUCHDB_TEST_URL lists the three nodes. Nodes are killed and started again only
 * through the script, which keeps each node's process id.
 */
export interface TestCluster {
  readonly hub: ExternalTestHub;
  /** SIGKILLs node `i` (1-3). */
  killNode(i: number): Promise<void>;
  /** Starts node `i` again with its data; resolves once it answers. */
  startNode(i: number): Promise<void>;
}

function readCluster(env: NodeJS.ProcessEnv): TestCluster | null {
  const dir = env.COUCHDB_TEST_CLUSTER_DIR;
  const script = env.COUCHDB_SH;
  if (dir === undefined || script === undefined || EXTERNAL_HUB === null || EXTERNAL_HUB.urls.length < 3) return null;
  const call = async (command: string, i: number): Promise<void> => {
    await run('bash', [script, command, dir, String(i)], { timeout: 120_000 });
  };
  return { hub: EXTERNAL_HUB, killNode: (i) => call('kill-node', i), startNode: (i) => call('start-node', i) };
}

export const TEST_CLUSTER = readCluster(process.env);
