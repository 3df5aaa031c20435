/**
 * The gateway's `since`/`last_seq` values, opaque to clients as CouchDB's are. A unit's first sync
 * walks an index of the cases visible to it (`index`), remembering the hub seq it started at; after
 * that it follows the hub's changes feed from that seq (`changes`).
 */
export type SeqPosition =
  | { readonly phase: 'index'; readonly hubSeq: unknown; readonly afterId: string | null }
  | { readonly phase: 'changes'; readonly hubSeq: unknown };

export function encodeSeq(position: SeqPosition): string {
  const compact = position.phase === 'index' ? ['i', position.hubSeq, position.afterId] : ['c', position.hubSeq];
  return Buffer.from(JSON.stringify(compact)).toString('base64url');
}

/** `undefined` for a value that is not one of ours: the route answers 400, nothing is guessed. */
export function decodeSeq(token: string): SeqPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Array.isArray(value)) return undefined;
    const [phase, hubSeq, afterId] = value as unknown[];
    // Hub seqs are integers (embedded hub) or strings (Apache CouchDB); nothing else is ours.
    if (typeof hubSeq !== 'string' && !(typeof hubSeq === 'number' && Number.isSafeInteger(hubSeq) && hubSeq >= 0)) return undefined;
    if (phase === 'c' && value.length === 2) return { phase: 'changes', hubSeq };
    if (phase === 'i' && value.length === 3 && (afterId === null || typeof afterId === 'string')) return { phase: 'index', hubSeq, afterId };
    return undefined;
  } catch {
    return undefined;
  }
}
