import { basicAuthorization, type HubCredentials } from '../../server/hub/hub-credentials.ts';

/** A hub reached over plain CouchDB HTTP as its admin, for tests that check the hub itself. */
export interface HubAddress {
  readonly url: string;
  readonly admin: HubCredentials;
}

export async function hubCall(hub: HubAddress, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { authorization: basicAuthorization(hub.admin) };
  const init: RequestInit = { method, headers };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(`${hub.url}${path}`, init);
  return { status: res.status, json: await res.json() };
}

/** Whether a process we started is still alive (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
