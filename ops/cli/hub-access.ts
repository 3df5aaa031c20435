import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerConfig } from '../../server/config.ts';
import { startEmbeddedHub, type EmbeddedHub } from '../../server/hub/embedded-hub.ts';
import { basicAuthorization, type HubCredentials } from '../../server/hub/hub-credentials.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { HUB_URL_FILE } from '../../server/hub/hub-supervisor.ts';
import { hubPortOf, type HubTarget } from '../hub-target.ts';
import { OpsError } from './ops-error.ts';

/** The hub a command works on, and how to let go of it. */
export interface OpenedHub {
  readonly target: HubTarget;
  readonly port: HubPort;
  /** `couchdb`: COUCHDB_URL; `embedded`: the running network's hub; `started`: started for this command. */
  readonly kind: 'couchdb' | 'embedded' | 'started';
  close(): Promise<void>;
}

/** The embedded hub's admin, as `npm start` made it under DATA_DIR. */
export async function embeddedHubAdmin(dataDir: string): Promise<HubCredentials> {
  const file = join(dataDir, 'hub-admin.json');
  let stored: unknown;
  try {
    stored = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new OpsError(
      `No embedded hub under ${dataDir} (${file} is missing or unreadable). Set DATA_DIR to the network's data folder, or COUCHDB_URL for Apache CouchDB.`,
      `${dataDir} 下没有内置数据中心（${file} 不存在或无法读取）。请将 DATA_DIR 设为网络的数据目录，或用 COUCHDB_URL 指向 Apache CouchDB。`,
    );
  }
  const admin = stored as Partial<HubCredentials>;
  if (typeof admin.username !== 'string' || typeof admin.password !== 'string') throw new OpsError(`${file} holds no hub admin.`, `${file} 中没有数据中心管理员凭据。`);
  return { username: admin.username, password: admin.password };
}

/** The URL of the embedded hub of a running network, when it answers as that admin. */
export async function runningEmbeddedHub(dataDir: string, admin: HubCredentials): Promise<string | null> {
  let url: string;
  try {
    url = (await readFile(join(dataDir, HUB_URL_FILE), 'utf8')).trim();
  } catch {
    return null;
  }
  try {
    const answer = await fetch(`${url}/_all_dbs`, { headers: { authorization: basicAuthorization(admin) }, signal: AbortSignal.timeout(5_000) });
    await answer.body?.cancel();
    return answer.ok ? url : null;
  } catch {
    return null;
  }
}

/**
 * The hub of the configuration the gateway would use: Apache CouchDB when COUCHDB_URL is set;
 * otherwise the embedded hub under DATA_DIR, the running network's if it runs, else started for
 * the length of the command (and stopped by `close`).
 */
export async function openHub(config: ServerConfig, opts: { readonly createEmbedded?: boolean } = {}): Promise<OpenedHub> {
  if (config.couchdbUrls !== null) {
    if (config.couchdbUser === null || config.couchdbPassword === null) {
      throw new OpsError('COUCHDB_URL is set but COUCHDB_USER or COUCHDB_PASSWORD is not: give the hub admin\'s name and password.', '已设置 COUCHDB_URL，但缺少 COUCHDB_USER 或 COUCHDB_PASSWORD：请提供数据中心管理员的用户名和密码。');
    }
    const target: HubTarget = { urls: config.couchdbUrls, admin: { username: config.couchdbUser, password: config.couchdbPassword }, databasePrefix: config.databasePrefix };
    return { target, port: hubPortOf(target), kind: 'couchdb', close: async () => undefined };
  }
  // A restore may go into a new DATA_DIR: its hub is made on the way.
  const fresh = opts.createEmbedded === true && !(await embeddedHubAdmin(config.dataDir).then(() => true, () => false));
  const admin = fresh ? null : await embeddedHubAdmin(config.dataDir);
  const running = admin === null ? null : await runningEmbeddedHub(config.dataDir, admin);
  if (running !== null && admin !== null) {
    const target: HubTarget = { urls: [running], admin, databasePrefix: config.databasePrefix };
    return { target, port: hubPortOf(target), kind: 'embedded', close: async () => undefined };
  }
  const started: EmbeddedHub = await startEmbeddedHub({ dataDir: config.dataDir });
  const target: HubTarget = { urls: [started.url], admin: started.admin, databasePrefix: config.databasePrefix };
  return { target, port: hubPortOf(target), kind: 'started', close: () => started.stop() };
}
