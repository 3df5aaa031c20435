import { randomBytes } from 'node:crypto';
import type nano from 'nano';
import { GatewayError } from '../errors.ts';
import { isHubDoc, type HubDoc } from './hub-doc.ts';
import type { HubCallKind, HubNodes } from './hub-nodes.ts';
import type { HubChangesPage, HubDatabasePort, HubDesignDoc, HubRow, HubRowsQuery, HubSecurity, HubViewKey, HubViewPage, HubViewQuery, HubViewRow, HubWriteResult } from './hub-port.ts';
import { hubStatusOf, viaHub } from './nano-hub-errors.ts';

interface RawChange {
  id: string;
  seq: unknown;
  changes?: { rev?: string }[];
  doc?: unknown;
  deleted?: boolean;
}

type RequestWithSignal = nano.RequestOptions & { signal?: AbortSignal };

/**
 * One hub database through nano, on whichever node of the hub answers (`HubNodes`), hub errors
 * mapped as the port promises.
 */
export class NanoHubDatabase implements HubDatabasePort {
  constructor(
    private readonly nodes: HubNodes,
    readonly name: string,
  ) {}

  private read<T>(work: (server: nano.ServerScope) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.on('read', work, signal);
  }

  private on<T>(kind: HubCallKind, work: (server: nano.ServerScope) => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.nodes.call(kind, work, signal);
  }

  private db(server: nano.ServerScope): nano.DocumentScope<unknown> {
    return server.use(this.name);
  }

  async updateSeq(): Promise<unknown> {
    const info = await viaHub(() => this.read((s) => this.db(s).info()));
    return info.update_seq;
  }

  async changes(since: unknown, limit: number, signal?: AbortSignal): Promise<HubChangesPage> {
    const request: RequestWithSignal = {
      db: this.name,
      path: '_changes',
      qs: { since: seqParam(since), limit, include_docs: true, style: 'all_docs' },
    };
    if (signal !== undefined) request.signal = signal;
    return toPage(await viaHub(() => this.read((s) => s.request(request), signal)), signal);
  }

  async waitForChanges(since: unknown, limit: number, signal: AbortSignal, includeDocs: boolean): Promise<HubChangesPage> {
    const request: RequestWithSignal = {
      db: this.name,
      path: '_changes',
      // No `heartbeat`: Apache CouchDB 3.4.3 ignores `timeout` whenever one is sent (measured: a
      // 1 s timeout with a heartbeat still open after 8 s). The embedded hub ignores `timeout` and
      // sends blank lines anyway; the caller's signal bounds the wait on both.
      qs: { feed: 'longpoll', since: seqParam(since), limit, include_docs: includeDocs, timeout: 25_000 },
      signal,
    };
    return toPage(await viaHub(() => this.read((s) => s.request(request), signal)), signal);
  }

  async fetchByIds(ids: readonly string[]): Promise<Map<string, HubDoc>> {
    const found = new Map<string, HubDoc>();
    if (ids.length === 0) return found;
    const answer = await viaHub(() => this.read((s) => this.db(s).fetch({ keys: [...ids] }, { include_docs: true })));
    for (const row of answer.rows) {
      if ('doc' in row && isHubDoc(row.doc) && row.doc._deleted !== true) found.set(row.doc._id, row.doc);
    }
    return found;
  }

  async get(id: string): Promise<HubDoc | null> {
    try {
      const doc: unknown = await this.read((s) => this.db(s).get(id));
      return isHubDoc(doc) ? doc : null;
    } catch (err) {
      if (hubStatusOf(err) === 404) return null;
      return viaHub(() => Promise.reject(err));
    }
  }

  async bulkWrite(docs: readonly HubDoc[]): Promise<HubWriteResult[]> {
    if (docs.length === 0) return [];
    const rows = await viaHub(() => this.on('replayable-write', (s) => this.db(s).bulk({ docs: [...docs] })));
    return rows.map((row) => ({
      id: row.id ?? '',
      ...(row.rev === undefined ? {} : { rev: row.rev }),
      ...(row.error === undefined ? {} : { error: row.error }),
      ...(row.reason === undefined ? {} : { reason: row.reason }),
    }));
  }

  async allDocs(): Promise<HubDoc[]> {
    const answer = await viaHub(() => this.read((s) => this.db(s).list({ include_docs: true })));
    return answer.rows.flatMap((row) => (isHubDoc(row.doc) ? [row.doc] : []));
  }

  async docCount(): Promise<number> {
    const info = await viaHub(() => this.read((s) => this.db(s).info()));
    return info.doc_count;
  }

