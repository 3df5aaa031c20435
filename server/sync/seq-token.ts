/**
 * The gateway's `since`/`last_seq` values, opaque to clients as CouchDB's are. A unit's first sync
 * walks an index of the cases visible to it (`index`), remembering the hub seq the index was read
 * at; after that it follows the hub's changes feed from that seq (`changes`). `start` is a walk
 * not begun yet: it is never handed out as a token (it reads as `0`, "from the beginning").
 *
 * A token names the collection and the hub database it was issued for (its identity, made once
 * at setup): a token from another collection is an error, and one from another hub (a gateway
 * moved from the embedded hub to Apache CouchDB, a hub restored from a backup) means the station's
 * sync starts again from the beginning, instead of asking the hub for a position it never had.
 *
 * Tokens are dotted, URL-safe and barely longer than the hub seq they carry:
 * `c.<collection>.<hub>.<seq>` and `i.<collection>.<hub>.<seq>.<after id, base64url>`, where a seq
 * is `n<integer>` (embedded hub), `s<seq>` (Apache CouchDB's seqs are URL-safe already) or
 * `b<base64url>` (any other string). A clustered CouchDB's seq grows with its shards (measured on
 * 3.4.3: 1,264 characters at q=64, 4,411 at q=256 on one node); the first tokens were base64 of
 * JSON, a third longer. Those (`W1…`) are still read, so no station has to start over for it.
 */
export type SeqPosition =
  | { readonly phase: 'start' }
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

/** The longest `since` the gateway takes: the hub's request line (about 8 KB on CouchDB) bounds the seq inside. */
export const MAX_SEQ_TOKEN_LENGTH = 10_000;

const SAFE = /^[A-Za-z0-9_-]+$/;
const NAME = /^[A-Za-z0-9_]{1,64}$/;

export function encodeSeq(position: SeqPosition, scope: SeqScope): string {
  if (position.phase === 'start') return '0';
  const head = `${position.phase === 'index' ? 'i' : 'c'}.${scope.collection}.${scope.hub}.${encodeHubSeq(position.hubSeq)}`;
  if (position.phase === 'changes') return head;
  return `${head}.${position.afterId === null ? '' : Buffer.from(position.afterId, 'utf8').toString('base64url')}`;
}

/** `undefined` for a value that is not one of ours: the route answers 400, nothing is guessed. */
export function decodeSeq(token: string, scope: SeqScope): DecodedSeq | undefined {
  if (!token.includes('.')) return decodeFirstTokens(token, scope);
  const [phase, collection, hub, seq, after, ...rest] = token.split('.');
  if (rest.length > 0 || collection === undefined || hub === undefined || seq === undefined) return undefined;
  if (!NAME.test(collection) || !NAME.test(hub)) return undefined;
  const hubSeq = decodeHubSeq(seq);
  if (hubSeq === undefined) return undefined;
  let position: SeqPosition;
  if (phase === 'c' && after === undefined) position = { phase: 'changes', hubSeq };
  else if (phase === 'i' && after !== undefined && (after === '' || SAFE.test(after))) position = { phase: 'index', hubSeq, afterId: after === '' ? null : Buffer.from(after, 'base64url').toString('utf8') };
  else return undefined;
  return scoped(position, collection, hub, scope);
}

function scoped(position: SeqPosition, collection: string, hub: string, scope: SeqScope): DecodedSeq {
  if (collection !== scope.collection) return { kind: 'other-collection', collection };
  if (hub !== scope.hub) return { kind: 'other-hub' };
  return { kind: 'position', position };
}

function encodeHubSeq(seq: unknown): string {
  if (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) return `n${seq}`;
  if (typeof seq === 'string') return SAFE.test(seq) ? `s${seq}` : `b${Buffer.from(seq, 'utf8').toString('base64url')}`;
  // The hub port hands out integers or strings only; anything else is a bug here, not input.
  throw new TypeError(`a hub seq is an integer or a string, got ${typeof seq}`);
}

function decodeHubSeq(text: string): unknown {
  const kind = text[0];
  const body = text.slice(1);
  if (kind === 'n') return /^(0|[1-9][0-9]{0,15})$/.test(body) && Number.isSafeInteger(Number(body)) ? Number(body) : undefined;
  if (kind === 's') return SAFE.test(body) ? body : undefined;
  if (kind === 'b') return SAFE.test(body) ? Buffer.from(body, 'base64url').toString('utf8') : undefined;
  return undefined;
}

/**
 * The first tokens: base64url of `[phase, hubSeq, afterId, collection, hub]`, or of
 * `[phase, hubSeq]` / `[phase, hubSeq, afterId]` before they named their scope.
 */
function decodeFirstTokens(token: string, scope: SeqScope): DecodedSeq | undefined {
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
  const position = firstTokenPosition(phase, hubSeq, afterId, value.length);
  if (position === undefined) return undefined;
  // Tokens issued before they named their scope: [phase, hubSeq] or [phase, hubSeq, afterId].
  if (value.length < 5) return { kind: 'other-hub' };
  if (typeof collection !== 'string' || typeof hub !== 'string') return undefined;
  return scoped(position, collection, hub, scope);
}

function firstTokenPosition(phase: unknown, hubSeq: unknown, afterId: unknown, length: number): SeqPosition | undefined {
  if (phase === 'c' && (length === 2 || (length === 5 && afterId === null))) return { phase: 'changes', hubSeq };
  if (phase === 'i' && (length === 3 || length === 5) && (afterId === null || typeof afterId === 'string')) return { phase: 'index', hubSeq, afterId };
  return undefined;
}
