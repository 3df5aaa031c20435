import type { MigrationStrategies, RxCollectionCreator, RxConflictHandler, RxJsonSchema, WithDeleted } from 'rxdb';
import { COLLECTIONS, collectionRecord, STATION_COLLECTION_NAMES, type DocumentOf, type StationCollectionName } from '../schemas/collections.ts';
import { materializeCase } from '../schemas/rules/case-doc.ts';
import { mergeCases, sameCase } from '../schemas/rules/merge.ts';
import type { CaseDoc } from '../schemas/types.ts';

/**
 * Two replicas of a case resolve by the pure merge: union of events, fresh fold. RxDB calls this
 * when the gateway reports a conflict and when a pulled state meets unpushed local work.
 */
export const caseConflictHandler: RxConflictHandler<CaseDoc> = {
  isEqual: (a, b) => a._deleted === b._deleted && sameCase(a, b),
  resolve: async ({ newDocumentState, realMasterState }) => {
    const merged: WithDeleted<CaseDoc> = { ...mergeCases(newDocumentState, realMasterState), _deleted: false };
    return merged;
  },
};

/** Collections whose replicas merge rather than take the master state (RxDB's default). */
const CONFLICT_HANDLERS: { readonly [N in StationCollectionName]?: RxConflictHandler<DocumentOf<N>> } = { cases: caseConflictHandler };

/**
 * How a document stored under an older schema version becomes one of the current version, one
 * function per version step (RxDB runs them when a database is opened).
 */
const MIGRATIONS: { readonly [N in StationCollectionName]?: MigrationStrategies } = {
  cases: {
    // Version 1 only let ids grow to 100 characters: every stored case is already one of version 1.
    1: (doc: unknown) => doc,
    // Version 2 derives more fields: the case is materialized again from its events and receipts.
    2: (doc: CaseDoc) => materializeCase(doc.id, doc.events, doc.receipts, doc.visibleTo) ?? doc,
    // Version 3 derives `figures` (what the indicators count): materialized again too.
    3: (doc: CaseDoc) => materializeCase(doc.id, doc.events, doc.receipts, doc.visibleTo) ?? doc,
  },
  // Version 1 only added the device id pattern, which every id a device makes already matches.
  heartbeats: { 1: (doc: unknown) => doc },
  // Version 1 only added keywords (optional): every stored item is already one of version 1.
  catalog: { 1: (doc: unknown) => doc },
  // Version 1 only added `closed` (optional): every stored unit is already one of version 1.
  units: { 1: (doc: unknown) => doc },
};

/** RxDB wants mutable schema objects; ours are `as const` so that types can be derived from them. */
function rxSchema<T>(schema: object): RxJsonSchema<T> {
  return structuredClone(schema) as RxJsonSchema<T>;
}

export type StationCollectionCreators = { readonly [N in StationCollectionName]: RxCollectionCreator<DocumentOf<N>> };

/** What `addCollections` takes for a station's database, from the collection registry. */
export const STATION_COLLECTIONS = collectionRecord(STATION_COLLECTION_NAMES, (name) => {
  const conflictHandler = CONFLICT_HANDLERS[name];
  const migrationStrategies = MIGRATIONS[name];
  return {
    schema: rxSchema(COLLECTIONS[name].schema),
    ...(conflictHandler === undefined ? {} : { conflictHandler }),
    ...(migrationStrategies === undefined ? {} : { migrationStrategies }),
  };
}) as StationCollectionCreators;
