import { randomBytes } from 'node:crypto';
import type nano from 'nano';
import { GatewayError } from '../errors.ts';
import { isHubDoc, type HubDoc } from './hub-doc.ts';
import type { HubChangesPage, HubDatabasePort, HubDesignDoc, HubSecurity, HubViewKey, HubViewQuery, HubViewRow, HubWriteResult } from './hub-port.ts';
import { hubStatusOf, viaHub } from './nano-hub-errors.ts';

interface RawChange {
  id: string;
  seq: unknown;
  changes?: { rev?: string }[];
  doc?: unknown;
  deleted?: boolean;
}

type RequestWithSignal = nano.RequestOptions & { signal?: AbortSignal };

/** One hub database through nano, hub errors mapped as the port promises. */
export class NanoHubDatabase implements HubDatabasePort {
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

  async allDocs(): Promise<HubDoc[]> {
    const answer = await viaHub(() => this.server.use(this.name).list({ include_docs: true }));
    return answer.rows.flatMap((row) => (isHubDoc(row.doc) ? [row.doc] : []));
  }

  async docCount(): Promise<number> {
    const info = await viaHub(() => this.server.use(this.name).info());
    return info.doc_count;
  }

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

  async refreshView(ddoc: string, view: string): Promise<void> {
    await viaHub(() => this.server.use(this.name).view(ddoc, view, { limit: 0 }));
  }

  async viewDocs(ddoc: string, view: string, query: HubViewQuery = {}): Promise<HubDoc[]> {
    const params = {
      include_docs: true,
      ...(query.key === undefined ? {} : { key: query.key }),
      ...(query.startkey === undefined ? {} : { startkey: query.startkey }),
      ...(query.endkey === undefined ? {} : { endkey: query.endkey }),
      ...(query.descending === undefined ? {} : { descending: query.descending }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    };
    const answer = await viaHub(() => this.server.use(this.name).view(ddoc, view, params));
    return answer.rows.flatMap((row) => (isHubDoc(row.doc) ? [row.doc] : []));
  }

  async groupedView(ddoc: string, view: string): Promise<HubViewRow[]> {
    const answer = await viaHub(() => this.server.use(this.name).view(ddoc, view, { group: true }));
    return answer.rows.map((row) => ({ key: row.key, value: row.value }));
  }

  async viewKeys(ddoc: string, view: string, after: HubViewKey | null, limit: number): Promise<HubViewKey[]> {
    const params = after === null ? { limit } : { startkey: after.key, startkey_docid: after.id, skip: 1, limit };
    const answer = await viaHub(() => this.server.use(this.name).view(ddoc, view, params));
    return answer.rows.map((row) => ({ key: row.key, id: row.id }));
  }

  async viewRowCount(ddoc: string, view: string): Promise<number> {
    const answer = await viaHub(() => this.server.use(this.name).view(ddoc, view, { limit: 0 }));
    return answer.total_rows;
  }

  async ensureExists(): Promise<void> {
    try {
      await this.server.db.get(this.name);
      return;
    } catch (err) {
      if (hubStatusOf(err) !== 404) throw err;
    }
    try {
      await this.server.db.create(this.name);
    } catch (err) {
      // Another starter created it in between.
      if (hubStatusOf(err) !== 412) throw err;
    }
  }

  async security(): Promise<Readonly<Record<string, unknown>> | null> {
    let answer: unknown;
    try {
      answer = await this.server.request({ db: this.name, path: '_security' });
    } catch (err) {
      const status = hubStatusOf(err);
      // The embedded hub has no `_security` route; its basic-auth guard keeps it admin-only.
      if (status === 404 || status === 405) return null;
      throw err;
    }
    return typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>) : {};
  }

  async setSecurity(security: HubSecurity): Promise<void> {
    await this.server.request({ db: this.name, path: '_security', method: 'PUT', body: security });
  }

  async identity(): Promise<string> {
    const path = '_local/liandong-hub';
    const read = async (): Promise<string | null> => {
      try {
        const doc: unknown = await this.server.request({ db: this.name, path });
        const hub = typeof doc === 'object' && doc !== null ? (doc as { hub?: unknown }).hub : undefined;
        return typeof hub === 'string' && /^[0-9a-f]{16}$/.test(hub) ? hub : null;
      } catch (err) {
        if (hubStatusOf(err) === 404) return null;
        throw err;
      }
    };
    return viaHub(async () => {
      const known = await read();
      if (known !== null) return known;
      const made = randomBytes(8).toString('hex');
      try {
        await this.server.request({ db: this.name, path, method: 'PUT', body: { hub: made } });
        return made;
      } catch (err) {
        // Another gateway made it first: theirs is the identity.
        if (hubStatusOf(err) !== 409) throw err;
        const theirs = await read();
        if (theirs === null) throw err;
        return theirs;
      }
    });
  }

  async designDoc(id: string): Promise<HubDoc | null> {
    try {
      const doc: unknown = await this.server.use(this.name).get(id);
      return isHubDoc(doc) ? doc : null;
    } catch (err) {
      if (hubStatusOf(err) === 404) return null;
      throw err;
    }
  }

  async putDesignDoc(doc: HubDesignDoc, rev: string | null): Promise<void> {
    await this.server.use<Record<string, unknown>>(this.name).insert(rev === null ? { ...doc } : { ...doc, _rev: rev });
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
