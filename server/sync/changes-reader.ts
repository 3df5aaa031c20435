import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { CollectionMirror } from './collection-mirror.ts';
import { encodeSeq, type SeqPosition, type SeqScope } from './seq-token.ts';
import { mayRead, type SyncCollectionRules } from './sync-collections.ts';

export const CASES_INDEX = { ddoc: 'liandong', view: 'by_visible_unit' } as const;
/** The cases each unit works on: the first sync of a device that copies only those (the city's). */
export const WORKED_CASES_INDEX = { ddoc: 'liandong', view: 'by_worked_unit' } as const;

/** One row of our `_changes` answer, in CouchDB's shape (`style=all_docs`, `include_docs`). */
export interface ChangeRow {
  readonly id: string;
  readonly seq: string;
  readonly changes: readonly { rev: string }[];
  readonly doc: HubDoc;
}

export interface ChangesAnswer {
  readonly results: ChangeRow[];
  readonly last_seq: string;
  readonly pending: number;
}

export interface ReaderContext {
  readonly db: HubDatabasePort;
  readonly rules: SyncCollectionRules;
  readonly tree: UnitTree;
  readonly unitId: string;
  /**
   * Whether the reader's device copies everything its unit may see, or only what its unit works on
   * (`copiesAllItSees`: the city reads the rest from the server).
   */
  readonly copiesAll: boolean;
  /** What the tokens this reader issues belong to. */
  readonly scope: SeqScope;
  /** The collection held in the gateway's memory, for the small shared ones: answers from it while it is current. */
  readonly mirror?: CollectionMirror;
}

/**
 * A filtered scan reads the hub's feed in growing batches: as many as asked for first (a unit that
 * sees most of what changed wastes nothing), doubling while little is visible. It stops here even
 * with nothing found, so one request never runs away.
 */
const SCAN_BUDGET = { maxHubBatch: 500, maxScanned: 20_000, maxMs: 5_000 };

/**
 * Where a unit's sync starts when it asks `since=0`: an index walk whose hub seq the first page
 * reads (`start`), or the changes feed from the beginning.
 */
export function startPosition(ctx: ReaderContext): SeqPosition {
  return ctx.rules.firstSyncByIndex ? { phase: 'start' } : { phase: 'changes', hubSeq: 0 };
}

export async function nowPosition(ctx: ReaderContext): Promise<SeqPosition> {
  if (ctx.mirror?.current === true) return { phase: 'changes', hubSeq: ctx.mirror.hubSeq };
  return { phase: 'changes', hubSeq: await ctx.db.updateSeq() };
}

/** The next page of documents visible to the unit after `position`. */
export async function readChanges(ctx: ReaderContext, position: SeqPosition, limit: number): Promise<ChangesAnswer> {
  if (position.phase === 'changes') return readMirrorPage(ctx, position.hubSeq, limit) ?? readChangesPage(ctx, position.hubSeq, limit);
  return readIndexPage(ctx, position.phase === 'start' ? null : position, limit);
}

/** Documents by id, the unit's rights aside: from memory for a collection held there. */
export function documentsByIds(ctx: ReaderContext, ids: readonly string[]): Promise<Map<string, HubDoc>> {
  if (ctx.mirror?.current === true) return Promise.resolve(ctx.mirror.documents(ids));
  return ctx.db.fetchByIds(ids);
}

/** The page from the gateway's memory, or `null` when the hub must answer (no mirror, not current, a `since` beyond it). */
function readMirrorPage(ctx: ReaderContext, since: unknown, limit: number): ChangesAnswer | null {
  if (ctx.mirror?.current !== true) return null;
  const page = ctx.mirror.changesSince(since, limit);
  if (page === null) return null;
  const results = page.rows
    .filter((entry) => sendsTo(ctx, entry.doc))
    .map((entry) => row(entry.doc, encodeSeq({ phase: 'changes', hubSeq: entry.hubSeq }, ctx.scope)));
  return { results, last_seq: encodeSeq({ phase: 'changes', hubSeq: page.lastHubSeq }, ctx.scope), pending: page.pending };
}

/**
 * First sync: the unit's own slice from the per-unit index, without touching anyone else's cases.
 * The first page brings the index up to date and says which hub seq it reflects; the walk then
 * hands over to the changes feed from that seq, so changes made meanwhile come through the feed
 * (possibly twice, which replication tolerates). Taking the seq from the view's own answer, not
 * from a separate read of the database, matters on a cluster: two requests may be answered by
 * different copies of a shard, and a copy that lagged behind the seq would hide a case for good.
 */
async function readIndexPage(ctx: ReaderContext, position: Extract<SeqPosition, { phase: 'index' }> | null, limit: number): Promise<ChangesAnswer> {
  const index = ctx.copiesAll ? CASES_INDEX : WORKED_CASES_INDEX;
  const page = await ctx.db.viewPage(index.ddoc, index.view, ctx.unitId, position?.afterId ?? null, limit);
  const hubSeq = position === null ? page.updateSeq : position.hubSeq;
  // The documents are read after the index: one changed since may no longer be the unit's to see.
  const results = page.docs
    .filter((doc) => sendsTo(ctx, doc))
    .map((doc) => row(doc, encodeSeq({ phase: 'index', hubSeq, afterId: doc._id }, ctx.scope)));
  const lastSeq = page.more
    ? encodeSeq({ phase: 'index', hubSeq, afterId: page.lastId ?? position?.afterId ?? null }, ctx.scope)
    : encodeSeq({ phase: 'changes', hubSeq }, ctx.scope);
  return { results, last_seq: lastSeq, pending: page.more ? 1 : 0 };
}

async function readChangesPage(ctx: ReaderContext, since: unknown, limit: number): Promise<ChangesAnswer> {
  const results: ChangeRow[] = [];
  const started = Date.now();
  let scanned = 0;
  let hubSeq = since;
  let batch = Math.min(limit, SCAN_BUDGET.maxHubBatch);
  for (;;) {
    const page = await ctx.db.changes(hubSeq, batch);
    for (const change of page.results) {
      scanned += 1;
      hubSeq = change.seq;
      const doc = change.doc;
      if (doc === null || change.deleted || change.id.startsWith('_design/')) continue;
      if (!sendsTo(ctx, doc)) continue;
      results.push(row(doc, encodeSeq({ phase: 'changes', hubSeq: change.seq }, ctx.scope)));
      if (results.length >= limit) return { results, last_seq: encodeSeq({ phase: 'changes', hubSeq }, ctx.scope), pending: 1 };
    }
    const atEnd = page.results.length < batch;
    batch = Math.min(batch * 2, SCAN_BUDGET.maxHubBatch);
    if (atEnd) hubSeq = page.lastSeq;
    if (atEnd || scanned >= SCAN_BUDGET.maxScanned || Date.now() - started > SCAN_BUDGET.maxMs) {
      return { results, last_seq: encodeSeq({ phase: 'changes', hubSeq }, ctx.scope), pending: atEnd ? 0 : 1 };
    }
  }
}

/** Whether the reader's device gets a document: its unit may see it and, unless it copies all it sees, works on it. */
function sendsTo(ctx: ReaderContext, doc: HubDoc): boolean {
  return mayRead(ctx.rules.audience(doc, ctx.tree), ctx.unitId) && (ctx.copiesAll || mayRead(ctx.rules.workAudience(doc, ctx.tree), ctx.unitId));
}

function row(doc: HubDoc, seq: string): ChangeRow {
  return { id: doc._id, seq, changes: [{ rev: doc._rev ?? '' }], doc };
}