  async viewPage(ddoc: string, view: string, key: string, afterId: string | null, limit: number): Promise<HubViewPage> {
    // The first page brings the index up to date and says which seq it reflects (`update_seq`);
    // later pages of the same walk read it as it is (`stale=ok`, which CouchDB 3 still takes as
    // update=false&stable=true), since the first page already indexed past that seq. `stable`
    // keeps a cluster reading the same copy of each shard for every page.
    const params = {
      startkey: [key, afterId ?? ''],
      endkey: [key, {}],
      limit: afterId === null ? limit : limit + 1,
      ...(afterId === null ? { update_seq: true, stable: true } : { stale: 'ok' as const }),
    };
    // Rows first, documents after, by `_bulk_get`: Apache CouchDB 3.4.3 reads a view's documents
    // one by one (`include_docs`: 28 ms for 100 cases), where `_bulk_get` reads them in a batch
    // (10-17 ms); the rows alone take 3 ms.
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, params)));
    const updateSeq = (answer as { update_seq?: unknown }).update_seq;
    if (afterId === null && updateSeq === undefined) throw new GatewayError('ERR_HUB_UNAVAILABLE', 'the hub did not say which seq its index reflects (update_seq)');
    const ids = answer.rows.map((row) => row.id).filter((id) => id !== afterId).slice(0, limit);
    const found = await this.bulkGet(ids);
    const docs = ids.flatMap((id) => {
      const doc = found.get(id);
      return doc === undefined ? [] : [doc];
    });
    return { docs, updateSeq, lastId: ids.at(-1) ?? null, more: ids.length === limit };
  }

  /**
   * The current revision of each document by id (`_bulk_get`), deleted and missing ones left
   * out. Apache CouchDB reads them as one batch; `_all_docs` with keys reads them one by one.
   */
  private async bulkGet(ids: readonly string[]): Promise<Map<string, HubDoc>> {
    const found = new Map<string, HubDoc>();
    if (ids.length === 0) return found;
    const request = { db: this.name, path: '_bulk_get', method: 'POST', body: { docs: ids.map((id) => ({ id })) } };
    const answer: unknown = await viaHub(() => this.read((s) => s.request(request)));
    const results = typeof answer === 'object' && answer !== null ? (answer as { results?: unknown }).results : undefined;
    if (!Array.isArray(results)) throw new GatewayError('ERR_HUB_UNAVAILABLE', 'unreadable _bulk_get answer from the hub');
    for (const result of results as { docs?: { ok?: unknown }[] }[]) {
      for (const entry of result.docs ?? []) {
        if (isHubDoc(entry.ok) && entry.ok._deleted !== true) found.set(entry.ok._id, entry.ok);
      }
    }
    return found;
  }

  async refreshView(ddoc: string, view: string): Promise<void> {
    await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, { limit: 0 })));
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
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, params)));
    return answer.rows.flatMap((row) => (isHubDoc(row.doc) ? [row.doc] : []));
  }

  async groupedView(ddoc: string, view: string): Promise<HubViewRow[]> {
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, { group: true })));
    return answer.rows.map((row) => ({ key: row.key, value: row.value }));
  }

  async viewKeys(ddoc: string, view: string, after: HubViewKey | null, limit: number): Promise<HubViewKey[]> {
    const params = after === null ? { limit } : { startkey: after.key, startkey_docid: after.id, skip: 1, limit };
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, params)));
    return answer.rows.map((row) => ({ key: row.key, id: row.id }));
  }

  async viewRowCount(ddoc: string, view: string): Promise<number> {
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, { limit: 0 })));
    return answer.total_rows;
  }

  async viewRows(ddoc: string, view: string, query: HubRowsQuery): Promise<HubRow[]> {
    const grouped = query.group !== undefined;
    const params: Record<string, unknown> = { limit: query.limit };
    if (query.key !== undefined) params.key = query.key;
    if (query.startkey !== undefined) params.startkey = query.startkey;
    if (query.endkey !== undefined) params.endkey = query.endkey;
    if (query.inclusiveEnd === false) params.inclusive_end = false;
    if (query.descending === true) params.descending = true;
    if (query.group === true) params.group = true;
    else if (typeof query.group === 'number') params.group_level = query.group;
    else if (query.mapRowsOfReducedView === true) params.reduce = false;
    if (query.includeDocs === true && !grouped) params.include_docs = true;
    if (query.skip !== undefined && query.skip > 0) params.skip = query.skip;
    const answer = await viaHub(() => this.read((s) => this.db(s).view(ddoc, view, params)));
    return answer.rows.map((row) => {
      const raw = row as { key: unknown; id?: unknown; value: unknown; doc?: unknown };
      return {
        key: raw.key,
        value: raw.value,
        ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
        ...(isHubDoc(raw.doc) ? { doc: raw.doc } : {}),
      };
    });
  }

  async ensureExists(): Promise<void> {
    try {
      await this.read((s) => s.db.get(this.name));
      return;
    } catch (err) {
      if (hubStatusOf(err) !== 404) throw err;
    }
    try {
      await this.on('write', (s) => s.db.create(this.name));
    } catch (err) {
      // Another starter created it in between.
      if (hubStatusOf(err) !== 412) throw err;
    }
  }

  async security(): Promise<Readonly<Record<string, unknown>> | null> {
    let answer: unknown;
    try {
      answer = await this.read((s) => s.request({ db: this.name, path: '_security' }));
    } catch (err) {
      const status = hubStatusOf(err);
      // The embedded hub has no `_security` route; its basic-auth guard keeps it admin-only.
      if (status === 404 || status === 405) return null;
      throw err;
    }
    return typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>) : {};
  }

  async setSecurity(security: HubSecurity): Promise<void> {
    await this.on('write', (s) => s.request({ db: this.name, path: '_security', method: 'PUT', body: security }));
  }

  async identity(): Promise<string> {
    const path = '_local/liandong-hub';
    const read = async (): Promise<string | null> => {
      try {
        const doc: unknown = await this.read((s) => s.request({ db: this.name, path }));
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
        await this.on('write', (s) => s.request({ db: this.name, path, method: 'PUT', body: { hub: made } }));
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
      const doc: unknown = await this.read((s) => this.db(s).get(id));
      return isHubDoc(doc) ? doc : null;
    } catch (err) {
      if (hubStatusOf(err) === 404) return null;
      throw err;
    }
  }

  async putDesignDoc(doc: HubDesignDoc, rev: string | null): Promise<void> {
    await this.on('write', (s) => s.use<Record<string, unknown>>(this.name).insert(rev === null ? { ...doc } : { ...doc, _rev: rev }));
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
