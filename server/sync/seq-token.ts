/**
 * The gateway's `since`/`last_seq` values, opaque to clients as CouchDB's are. A unit's first sync
 * walks an index of the cases visible to it (`index`), remembering the hub seq it started at; after
 * that it follows the hub's changes feed from that seq (`changes`).
 *
 * A token names the collection and the hub database it was issued for (its identity, made once
 * at setup): a token from another collection is an error, and one from another hub (a gateway
 * moved from the embedded hub to Apache CouchDB, a hub restored from a backup) means the station's
 * sync starts again from the beginning, instead of asking the hub for a position it never had.
 */
export type SeqPosition =
  | { readonly phase: 'index'; readonly hubSeq: unknown; readonly afterId: string | null }
  | { readonly phase: 'changes'; readonly hubSeq: unknown };

/** Where a token belongs: the collection and the hub database's identity. */
export interface SeqScope {
  readonly collection: string;
  readonly hub: string;
}

export type DecodedSeq =
  | { readonly kind: 'position'; readonly position: SeqPosition }
  | { readonly kind: 'other-collection'; readonly collection: string }
  /** Issued by another hub, or before tokens named their hub. */
  | { readonly kind: 'other-hub' };

export function encodeSeq(position: SeqPosition, scope: SeqScope): string {
  const compact = position.phase === 'index'
    ? ['i', position.hubSeq, position.afterId, scope.collection, scope.hub]
    : ['c', position.hubSeq, null, scope.collection, scope.hub];
  return Buffer.from(JSON.stringify(compact)).toString('base64url');
}

/** `undefined` for a value that is not one of ours: the route answers 400, nothing is guessed. */
export function decodeSeq(token: string, scope: SeqScope): DecodedSeq | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const [phase, hubSeq, afterId, collection, hub] = value as unknown[];
  // Hub seqs are integers (embedded hub) or strings (Apache CouchDB); nothing else is ours.
  if (typeof hubSeq !== 'string' && !(typeof hubSeq === 'number' && Number.isSafeInteger(hubSeq) && hubSeq >= 0)) return undefined;
  const position = positionOf(phase, hubSeq, afterId, value.length);
  if (position === undefined) return undefined;
  // Tokens issued before they named their scope: [phase, hubSeq] or [phase, hubSeq, afterId].
  if (value.length < 5) return { kind: 'other-hub' };
  if (typeof collection !== 'string' || typeof hub !== 'string') return undefined;
  if (collection !== scope.collection) return { kind: 'other-collection', collection };
  if (hub !== scope.hub) return { kind: 'other-hub' };
  return { kind: 'position', position };
}

function positionOf(phase: unknown, hubSeq: unknown, afterId: unknown, length: number): SeqPosition | undefined {
  if (phase === 'c' && (length === 2 || (length === 5 && afterId === null))) return { phase: 'changes', hubSeq };
  if (phase === 'i' && (length === 3 || length === 5) && (afterId === null || typeof afterId === 'string')) return { phase: 'index', hubSeq, afterId };
  return undefined;
}
