import { GatewayError } from '../errors.ts';
import type { HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort, HubWriteResult } from '../hub/hub-port.ts';

type HubWrites = Pick<HubDatabasePort, 'bulkWrite'>;

/** When a group of ready writes goes to the hub. */
export interface GroupCommitLimits {
  /** The longest a ready write waits for others to join its group. */
  readonly maxWaitMs: number;
  /** A group holding this many documents is sent at once. One caller's larger batch goes alone. */
  readonly maxDocs: number;
}

/** A few milliseconds: a station's push already takes a hub read and a write, tens of them. */
export const DEFAULT_GROUP_COMMIT: GroupCommitLimits = { maxWaitMs: 5, maxDocs: 500 };

/** One caller's documents in a group, and how to answer it. */
interface GroupMember {
  readonly docs: readonly HubDoc[];
  resolve(results: HubWriteResult[]): void;
  reject(err: unknown): void;
}

/** Writes waiting to be sent as one `_bulk_docs`; never two writes of one document id. */
class CommitGroup {
  readonly members: GroupMember[] = [];
  private readonly ids = new Set<string>();
  size = 0;
  timer: NodeJS.Timeout | null = null;

  constructor(private readonly maxDocs: number) {}

  /**
   * A caller's batch joins whole, or not at all: its own rows stay as today, and a document some
   * other caller writes in this group waits for the next, whose write then meets the hub's new
   * revision as a conflict and is merged again by the writer, exactly as after a concurrent write.
   */
  canTake(docs: readonly HubDoc[]): boolean {
    return this.size + docs.length <= this.maxDocs && !docs.some((doc) => this.ids.has(doc._id));
  }

  add(member: GroupMember): void {
    this.members.push(member);
    for (const doc of member.docs) this.ids.add(doc._id);
    this.size += member.docs.length;
  }
}

/**
 * A hub database whose `bulkWrite`s are group-committed: writes made within `maxWaitMs` of each
 * other (or until `maxDocs`) go to the hub as one `_bulk_docs`, and each caller gets its own
 * results, in its own order. Many stations pushing at once cost the hub a few requests instead
 * of one each. Every other call goes straight to `db`.
 */
export function withGroupCommit<D extends HubWrites>(db: D, limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT): D {
  let open: CommitGroup | null = null;
  const send = (group: CommitGroup): void => {
    if (open === group) open = null;
    if (group.timer !== null) clearTimeout(group.timer);
    void commitGroup(db, group.members);
  };
  const bulkWrite: HubDatabasePort['bulkWrite'] = (docs) => {
    if (docs.length === 0) return Promise.resolve([]);
    return new Promise<HubWriteResult[]>((resolve, reject) => {
      if (open !== null && !open.canTake(docs)) send(open);
      let group = open;
      if (group === null) {
        const fresh = new CommitGroup(limits.maxDocs);
        fresh.timer = setTimeout(() => send(fresh), limits.maxWaitMs);
        open = fresh;
        group = fresh;
      }
      group.add({ docs, resolve, reject });
      if (group.size >= limits.maxDocs) send(group);
    });
  };
  return new Proxy(db, {
    get: (target, property, receiver) => (property === 'bulkWrite' ? bulkWrite : Reflect.get(target, property, receiver)),
  });
}

/**
 * Sends a group and answers its members. The hub unreachable: every member fails with that same
 * error, and none is told anything was stored. The hub refusing the request as a whole (too
 * large, malformed): that is one member's request at fault, not the others', so each is sent
 * again on its own and gets the answer it would have had alone.
 */
async function commitGroup(db: HubWrites, members: readonly GroupMember[]): Promise<void> {
  const docs = members.flatMap((member) => member.docs);
  let results: HubWriteResult[];
  try {
    results = matchedResults(docs, await db.bulkWrite(docs));
  } catch (err) {
    if (members.length > 1 && isRequestRefusal(err)) {
      for (const member of members) db.bulkWrite(member.docs).then((alone) => matchedResults(member.docs, alone)).then(member.resolve, member.reject);
    } else {
      for (const member of members) member.reject(err);
    }
    return;
  }
  let offset = 0;
  for (const member of members) {
    member.resolve(results.slice(offset, offset + member.docs.length));
    offset += member.docs.length;
  }
}

/**
 * The hub's results, checked to answer the documents sent one for one: a result handed to the
 * wrong caller would tell a station another's document was stored.
 */
function matchedResults(docs: readonly HubDoc[], results: HubWriteResult[]): HubWriteResult[] {
  const mismatch = results.length !== docs.length || results.some((result, i) => result.id !== docs[i]?._id);
  if (mismatch) throw new GatewayError('ERR_HUB_UNAVAILABLE', `the hub answered ${results.length} rows that do not match the ${docs.length} documents sent`);
  return results;
}

function isRequestRefusal(err: unknown): boolean {
  return err instanceof GatewayError && err.code !== 'ERR_HUB_UNAVAILABLE';
}
