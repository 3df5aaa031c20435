import type { WithDeleted } from 'rxdb';
import { schemaFieldsOf } from '../schemas/couch-doc.ts';

/** A pulled document as RxDB stores it: the hub's bookkeeping (`_id`, `_rev`) dropped. */
export function fromGatewayDoc<T>(doc: Record<string, unknown>): WithDeleted<T> {
  return { ...schemaFieldsOf(doc), _deleted: doc._deleted === true } as WithDeleted<T>;
}

/** A local document as the gateway takes it: RxDB's bookkeeping dropped, `_id` = primary key. */
export function toGatewayDoc(doc: object, primaryKey: string): Record<string, unknown> {
  const out = schemaFieldsOf(doc);
  out._id = out[primaryKey];
  if ((doc as { _deleted?: unknown })._deleted === true) out._deleted = true;
  return out;
}
