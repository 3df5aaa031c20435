import { caseSchema } from '../schemas/json/case.schema.ts';
import { materializeCase } from '../schemas/rules/case-doc.ts';
import type { CaseEvent, EventReceipt } from '../schemas/types.ts';

/** What a case is: its history, the hub's receipts, who may see it. The fold derives everything else. */
const CASE_FACTS: ReadonlySet<string> = new Set(['id', 'events', 'receipts', 'visibleTo']);

/** The fields the fold derives, as this version of the schema names them. */
export const DERIVED_CASE_FIELDS: readonly string[] = Object.keys(caseSchema.properties).filter((field) => !CASE_FACTS.has(field));

interface CaseFacts {
  readonly id: string;
  readonly events: readonly CaseEvent[];
  readonly receipts: readonly EventReceipt[];
  readonly visibleTo: readonly string[];
}

function hasCaseFacts(doc: Record<string, unknown>): doc is Record<string, unknown> & CaseFacts {
  return typeof doc.id === 'string' && Array.isArray(doc.events) && Array.isArray(doc.receipts) && Array.isArray(doc.visibleTo);
}

/**
 * A case with every field this version derives. A document stored by an older version (on the
 * device, before a schema upgrade) or written to the hub before a field existed lacks some: it is
 * folded again, as `materializeCase` would store it now. A complete one is returned as it is, so
 * a pulled page costs a field check per case, not a fold. Anything else (a deleted stub, a damaged
 * document) is left alone for the replication to deal with as before.
 */
export function withDerivedCaseFields<T>(doc: T): T {
  if (typeof doc !== 'object' || doc === null) return doc;
  const fields = doc as Record<string, unknown>;
  if (DERIVED_CASE_FIELDS.every((field) => field in fields) || !hasCaseFacts(fields)) return doc;
  let derived: ReturnType<typeof materializeCase>;
  try {
    derived = materializeCase(fields.id, fields.events, fields.receipts, fields.visibleTo);
  } catch {
    return doc;
  }
  return derived === null ? doc : ({ ...fields, ...derived } as T);
}
