// nano client for the hub. nano 11 dropped `requestDefaults`; headers in its configuration are
// merged into every request (and kept out of its request log), so the URL stays credential-free.
// The gateway reaches the hub through the port (nano-hub.ts); tests and benches that speak
// CouchDB to the hub directly use this client.
import nano from 'nano';
import { basicAuthorization, type HubCredentials } from './hub-credentials.ts';

export function createHubClient(url: string, admin: HubCredentials): nano.ServerScope {
  return nano({ url, headers: { Authorization: basicAuthorization(admin) } });
}
