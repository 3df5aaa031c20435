import { resolve } from 'node:path';
import { DEFAULT_HUB_DATABASE_PREFIX } from '../schemas/collections.ts';
import { parseHubUrls } from './hub/hub-nodes.ts';

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Apache CouchDB in production; unset: the embedded hub under dataDir. */
  readonly couchdbUrl: string | null;
  /** COUCHDB_URL's nodes: one, or every node of a cluster (separated by commas); null with the embedded hub. */
  readonly couchdbUrls: readonly string[] | null;
  /** The hub databases' name prefix (LIANDONG_DATABASE_PREFIX, default `liandong_`): several deployments may share one CouchDB. */
  readonly databasePrefix: string;
  readonly couchdbUser: string | null;
  readonly couchdbPassword: string | null;
  readonly tokenSecret: string | null;
  /** The longest a session lasts from its sign-in (LIANDONG_SESSION_MAX_AGE_HOURS, default 12). */
  readonly sessionMaxAgeSeconds: number;
  /** Seed the demo network (LIANDONG_DEMO=on|off; default on with the embedded hub, off with COUCHDB_URL). */
  readonly seedDemo: boolean;
  /** How far ahead of the hub's clock a step may be stamped (LIANDONG_MAX_CLOCK_AHEAD_MINUTES, default 5). */
  readonly maxClockAheadMs: number;
  /** How long a station may have been offline, for step times (LIANDONG_OFFLINE_WINDOW_DAYS, default 30). */
  readonly offlineWindowMs: number;
  /** Devices one unit may report heartbeats from (LIANDONG_DEVICES_PER_UNIT, default 20). */
  readonly devicesPerUnit: number;
  /** The bearer token Prometheus scrapes `/metrics` with (LIANDONG_METRICS_TOKEN); null: no `/metrics`. */
  readonly metricsToken: string | null;
}

/** A session lasts at most 30 days, whatever is configured: a lost device must not keep one longer. */
const MAX_SESSION_HOURS = 720;

function sessionMaxAgeSeconds(value: string | undefined): number {
  if (value === undefined) return 12 * 3600;
  const hours = Number(value);
  if (value.trim() === '' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_SESSION_HOURS) {
    throw new Error(`LIANDONG_SESSION_MAX_AGE_HOURS must be a number of hours above 0 and at most ${MAX_SESSION_HOURS}, such as 12, got "${value}"`);
  }
  return Math.round(hours * 3600);
}

/** A positive number from the environment, in the unit it names, or the default. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const value = env[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new Error(`${name} must be a number above 0 and at most ${max}, got "${value}"`);
  return n;
}

function seedDemo(value: string | undefined, couchdbUrl: string | null): boolean {
  if (value === undefined) return couchdbUrl === null;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new Error(`LIANDONG_DEMO must be "on" or "off", got "${value}"`);
}

/** Reads the environment once; a bad value stops the start with a message saying what to fix. */
export function readConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT ?? ''}"`);
  const devicesPerUnit = Number(env.LIANDONG_DEVICES_PER_UNIT ?? 20);
  if (!Number.isInteger(devicesPerUnit) || devicesPerUnit < 1) throw new Error(`LIANDONG_DEVICES_PER_UNIT must be a whole number of at least 1, got "${env.LIANDONG_DEVICES_PER_UNIT ?? ''}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    couchdbUrl: env.COUCHDB_URL ?? null,
    couchdbUrls: env.COUCHDB_URL === undefined ? null : parseHubUrls(env.COUCHDB_URL),
    databasePrefix: databasePrefix(env.LIANDONG_DATABASE_PREFIX),
    couchdbUser: env.COUCHDB_USER ?? null,
    couchdbPassword: env.COUCHDB_PASSWORD ?? null,
    tokenSecret: env.LIANDONG_TOKEN_SECRET ?? null,
    sessionMaxAgeSeconds: sessionMaxAgeSeconds(env.LIANDONG_SESSION_MAX_AGE_HOURS),
    // A production hub gets no demo network unless asked: demo accounts there would be a door.
    seedDemo: seedDemo(env.LIANDONG_DEMO, env.COUCHDB_URL ?? null),
    maxClockAheadMs: positiveNumber(env, 'LIANDONG_MAX_CLOCK_AHEAD_MINUTES', 5, 24 * 60) * 60_000,
    offlineWindowMs: positiveNumber(env, 'LIANDONG_OFFLINE_WINDOW_DAYS', 30, 3650) * 86_400_000,
    devicesPerUnit,
    metricsToken: metricsToken(env.LIANDONG_METRICS_TOKEN),
  };
}

function databasePrefix(value: string | undefined): string {
  if (value === undefined) return DEFAULT_HUB_DATABASE_PREFIX;
  if (!/^[a-z][a-z0-9_]{0,40}_$/.test(value)) throw new Error(`LIANDONG_DATABASE_PREFIX must be lowercase letters, digits and _, start with a letter and end with _, such as liandong_; got "${value}"`);
  return value;
}

function metricsToken(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  if (value.length < 16 || !/^[A-Za-z0-9._~+/=-]+$/.test(value)) throw new Error('LIANDONG_METRICS_TOKEN must be at least 16 characters of letters, digits and ._~+/=-, such as the output of `openssl rand -hex 24`');
  return value;
}
