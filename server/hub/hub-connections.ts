// The connections the gateway keeps open to the hub. nano 11 sends every request through the
// global `fetch` (Node's bundled undici) and passes its `agentOptions` to it as the `dispatcher`:
// it must be an undici Agent, not a node:http Agent nor a plain options object.

/**
 * How long a socket to the hub may stay idle before we close it. The embedded hub (a Node http
 * server) closes idle sockets after 5 s; Apache CouchDB (mochiweb) only after minutes. Closing at
 * 2 s leaves 3 s for undici's coarse timers (up to 0.5 s late) and a busy event loop, so we do not
 * send a request down a socket the hub is closing. A loop blocked longer than that still can:
 * `HubNodes` sends such a request again on a fresh socket.
 */
export const HUB_IDLE_SOCKET_MS = 2_000;

/** The undici Agent options we set (undici 6, as bundled with Node 20). */
interface HubAgentOptions {
  /** Idle time before closing when the server sends no `Keep-Alive: timeout` hint. */
  readonly keepAliveTimeout: number;
  /** The cap on the idle time when it does (its hint less 1 s otherwise). */
  readonly keepAliveMaxTimeout: number;
}

/** What we use of an undici Agent: nano hands it to fetch, we only close it. */
export interface HubAgent {
  close(): Promise<void>;
}

type HubAgentClass = new (options: HubAgentOptions) => HubAgent;

// The key undici keeps its global dispatcher under, shared by every copy of undici in a process.
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * The Agent class of the undici that Node's own `fetch` runs on. Node does not export it, but its
 * fetch installs an instance as the global dispatcher when it loads. Using that very class means
 * the dispatcher always matches the fetch nano calls; the undici package from npm would add a
 * second, possibly newer, undici whose Agent that fetch only supports on a best-effort basis.
 */
function bundledAgentClass(): HubAgentClass | null {
  // Constructing a Headers loads Node's fetch bundle, which installs the global Agent.
  void new Headers();
  const dispatcher: unknown = Reflect.get(globalThis, GLOBAL_DISPATCHER);
  if (typeof dispatcher !== 'object' || dispatcher === null) return null;
  const agentClass: unknown = dispatcher.constructor;
  // Someone may have installed another dispatcher (a proxy agent, a mock): then we keep theirs.
  if (typeof agentClass !== 'function' || agentClass.name !== 'Agent' || !('dispatch' in dispatcher)) return null;
  return agentClass as HubAgentClass;
}

let shared: HubAgent | null | undefined;

/**
 * The one Agent every hub client shares (it keeps a pool per hub node), or null when Node's fetch
 * is not on undici's Agent: nano then uses the global dispatcher, and the resend still holds.
 */
export function hubAgent(): HubAgent | null {
  if (shared === undefined) {
    const Agent = bundledAgentClass();
    shared = Agent === null ? null : new Agent({ keepAliveTimeout: HUB_IDLE_SOCKET_MS, keepAliveMaxTimeout: HUB_IDLE_SOCKET_MS });
  }
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
