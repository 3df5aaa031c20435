// nano client for the hub. nano 11 dropped `requestDefaults`; headers in its configuration are
// merged into every request (and kept out of its request log), so the URL stays credential-free.
// The gateway reaches the hub through the port (nano-hub.ts); tests and benches that speak
// CouchDB to the hub directly use this client.
import nano from 'nano';
import { hubAgent } from './hub-connections.ts';
import type { Agent } from 'undici';
import { basicAuthorization, type HubCredentials } from './hub-credentials.ts';

export function createHubClient(url: string, admin: HubCredentials): nano.ServerScope {
  return nano({ url, headers: { Authorization: basicAuthorization(admin) }, agentOptions: dispatcherOption(hubAgent()) });
}

/**
 * nano hands `agentOptions` to fetch as its dispatcher as it is (nano.js: `cfg.agent =
 * cfg.agentOptions`, then `fetchOptions.dispatcher = cfg.agent`), so it must be an Agent
 * instance; nano 11's types name the class instead. The one place we say so to the compiler.
 */
function dispatcherOption(agent: Agent): typeof Agent {
  return agent as unknown as typeof Agent;
}
