import type nano from 'nano';
import type { HubDoc } from './hub-doc.ts';
import { isHubDoc } from './hub-doc.ts';
import { GatewayError } from '../errors.ts';
import { hubStatusOf, viaHub } from './hub-errors.ts';

export interface HubChange {
  readonly id: string;
  /** The winning revision after this change. */
  readonly rev: string;
  /** Opaque: an integer on the embedded hub, a string on Apache CouchDB. */
  readonly seq: unknown;
  readonly doc: HubDoc | null;
  readonly deleted: boolean;
}

export interface HubChangesPage {
  readonly results: readonly HubChange[];
  readonly lastSeq: unknown;
}

export interface HubWriteResult {
  readonly id: string;
  readonly rev?: string;
  readonly error?: string;
  readonly reason?: string;
}

interface RawChange {
  id: string;
  seq: unknown;
  changes?: { rev?: string }[];
  doc?: unknown;
  deleted?: boolean;
}

type RequestWithSignal = nano.RequestOptions & { signal?: AbortSignal };

/** One hub database, through nano, with the few calls the gateway needs and hub errors mapped. */
export class HubDatabase {
  constructor(
    private readonly server: nano.ServerScope,
    readonly name: string,
  ) {}

  async updateSeq(): Promise<unknown> {
    const info = await viaHub(() => this.server.use(this.name).info());
    return info.update_seq;
  }

  async changes(since: unknown, limit: number, signal?: AbortSignal): Promise<HubChangesPage> {
    const request: RequestWithSignal = {
      db: this.name,
      path: '_changes',
      qs: { since: seqParam(since), limit, include_docs: true, style: 'all_docs' },
    };
    if (signal !== undefined) request.signal = signal;
    return toPage(await viaHub(() => this.server.request(request)), signal);
  }

  /**
   * Waits on the hub for changes after `since`. The embedded hub ignores `timeout` on long-polls,
   * so the caller's signal is what bounds the wait.
   */
  async waitForChanges(since: unknown, limit: number, signal: AbortSignal, includeDocs: boolean): Promise<HubChangesPage> {
    const request: RequestWithSignal = {
      db: this.name,
      path: '_changes',
      qs: { feed: 'longpoll', since: seqParam(since), limit, include_docs: includeDocs, timeout: 25_000, heartbeat: 10_000 },
      signal,
    };
    return toPage(await viaHub(() => this.server.request(request)), signal);
  }

  async fetchByIds(ids: readonly string[]): Promise<Map<string, HubDoc>> {
    const found = new Map<string, HubDoc>();
    if (ids.length === 0) return found;
    const answer = await viaHub(() => this.server.use(this.name).fetch({ keys: [...ids] }, { include_docs: true }));
    for (const row of answer.rows) {
      if ('doc' in row && isHubDoc(row.doc) && row.doc._deleted !== true) found.set(row.doc._id, row.doc);
    }
    return found;
  }

  async get(id: string): Promise<HubDoc | null> {
    try {
      const doc: unknown = await this.server.use(this.name).get(id);
      return isHubDoc(doc) ? doc : null;
    } catch (err) {
      if (hubStatusOf(err) === 404) return null;
      return viaHub(() => Promise.reject(err));
    }
  }

  async bulkWrite(docs: readonly HubDoc[]): Promise<HubWriteResult[]> {
    if (docs.length === 0) return [];
    const rows = await viaHub(() => this.server.use(this.name).bulk({ docs: [...docs] }));
    return rows.map((row) => ({
      id: row.id ?? '',
      ...(row.rev === undefined ? {} : { rev: row.rev }),
      ...(row.error === undefined ? {} : { error: row.error }),
      ...(row.reason === undefined ? {} : { reason: row.reason }),
    }));
  }

  /** Rows of a `[key, docId]`-keyed view for one key, after `afterId`, with their documents. */
  async viewPage(ddoc: string, view: string, key: string, afterId: string | null, limit: number): Promise<HubDoc[]> {
    // The first page brings the index up to date; later pages of the same walk read it as it is
    // (`stale=ok`, which CouchDB 3 still takes as update=false&stable=true), since the first
    // page already indexed past the hub seq the walk started from.
    const params = {
      startkey: [key, afterId ?? ''],
      endkey: [key, {}],
      include_docs: true,
      limit: afterId === null ? limit : limit + 1,
      ...(afterId === null ? {} : { stale: 'ok' as const }),
    };
    const answer = await viaHub(() => this.server.use(this.name).view(ddoc, view, params));
    const docs: HubDoc[] = [];
    for (const row of answer.rows) {
      if (row.id === afterId) continue;
      if (isHubDoc(row.doc)) docs.push(row.doc);
    }
    return docs.slice(0, limit);
  }

  /** Queries a view with limit 0, which makes the hub bring its index up to date. */
  async refreshView(ddoc: string, view: string): Promise<void> {
    await viaHub(() => this.server.use(this.name).view(ddoc, view, { limit: 0 }));
  }
}

/** CouchDB takes integer seqs as numbers and cluster seqs as strings; both pass through as given. */
function seqParam(since: unknown): string {
  return typeof since === 'string' ? since : JSON.stringify(since ?? 0);
}

/**
 * nano resolves a body it could not read (an aborted long-poll among them) as an empty string;
 * taking that for "no changes, last_seq 0" would send a follower back to the start of the feed.
 */
function toPage(answer: unknown, signal: AbortSignal | undefined): HubChangesPage {
  const body = answer as { results?: RawChange[]; last_seq?: unknown };
  if (signal?.aborted === true || typeof answer !== 'object' || answer === null || !Array.isArray(body.results) || body.last_seq === undefined) {
    throw new GatewayError('ERR_HUB_UNAVAILABLE', signal?.aborted === true ? 'changes request aborted' : 'unreadable _changes answer from the hub');
  }
  const results = body.results.map((change) => ({
    id: change.id,
    rev: change.changes?.[0]?.rev ?? '',
    seq: change.seq,
    doc: isHubDoc(change.doc) ? change.doc : null,
    deleted: change.deleted === true,
  }));
  return { results, lastSeq: body.last_seq };
}
