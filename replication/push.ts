import type { ReplicationPushHandler, WithDeleted } from 'rxdb';
import { GatewayCallError, type GatewayClient } from './gateway-client.ts';
import { fromGatewayDoc, toGatewayDoc } from './gateway-docs.ts';
import type { RefusedDocument, RefusedDocuments } from './refused-documents.ts';

interface BulkRow {
  id?: unknown;
  doc?: unknown;
  patch?: unknown;
  ok?: unknown;
  error?: unknown;
  code?: unknown;
  reason?: unknown;
  reason_zh?: unknown;
  detail?: unknown;
}

export interface PushOptions {
  readonly client: GatewayClient;
  readonly collection: string;
  readonly primaryKey: string;
  readonly refused: RefusedDocuments;
  readonly now: () => number;
}

/**
 * Sends local changes to the gateway's `_bulk_docs`. The gateway merges rather than refusing a
 * stale write, and answers with the document as stored (in full, or as a patch of the hub's
 * fields); those go back to RxDB as the master state, so the conflict handler (the same merge)
 * folds in what others added and the hub's receipts. A refused document is recorded with its reason and the batch moves on: one bad
 * document can never hold up a station's queue, and it never vanishes.
 */
export function createPushHandler<T>(opts: PushOptions): ReplicationPushHandler<T> {
  return async (rows): Promise<WithDeleted<T>[]> => {
    const docs = rows.map((row) => toGatewayDoc(row.newDocumentState, opts.primaryKey));
    let answer: unknown;
    try {
      answer = await opts.client.postJson(`${opts.client.collectionUrl(opts.collection)}/_bulk_docs`, { docs });
    } catch (err) {
      // The whole batch refused (too large, malformed): keep every document aside rather than retry forever.
      if (err instanceof GatewayCallError && err.kind === 'refused') {
        await opts.refused.record(docs.map((sent) => refusal(opts, sent, { code: err.code ?? 'ERR_BATCH_REFUSED', reason: err.message })));
        return [];
      }
      throw err;
    }
    if (!Array.isArray(answer) || answer.length !== docs.length) throw new Error(`unexpected _bulk_docs answer for ${opts.collection}`);
    const refusedNow: RefusedDocument[] = [];
    const accepted: string[] = [];
    const stored: WithDeleted<T>[] = [];
    (answer as BulkRow[]).forEach((row, i) => {
      const sent = docs[i] ?? {};
      if (row.ok !== true) {
        refusedNow.push(refusal(opts, sent, row));
        return;
      }
      accepted.push(String(sent._id));
      const master = storedState(sent, row);
      if (master !== null) stored.push(fromGatewayDoc<T>(master));
    });
    await opts.refused.clear(opts.collection, accepted);
    await opts.refused.record(refusedNow);
    return stored;
  };
}

/** The document as the hub now holds it: sent in full, or what we sent plus the hub's fields. */
function storedState(sent: Record<string, unknown>, row: BulkRow): Record<string, unknown> | null {
  if (typeof row.doc === 'object' && row.doc !== null) return row.doc as Record<string, unknown>;
  if (typeof row.patch === 'object' && row.patch !== null) return { ...sent, ...(row.patch as Record<string, unknown>) };
  return null;
}

function refusal(opts: PushOptions, sent: Record<string, unknown>, row: BulkRow): RefusedDocument {
  const text = (v: unknown, fallback: string): string => (typeof v === 'string' && v.length > 0 ? v : fallback);
  return {
    collection: opts.collection,
    id: String(sent._id),
    code: text(row.code, text(row.error, 'ERR_REFUSED')),
    reason: text(row.reason, 'The gateway refused this document.'),
    reasonZh: text(row.reason_zh, '网关拒绝了该文档。'),
    detail: typeof row.detail === 'string' ? row.detail : null,
    refusedAt: opts.now(),
    sent,
  };
}
