import { primaryKeyOf, type DocumentOf, type HubCollectionName } from './collections.ts';

/**
 * A document's schema fields: CouchDB's and RxDB's bookkeeping (`_id`, `_rev`, `_deleted`,
 * `_meta`...) all start with `_`, and no field of our schemas does.
 */
export function schemaFieldsOf(doc: object): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!key.startsWith('_')) fields[key] = value;
  return fields;
}

/** A document as CouchDB stores it: `_id` is the collection's primary key. */
export function asCouchDoc<N extends HubCollectionName>(collection: N, doc: DocumentOf<N>): DocumentOf<N> & { _id: string } {
  const id: unknown = (doc as Record<string, unknown>)[primaryKeyOf(collection)];
  return { ...doc, _id: String(id) };
}
