import { resolve } from 'node:path';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Apache CouchDB in production; unset: the embedded hub under dataDir. */
  readonly couchdbUrl: string | null;
  readonly couchdbUser: string | null;
  readonly couchdbPassword: string | null;
  readonly tokenSecret: string | null;
  readonly seedDemo: boolean;
}

/** Reads the environment once; a bad value stops the start with a message saying what to fix. */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT ?? ''}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    couchdbUrl: env.COUCHDB_URL ?? null,
    couchdbUser: env.COUCHDB_USER ?? null,
    couchdbPassword: env.COUCHDB_PASSWORD ?? null,
    tokenSecret: env.LIANDONG_TOKEN_SECRET ?? null,
    seedDemo: (env.LIANDONG_DEMO ?? 'on') !== 'off',
  };
}
