// The hub's nodes as nano clients, with failover: `COUCHDB_URL` may list every node of a CouchDB
// cluster (any node serves any database), and a call that finds its node gone is taken by the next.
import type nano from 'nano';
import { createHubClient } from './hub-client.ts';
import { isResetBeforeAnswer } from './hub-connections.ts';
import type { HubCredentials } from './hub-credentials.ts';
import { hubStatusOf } from './nano-hub-errors.ts';

/**
 * How far a call may be tried again on another node after its node failed: a `read` always (it
 * changes nothing), a write only when the request was never sent (the connection was refused).
 * A write whose node went away mid-request may or may not have happened; it fails, and the
 * client's retry asks again, which our writes tolerate (a repeated case write merges to the same).
 *
 * On its own node, a call whose connection was reset before any answer came (a keep-alive socket
 * the hub had just closed) is sent again on a fresh connection when sending it twice is harmless:
 * a `read`, and a `replayable-write`, a `_bulk_docs` of documents carrying the revision they
 * replace. If the first copy did reach the hub, the second gets a `conflict` row per document,
 * never a second revision, and its callers take a conflict as "read again and decide again" (the
 * bulk writer re-merges, which yields the stored case unchanged). A `write` is never sent twice.
 */
export type HubCallKind = 'read' | 'replayable-write' | 'write';

/** How often a call is sent again on a fresh connection after a reset, and how long we wait first. */
const RESEND_DELAYS_MS = [20, 100] as const;

/** Why a node did not answer: its connection was refused (nothing sent), or lost on the way. */
export type NodeFailure = 'not-sent' | 'lost';

export interface HubNodeSwitch {
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

/** The connection never opened: the request did not reach the node. */
const NOT_SENT = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|EADDRNOTAVAIL/;

/**
 * Whether an error means the node itself failed, rather than the hub answering: the hub's own
 * answers (a 404, a 409, a 400 about what we asked) stand whichever node gave them. A 502-504
 * comes from a node that cannot serve now (or a proxy before it), so another node may.
 */
export function nodeFailureOf(err: unknown): NodeFailure | null {
  if (err instanceof HubAnswerCutError) return 'lost';
  const status = hubStatusOf(err);
  if (status === undefined) return NOT_SENT.test(err instanceof Error ? err.message : String(err)) ? 'not-sent' : 'lost';
  return status === 502 || status === 503 || status === 504 ? 'lost' : null;
}

/**
 * nano resolves a JSON answer whose body broke off (its node died while sending it) as an empty
 * string. Every answer we ask for is a JSON object, so that is a failed call, never a value.
 */
export class HubAnswerCutError extends Error {
  override name = 'HubAnswerCutError';
}

interface HubNode {
  readonly url: string;
  readonly server: nano.ServerScope;
}

/** Splits `COUCHDB_URL`: one URL, or several separated by commas or spaces, without credentials. */
export function parseHubUrls(value: string): string[] {
  const urls = value.split(/[\s,]+/).filter((part) => part.length > 0);
  if (urls.length === 0) throw new Error('COUCHDB_URL names no node: give http://host:5984, or several separated by commas');
  return urls.map((text) => {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error(`COUCHDB_URL: "${text}" is not a URL; write it as http://host:5984`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`COUCHDB_URL: "${text}" must start with http:// or https://`);
    if (url.username !== '' || url.password !== '') throw new Error('COUCHDB_URL must not hold credentials: set COUCHDB_USER and COUCHDB_PASSWORD instead');
    return text.replace(/\/+$/, '');
  });
}

export class HubNodes {
  private readonly nodes: readonly HubNode[];
  /** The node calls go to first: the last one that answered. */
  private current = 0;

  constructor(
    urls: readonly string[],
    credentials: HubCredentials,
    private readonly onSwitch: (change: HubNodeSwitch) => void = () => undefined,
  ) {
    if (urls.length === 0) throw new Error('the hub needs at least one node URL');
    this.nodes = urls.map((url) => ({ url, server: createHubClient(url, credentials) }));
  }

  /** The node calls go to now. */
  get url(): string {
    return this.node(this.current).url;
  }

  get urls(): readonly string[] {
    return this.nodes.map((node) => node.url);
  }

  /**
   * Runs `work` against the current node; when that node fails (see `nodeFailureOf`), moves to
   * the next and, if `kind` allows, tries there, each node once. An aborted call is never retried.
   */
  async call<T>(kind: HubCallKind, work: (server: nano.ServerScope) => Promise<T>, signal?: AbortSignal): Promise<T> {
    let lastError: unknown = null;
    for (let tried = 0; tried < this.nodes.length; tried += 1) {
      const index = this.current;
      try {
        return await this.callNode(index, kind, work, signal);
      } catch (err) {
        if (signal?.aborted === true) throw err;
        const failure = nodeFailureOf(err);
        if (failure === null) throw err;
        lastError = err;
        this.moveOn(index, err);
        if (kind !== 'read' && failure === 'lost') throw err;
      }
    }
    throw lastError;
  }

  /**
   * One node's answer, the call sent again on a fresh connection after a reset before any answer
   * (see `HubCallKind`). An answer that began and broke off (a long-poll already streaming) is
   * never sent again here.
   */
  private async callNode<T>(index: number, kind: HubCallKind, work: (server: nano.ServerScope) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    const node = this.node(index);
    // A function, not a narrowed value: the signal may fire while we wait to send again.
    const aborted = (): boolean => signal?.aborted === true;
    for (let resent = 0; ; resent += 1) {
      try {
        const answer = await work(node.server);
        if (answer === '' && !aborted()) throw new HubAnswerCutError(`the answer from ${node.url} broke off`);
        return answer;
      } catch (err) {
        const delayMs = RESEND_DELAYS_MS[resent];
        if (kind === 'write' || delayMs === undefined || aborted() || !isResetBeforeAnswer(err)) throw err;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (aborted()) throw err;
      }
    }
  }

  private moveOn(failed: number, err: unknown): void {
    if (this.nodes.length === 1 || this.current !== failed) return;
    this.current = (failed + 1) % this.nodes.length;
    this.onSwitch({ from: this.node(failed).url, to: this.node(this.current).url, reason: err instanceof Error ? err.message.slice(0, 200) : String(err) });
  }

  private node(index: number): HubNode {
    const node = this.nodes[index];
    if (node === undefined) throw new RangeError(`no hub node ${index}`);
    return node;
  }
}
