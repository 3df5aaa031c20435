import type { RxCollectionCreator, RxConflictHandler, RxJsonSchema, WithDeleted } from 'rxdb';
import { COLLECTIONS, collectionRecord, STATION_COLLECTION_NAMES, type DocumentOf, type StationCollectionName } from '../schemas/collections.ts';
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

/** RxDB wants mutable schema objects; ours are `as const` so that types can be derived from them. */
function rxSchema<T>(schema: object): RxJsonSchema<T> {
  return structuredClone(schema) as RxJsonSchema<T>;
}

export type StationCollectionCreators = { readonly [N in StationCollectionName]: RxCollectionCreator<DocumentOf<N>> };

/** What `addCollections` takes for a station's database, from the collection registry. */
export const STATION_COLLECTIONS = collectionRecord(STATION_COLLECTION_NAMES, (name) => {
  const conflictHandler = CONFLICT_HANDLERS[name];
  return { schema: rxSchema(COLLECTIONS[name].schema), ...(conflictHandler === undefined ? {} : { conflictHandler }) };
}) as StationCollectionCreators;
