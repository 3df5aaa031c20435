// nano client for the hub. nano 11 dropped `requestDefaults`; headers in its configuration are
// merged into every request (and kept out of its request log), so the URL stays credential-free.
// The gateway reaches the hub through the port (nano-hub.ts); tests and benches that speak
// CouchDB to the hub directly use this client.
import nano from 'nano';
import { hubAgent } from './hub-connections.ts';
import { basicAuthorization, type HubCredentials } from './hub-credentials.ts';

export function createHubClient(url: string, admin: HubCredentials): nano.ServerScope {
  const agent = hubAgent();
  // nano passes `agentOptions` to fetch as its dispatcher: the Agent whose idle sockets close first.
  return nano({ url, headers: { Authorization: basicAuthorization(admin) }, ...(agent === null ? {} : { agentOptions: agent }) });
}
