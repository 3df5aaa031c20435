import { schemaFieldsOf } from '../../schemas/couch-doc.ts';

/**
 * A document as the hub stores it: our schema's fields (primary key included) plus CouchDB's
 * `_id` (equal to the primary key) and `_rev`.
 */
export interface HubDoc {
  readonly _id: string;
  readonly _rev?: string;
  readonly _deleted?: boolean;
  readonly [field: string]: unknown;
}

export function isHubDoc(value: unknown): value is HubDoc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { _id?: unknown })._id === 'string';
}

/**
 * A stored document as the schema type `guard` checks for, or nothing: a damaged or foreign
 * document never reaches a caller typed as something it is not.
 */
export function storedAs<T>(raw: unknown, guard: (fields: unknown) => fields is T): T[] {
  if (!isHubDoc(raw) || raw._id.startsWith('_design/')) return [];
  const fields = schemaFieldsOf(raw);
  return guard(fields) ? [fields] : [];
}
