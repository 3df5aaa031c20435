import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import { encodeSeq, type SeqPosition, type SeqScope } from './seq-token.ts';
import { mayRead, type SyncCollectionRules } from './sync-collections.ts';

export const CASES_INDEX = { ddoc: 'liandong', view: 'by_visible_unit' } as const;

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
  /** What the tokens this reader issues belong to. */
  readonly scope: SeqScope;
}

/**
 * A filtered scan reads the hub's feed in growing batches: as many as asked for first (a unit that
 * sees most of what changed wastes nothing), doubling while little is visible. It stops here even
 * with nothing found, so one request never runs away.
 */
const SCAN_BUDGET = { maxHubBatch: 500, maxScanned: 20_000, maxMs: 5_000 };

/** Where a unit's sync starts when it asks `since=0`. */
export async function startPosition(ctx: ReaderContext): Promise<SeqPosition> {
  if (ctx.rules.firstSyncByIndex) return { phase: 'index', hubSeq: await ctx.db.updateSeq(), afterId: null };
  return { phase: 'changes', hubSeq: 0 };
}

export async function nowPosition(ctx: ReaderContext): Promise<SeqPosition> {
  return { phase: 'changes', hubSeq: await ctx.db.updateSeq() };
}

/** The next page of documents visible to the unit after `position`. */
export async function readChanges(ctx: ReaderContext, position: SeqPosition, limit: number): Promise<ChangesAnswer> {
  return position.phase === 'index' ? readIndexPage(ctx, position, limit) : readChangesPage(ctx, position.hubSeq, limit);
}

/**
 * First sync: the unit's own slice from the per-unit index, without touching anyone else's cases.
 * Changes made meanwhile are picked up by the changes feed from the seq the walk started at
 * (possibly twice, which replication tolerates).
 */
async function readIndexPage(ctx: ReaderContext, position: Extract<SeqPosition, { phase: 'index' }>, limit: number): Promise<ChangesAnswer> {
  const docs = await ctx.db.viewPage(CASES_INDEX.ddoc, CASES_INDEX.view, ctx.unitId, position.afterId, limit);
  const results = docs.map((doc) => row(doc, encodeSeq({ phase: 'index', hubSeq: position.hubSeq, afterId: doc._id }, ctx.scope)));
  const done = docs.length < limit;
  const lastSeq = done ? encodeSeq({ phase: 'changes', hubSeq: position.hubSeq }, ctx.scope) : (results.at(-1)?.seq ?? encodeSeq(position, ctx.scope));
  return { results, last_seq: lastSeq, pending: done ? 0 : 1 };
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
      if (!mayRead(ctx.rules.audience(doc, ctx.tree), ctx.unitId)) continue;
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

function row(doc: HubDoc, seq: string): ChangeRow {
  return { id: doc._id, seq, changes: [{ rev: doc._rev ?? '' }], doc };
}
