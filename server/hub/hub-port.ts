import type { HubCollectionName } from '../../schemas/collections.ts';
import type { HubDoc } from './hub-doc.ts';

/**
 * The hub (Apache CouchDB, or the embedded stand-in) as the gateway, the city's figures and hub
 * setup use it: one database per collection, with the few calls they make. One implementation
 * speaks HTTP through nano (nano-hub.ts); nothing else knows how.
 */
export interface HubPort {
  database(collection: HubCollectionName): HubDatabasePort;
}

/** One hub database. Its name is the deployment's prefix and the collection's `hubDatabase`. */
export interface HubDatabasePort extends HubDocuments, HubViews, HubDatabaseSetup {
  readonly name: string;
  /**
   * This database's identity: made once, kept in a local (never replicated, never backed up)
   * document. Another hub, or this one restored from a backup, has another identity, so the
   * gateway can tell a sequence from here from one issued elsewhere.
   */
  identity(): Promise<string>;
}

/**
 * Documents and their changes feed, for sync. Any failure to reach the hub, or an answer it
 * could not have meant, fails as `GatewayError('ERR_HUB_UNAVAILABLE')` (503: clients wait and retry).
 */
export interface HubDocuments {
  /** Opaque: an integer on the embedded hub, a string on Apache CouchDB. */
  updateSeq(): Promise<unknown>;
  changes(since: unknown, limit: number, signal?: AbortSignal): Promise<HubChangesPage>;
  /**
   * Waits on the hub for changes after `since`. The embedded hub ignores `timeout` on long-polls,
   * so the caller's signal is what bounds the wait.
   */
  waitForChanges(since: unknown, limit: number, signal: AbortSignal, includeDocs: boolean): Promise<HubChangesPage>;
  /** The live documents among `ids`; missing and deleted ones are absent. */
  fetchByIds(ids: readonly string[]): Promise<Map<string, HubDoc>>;
  /** `null` when there is no such document. */
  get(id: string): Promise<HubDoc | null>;
  /** One result per document, in order; a refused document is a result, not a failure. */
  bulkWrite(docs: readonly HubDoc[]): Promise<HubWriteResult[]>;
  /** Every document, design documents included. */
  allDocs(): Promise<HubDoc[]>;
  /** How many live documents the database holds (design documents included). */
  docCount(): Promise<number>;
}

/** View queries; failures as for `HubDocuments`. */
export interface HubViews {
  /**
   * Rows of a `[key, docId]`-keyed view for one key, after `afterId`, with their documents. The
   * first page (`afterId` null) brings the index up to date; its `updateSeq` is the hub seq the
   * index reflects, read in the same request, so a changes feed from it misses nothing the page
   * did not show.
   */
  viewPage(ddoc: string, view: string, key: string, afterId: string | null, limit: number): Promise<HubViewPage>;
  /** Queries a view with limit 0, which makes the hub bring its index up to date. */
  refreshView(ddoc: string, view: string): Promise<void>;
  /** The documents of a view's rows: all of them, those under one key, or those of a key range. */
  viewDocs(ddoc: string, view: string, query?: HubViewQuery): Promise<HubDoc[]>;
  /** A reduced view, grouped by its full key. */
  groupedView(ddoc: string, view: string): Promise<HubViewRow[]>;
  /** A map view's rows (key and document id, no documents) after `after`, in key then id order. */
  viewKeys(ddoc: string, view: string, after: HubViewKey | null, limit: number): Promise<HubViewKey[]>;
  /** How many rows a map view has. */
  viewRowCount(ddoc: string, view: string): Promise<number>;
  /**
   * One page of a view's rows in a key range, in key (then document id) order: map rows with their
   * values (and documents, if asked), or reduced rows grouped by their key. For counts and figures
   * read without loading documents.
   */
  viewRows(ddoc: string, view: string, query: HubRowsQuery): Promise<HubRow[]>;
}

/** Which rows `viewRows` reads. Keys as CouchDB collates them; `descending` reads from `startkey` down. */
export interface HubRowsQuery {
  readonly key?: unknown;
  readonly startkey?: unknown;
  readonly endkey?: unknown;
  /** Whether the row at `endkey` is included (default true, as in CouchDB). */
  readonly inclusiveEnd?: boolean;
  readonly descending?: boolean;
  /** Reduced rows grouped by the whole key (`true`) or its first n elements; absent: map rows (`reduce=false` on a view with a reduce). */
  readonly group?: true | number;
  /** A view with a reduce function read as map rows. */
  readonly mapRowsOfReducedView?: boolean;
  /**
   * Rows to pass over before the first one answered: to resume after the last rows read, from
   * their key. (No `startkey_docid`: the embedded hub ignores it.)
   */
  readonly skip?: number;
  readonly limit: number;
  readonly includeDocs?: boolean;
}

/** A row of `viewRows`: grouped rows have no document id. */
export interface HubRow {
  readonly key: unknown;
  readonly id?: string;
  readonly value: unknown;
  readonly doc?: HubDoc;
}

/**
 * Idempotent setup, run before the gateway starts. These fail with the hub's own error, which is
 * what an operator starting the network needs to read.
 */
export interface HubDatabaseSetup {
  /** Creates the database unless it exists (or another starter creates it meanwhile). */
  ensureExists(): Promise<void>;
  /** The security object, or `null` when this hub keeps none (the embedded hub). */
  security(): Promise<Readonly<Record<string, unknown>> | null>;
  setSecurity(security: HubSecurity): Promise<void>;
  /** The stored design document, or `null` when there is none. */
  designDoc(id: string): Promise<HubDoc | null>;
  /** Writes a design document, replacing revision `rev` (`null`: a new one). */
  putDesignDoc(doc: HubDesignDoc, rev: string | null): Promise<void>;
}

/** Which rows of a view: one key, or a key range (`descending` reads it from `startkey` down). */
export interface HubViewQuery {
  readonly key?: string;
  readonly startkey?: unknown;
  readonly endkey?: unknown;
  readonly descending?: boolean;
  readonly limit?: number;
}

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

export interface HubViewPage {
  /** The current documents of the page's rows; one deleted since the index was read is left out. */
  readonly docs: readonly HubDoc[];
  /** Opaque, as `updateSeq()`. */
  readonly updateSeq: unknown;
  /** The id of the page's last row, where the next page starts (null: no rows). */
  readonly lastId: string | null;
  /** The page was full: more rows may follow. */
  readonly more: boolean;
}

export interface HubViewKey {
  readonly key: unknown;
  readonly id: string;
}

export interface HubViewRow {
  readonly key: unknown;
  readonly value: unknown;
}

export interface HubViewSource {
  readonly map: string;
  readonly reduce?: string;
}

/** A CouchDB design document of JavaScript views. */
export interface HubDesignDoc {
  readonly _id: string;
  readonly language: 'javascript';
  readonly views: Readonly<Record<string, HubViewSource>>;
}

/** Who may open a database, besides server admins. */
export interface HubSecurity {
  readonly admins: { readonly names: readonly string[]; readonly roles: readonly string[] };
  readonly members: { readonly names: readonly string[]; readonly roles: readonly string[] };
}
