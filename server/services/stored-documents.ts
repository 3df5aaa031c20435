import { asCouchDoc, schemaFieldsOf } from '../../schemas/couch-doc.ts';
import type { DocumentOf, HubCollectionName } from '../../schemas/collections.ts';
import { canonicalJson } from '../../schemas/rules/merge.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';

/** A stored document of one of our schemas, and the revision to replace it by. */
export interface Stored<T> {
  readonly doc: T;
  readonly rev: string;
}

/** The stored document `id` if it fits its schema; null when there is none (or it is damaged). */
export async function readStored<T>(db: HubDatabasePort, id: string, guard: (fields: unknown) => fields is T): Promise<Stored<T> | null> {
  const raw = await db.get(id);
  const doc = storedAs(raw, guard)[0];
  return doc === undefined || raw?._rev === undefined ? null : { doc, rev: raw._rev };
}

/** Every stored document of the database that fits its schema (design documents never do). */
export async function readAllStored<T>(db: HubDatabasePort, guard: (fields: unknown) => fields is T): Promise<T[]> {
  return (await db.allDocs()).flatMap((raw) => storedAs(raw, guard));
}

/** Whether two documents hold the same schema fields, whatever their key order and bookkeeping fields. */
export function sameDocument(a: object, b: object): boolean {
  return canonicalJson(schemaFieldsOf(a)) === canonicalJson(schemaFieldsOf(b));
}

/**
 * Writes a document of `collection`, replacing revision `rev` (null: a new document). Someone
 * else's write in between is `ERR_EDIT_STALE`; any other refusal of the hub is its unavailability.
 */
export async function writeStored<N extends HubCollectionName>(db: HubDatabasePort, collection: N, doc: DocumentOf<N>, rev: string | null): Promise<void> {
  const couchDoc = asCouchDoc(collection, doc);
  const [result] = await db.bulkWrite([rev === null ? couchDoc : { ...couchDoc, _rev: rev }]);
  if (result === undefined) throw new GatewayError('ERR_HUB_UNAVAILABLE', `no answer writing ${couchDoc._id}`);
  if (result.error === 'conflict') throw new GatewayError('ERR_EDIT_STALE', `${couchDoc._id} changed meanwhile`);
  if (result.error !== undefined) throw new GatewayError('ERR_HUB_UNAVAILABLE', `${couchDoc._id}: ${result.error}`);
}
