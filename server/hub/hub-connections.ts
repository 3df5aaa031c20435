// The connections the gateway keeps open to the hub. nano 11 sends every request through the
// global `fetch` (Node's bundled undici) and passes its `agentOptions` to it as the `dispatcher`:
// it must be an undici Agent, not a node:http Agent nor a plain options object.
import { Agent } from 'undici';

/**
 * How long a socket to the hub may stay idle before we close it. The embedded hub (a Node http
 * server) closes idle sockets after 5 s; Apache CouchDB (mochiweb) only after minutes. Closing at
 * 2 s leaves 3 s for undici's coarse timers (up to 0.5 s late) and a busy event loop, so we do not
 * send a request down a socket the hub is closing. A loop blocked longer than that still can:
 * `HubNodes` sends such a request again on a fresh socket.
 */
export const HUB_IDLE_SOCKET_MS = 2_000;

let shared: Agent | undefined;

/**
 * The one undici Agent every hub client shares (it keeps a pool per hub node). undici is pinned
 * to the version Node 20.20's own fetch is built on (6.24.1), so the dispatcher nano hands that
 * fetch speaks the same dispatcher interface.
 */
export function hubAgent(): Agent {
  shared ??= new Agent({ keepAliveTimeout: HUB_IDLE_SOCKET_MS, keepAliveMaxTimeout: HUB_IDLE_SOCKET_MS });
  return shared;
}

/**
 * A connection lost under a request before any answer came: the hub closed a keep-alive socket as
 * we reused it (EPIPE, ECONNRESET, undici's "other side closed"). nano reports it as an Error whose
 * message ends with the cause undici gave; an answer cut off after it began is not one of these
 * (nano resolves it as an empty body, see `HubAnswerCutError`).
 */
const RESET_BEFORE_ANSWER = /\b(?:ECONNRESET|EPIPE|UND_ERR_SOCKET)\b|other side closed|socket hang up/;

export function isResetBeforeAnswer(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if ('statusCode' in err) return false;
  return RESET_BEFORE_ANSWER.test(err.message);
}
