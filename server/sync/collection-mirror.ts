import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubChange } from '../hub/hub-port.ts';

/** A document as the mirror holds it: the hub seq of its last change, and where that falls in the mirror's order. */
export interface MirroredDoc {
  readonly doc: HubDoc;
  readonly hubSeq: unknown;
}

/** What the mirror answers for a `_changes` read: documents changed after `since`, in change order. */
export interface MirrorPage {
  readonly rows: readonly MirroredDoc[];
  /** The hub seq the page ends at: the last row's when more follow, else the mirror's own position. */
  readonly lastHubSeq: unknown;
  readonly pending: number;
}

/** Hub seqs remembered to place a station's `since` exactly; an older one falls back to a full resend. */
const KNOWN_SEQS_KEPT = 10_000;

interface Entry {
  readonly doc: HubDoc;
  readonly hubSeq: unknown;
  readonly order: number;
}

/**
 * A small shared collection (units, catalog, calendars) held whole in the gateway's memory, kept
 * current by its changes follower, so that stations' pulls and polls of it never reach the hub.
 *
 * Answering `_changes?since=S` needs to know which documents changed after S. A station's `since`
 * is a hub seq (inside our token), possibly issued by another gateway or before a restart:
 * - the embedded hub's seqs are integers, the same for every reader: the mirror orders by them;
 * - Apache CouchDB's are opaque strings that differ between readers (a cluster's encode which
 *   copy of each shard answered). The mirror orders documents by when it saw them, and places a
 *   `since` it has seen itself exactly. One it has not seen (another gateway's, an older one) but
 *   whose leading number (the sum of the shards' positions) is not beyond its own is answered with
 *   every document: a `_changes` answer may repeat documents (CouchDB's own does after a shard
 *   moves), and these collections are small. One beyond the mirror's position, or one it cannot
 *   read, is for the hub: the mirror may be behind it.
 *
 * Deleted documents are dropped: stations are never sent deletions of these collections.
 */
export class CollectionMirror {
  /** By id, in the order of their last change (a changed document moves to the end). */
  private readonly docs = new Map<string, Entry>();
  private readonly knownSeqs = new Map<string, number>();
  private position: { hubSeq: unknown; order: number } | null = null;
  private counter = 0;
  private numericSeqs = false;
  private following = false;

  /** Loaded, and its follower in touch with the hub: what it holds is what the hub holds, give or take the feed's latency. */
  get current(): boolean {
    return this.position !== null && this.following;
  }

  /** The hub seq the mirror has caught up to, `undefined` before its first load. */
  get hubSeq(): unknown {
    return this.position?.hubSeq;
  }

  /** The whole collection from a read of the feed from the beginning; `lastSeq` is where that read ended. */
  load(changes: readonly HubChange[], lastSeq: unknown): void {
    this.docs.clear();
    this.knownSeqs.clear();
    this.counter = 0;
    this.numericSeqs = typeof lastSeq === 'number';
    this.position = { hubSeq: 0, order: 0 };
    this.apply(changes, lastSeq);
  }

  /** A page of the hub's feed (with documents), in feed order. */
  apply(changes: readonly HubChange[], lastSeq: unknown): void {
    if (this.position === null) throw new Error('a mirror applies changes only after its load');
    for (const change of changes) {
      if (change.id.startsWith('_design/')) continue;
      const order = this.orderOfNew(change.seq);
      this.docs.delete(change.id);
      if (change.doc !== null && !change.deleted) this.docs.set(change.id, { doc: change.doc, hubSeq: change.seq, order });
      this.remember(change.seq, order);
    }
    const order = this.orderOfNew(lastSeq);
    this.remember(lastSeq, order);
    this.position = { hubSeq: lastSeq, order };
    this.following = true;
  }

  /** The follower lost the hub: until it is back, stations are answered by the hub (or told it is away). */
  lost(): void {
    this.following = false;
  }

  /** Documents changed after `since`, at most `limit`; `null` when only the hub can say. */
  changesSince(since: unknown, limit: number): MirrorPage | null {
    const position = this.position;
    if (position === null) return null;
    const after = this.orderOf(since);
    if (after === null) return null;
    const rows: MirroredDoc[] = [];
    let pending = 0;
    for (const entry of this.docs.values()) {
      if (entry.order <= after) continue;
      if (rows.length < limit) rows.push({ doc: entry.doc, hubSeq: entry.hubSeq });
      else pending += 1;
    }
    const last = rows.at(-1);
    return { rows, lastHubSeq: pending > 0 && last !== undefined ? last.hubSeq : position.hubSeq, pending };
  }

  /** The live documents among `ids`. */
  documents(ids: readonly string[]): Map<string, HubDoc> {
    const found = new Map<string, HubDoc>();
    for (const id of ids) {
      const entry = this.docs.get(id);
      if (entry !== undefined) found.set(id, entry.doc);
    }
    return found;
  }

  /** Every live document. */
  all(): HubDoc[] {
    return [...this.docs.values()].map((entry) => entry.doc);
  }

  /** Where a station's `since` falls in the mirror's order: 0 is "everything", null "ask the hub". */
  private orderOf(since: unknown): number | null {
    const position = this.position;
    if (position === null) return null;
    if (since === 0 || since === '0') return 0;
    if (this.numericSeqs) return typeof since === 'number' && since <= position.order ? since : null;
    const known = this.knownSeqs.get(seqKey(since));
    if (known !== undefined) return known;
    const theirs = leadingNumber(since);
    const ours = leadingNumber(position.hubSeq);
    return theirs !== null && ours !== null && theirs <= ours ? 0 : null;
  }

  private orderOfNew(seq: unknown): number {
    if (this.numericSeqs && typeof seq === 'number') return seq;
    const known = this.knownSeqs.get(seqKey(seq));
    if (known !== undefined) return known;
    this.counter += 1;
    return this.counter;
  }

  private remember(seq: unknown, order: number): void {
    if (this.numericSeqs) return;
    const key = seqKey(seq);
    this.knownSeqs.delete(key);
    this.knownSeqs.set(key, order);
    if (this.knownSeqs.size > KNOWN_SEQS_KEPT) {
      const oldest = this.knownSeqs.keys().next().value;
      if (oldest !== undefined) this.knownSeqs.delete(oldest);
    }
  }
}

function seqKey(seq: unknown): string {
  return typeof seq === 'string' ? `s${seq}` : `n${String(seq)}`;
}

/** A CouchDB seq's leading number (`"123-g1AAAA…"` → 123), the sum of its shards' positions. */
function leadingNumber(seq: unknown): number | null {
  if (typeof seq === 'number') return Number.isSafeInteger(seq) ? seq : null;
  if (typeof seq !== 'string') return null;
  const match = /^(\d{1,15})(?:-|$)/.exec(seq);
  return match?.[1] === undefined ? null : Number(match[1]);
}
