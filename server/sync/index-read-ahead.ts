import type { HubDatabasePort, HubViewPage } from '../hub/hub-port.ts';

/** How much the gateway reads ahead of first syncs, at most, and for how long it keeps a page no one asked for. */
export interface ReadAheadLimits {
  /** Documents held (or being read) for pages not yet asked for, across every walk. */
  readonly maxDocs: number;
  /** A page not asked for within this time is dropped (a station that stopped mid-walk). */
  readonly ttlMs: number;
}

export const INDEX_READ_AHEAD: ReadAheadLimits = { maxDocs: 5_000, ttlMs: 10_000 };

interface HeldPage {
  /** null: the read failed, and the request reads the page itself. */
  readonly page: Promise<HubViewPage | null>;
  readonly docs: number;
  readonly timer: ReturnType<typeof setTimeout>;
}

/**
 * A hub database whose index walks read one page ahead. A first sync asks for page after page of
 * the per-unit index, each after the station has the one before: while the gateway sends a page
 * and the station takes it in, the hub reads the next (the rows after the page's last row, as
 * many as asked for), so the station's next request finds it read or on its way.
 *
 * Safe because a walk's pages after the first read the index as it stands (`stale=ok`): a page
 * read a moment early is one the station could have been answered anyway, and whatever changes
 * after the walk's hub seq comes again through the changes feed. The reader still filters every
 * document by what the unit may see when it answers. The first page of a walk is never read
 * ahead: it brings the index up to date and names the walk's hub seq.
 *
 * Bounded: at most `maxDocs` documents held for pages not yet asked for, each dropped after
 * `ttlMs`; a walk beyond the bound is answered as before, a page at a time.
 */
export function withIndexReadAhead(db: HubDatabasePort, limits: ReadAheadLimits = INDEX_READ_AHEAD): HubDatabasePort {
  const held = new Map<string, HeldPage>();
  let heldDocs = 0;
  const keyOf = (ddoc: string, view: string, key: string, afterId: string, limit: number): string => JSON.stringify([ddoc, view, key, afterId, limit]);

  const take = (key: string): HeldPage | undefined => {
    const entry = held.get(key);
    if (entry === undefined) return undefined;
    held.delete(key);
    heldDocs -= entry.docs;
    clearTimeout(entry.timer);
    return entry;
  };

  const readAhead = (ddoc: string, view: string, key: string, page: HubViewPage, limit: number): void => {
    if (!page.more || page.lastId === null || heldDocs + limit > limits.maxDocs) return;
    const next = keyOf(ddoc, view, key, page.lastId, limit);
    if (held.has(next)) return;
    const reading = db.viewPage(ddoc, view, key, page.lastId, limit).catch(() => null);
    const timer = setTimeout(() => take(next), limits.ttlMs);
    timer.unref();
    held.set(next, { page: reading, docs: limit, timer });
    heldDocs += limit;
  };

  const viewPage: HubDatabasePort['viewPage'] = async (ddoc, view, key, afterId, limit) => {
    const ahead = afterId === null ? undefined : take(keyOf(ddoc, view, key, afterId, limit));
    const page = (await ahead?.page) ?? (await db.viewPage(ddoc, view, key, afterId, limit));
    readAhead(ddoc, view, key, page, limit);
    return page;
  };

  return new Proxy(db, {
    get: (target, property, receiver) => (property === 'viewPage' ? viewPage : Reflect.get(target, property, receiver)),
  });
}
