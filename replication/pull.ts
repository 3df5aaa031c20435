import type { ReplicationPullHandler } from 'rxdb';
import type { GatewayClient } from './gateway-client.ts';
import { fromGatewayDoc } from './gateway-docs.ts';

/** Where a collection's pull stands: the gateway's opaque `last_seq`. */
export interface GatewayCheckpoint {
  readonly seq: string;
}

export interface ChangesPage {
  readonly results: readonly { doc: Record<string, unknown> }[];
  readonly last_seq: string;
  readonly pending?: number;
}

export function isChangesPage(value: unknown): value is ChangesPage {
  if (typeof value !== 'object' || value === null) return false;
  const page = value as { results?: unknown; last_seq?: unknown };
  return Array.isArray(page.results) && typeof page.last_seq === 'string' &&
    page.results.every((r: unknown) => typeof r === 'object' && r !== null && typeof (r as { doc?: unknown }).doc === 'object');
}

export interface PullHooks {
  /**
   * Resolves when another page may be pulled (pages pulled but not yet stored are bounded): true,
   * or false when sync is stopping and nothing more should be pulled.
   */
  ready(): Promise<boolean>;
  /** After every answered pull: the sync status and the live stream follow the checkpoint. */
  pulled(checkpoint: GatewayCheckpoint, page: ChangesPage): void;
}

/**
 * Pulls the next page of what the unit may see from the gateway's `_changes`.
 *
 * An answer with no documents but more to come (a filtered scan that found nothing within its
 * budget, an index page whose documents were all deleted or hidden since) is followed at once:
 * RxDB takes an empty batch for the end and keeps its old checkpoint, so handing it one would ask
 * for the same page again and again. Each answer is bounded by the gateway (its scan budget, a
 * page of the index), and the next one starts where it ended.
 */
export function createPullHandler<T>(client: GatewayClient, collection: string, hooks: PullHooks): ReplicationPullHandler<T, GatewayCheckpoint> {
  return async (last, batchSize) => {
    let seq = last?.seq ?? '0';
    for (;;) {
      if (!(await hooks.ready())) return { documents: [], checkpoint: { seq } };
      const page = await client.getJson(`${client.collectionUrl(collection)}/_changes?since=${encodeURIComponent(seq)}&limit=${batchSize}&include_docs=true&style=all_docs`);
      if (!isChangesPage(page)) throw new Error(`unexpected _changes answer for ${collection}`);
      const checkpoint = { seq: page.last_seq };
      hooks.pulled(checkpoint, page);
      if (page.results.length > 0 || page.pending === undefined || page.pending === 0) {
        return { documents: page.results.map((r) => fromGatewayDoc<T>(r.doc)), checkpoint };
      }
      seq = page.last_seq;
    }
  };
}
