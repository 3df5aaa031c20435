import type { HubCredentials } from '../server/hub/hub-credentials.ts';
import type { HubPort } from '../server/hub/hub-port.ts';
import { createNanoHub } from '../server/hub/nano-hub.ts';

/**
 * A hub as the operations tools reach it: its node URLs (one, or every node of a cluster), its
 * admin, and the deployment's database prefix.
 */
export interface HubTarget {
  readonly urls: readonly string[];
  readonly admin: HubCredentials;
  readonly databasePrefix: string;
}

/** The hub port over this target, failing over between its nodes as the gateway does. */
export function hubPortOf(target: HubTarget): HubPort {
  return createNanoHub({ url: target.urls, credentials: target.admin, databasePrefix: target.databasePrefix });
}

/**
 * A database's URL on one node with the admin's credentials in it, as tools made for CouchDB take
 * them (couchbackup, PouchDB). Never logged: `redactedUrl` is for messages.
 */
export function databaseUrl(nodeUrl: string, admin: HubCredentials, database: string): string {
  const url = new URL(nodeUrl);
  url.username = admin.username;
  url.password = admin.password;
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${encodeURIComponent(database)}`;
  return url.toString();
}

/** A URL without credentials, query or fragment, for messages and logs. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}
