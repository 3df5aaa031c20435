import type { RxConflictHandler, RxJsonSchema, WithDeleted } from 'rxdb';
import { caseSchema } from '../schemas/json/case.schema.ts';
import { heartbeatSchema } from '../schemas/json/heartbeat.schema.ts';
import { serviceItemSchema } from '../schemas/json/service-item.schema.ts';
import { unitSchema } from '../schemas/json/unit.schema.ts';
import { mergeCases, sameCase } from '../schemas/rules/merge.ts';
import type { CaseDoc, Heartbeat, ServiceItem, Unit } from '../schemas/types.ts';

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

/** RxDB wants mutable schema objects; ours are `as const` so that types can be derived from them. */
function rxSchema<T>(schema: object): RxJsonSchema<T> {
  return structuredClone(schema) as RxJsonSchema<T>;
}

export const STATION_COLLECTIONS = {
  cases: { schema: rxSchema<CaseDoc>(caseSchema), conflictHandler: caseConflictHandler },
  units: { schema: rxSchema<Unit>(unitSchema) },
  catalog: { schema: rxSchema<ServiceItem>(serviceItemSchema) },
  heartbeats: { schema: rxSchema<Heartbeat>(heartbeatSchema) },
} as const;

export type StationCollectionName = keyof typeof STATION_COLLECTIONS;
export const STATION_COLLECTION_NAMES = Object.keys(STATION_COLLECTIONS) as StationCollectionName[];

/** The primary key of each collection: what the gateway's `_id` stands for. */
export const PRIMARY_KEYS: Record<StationCollectionName, 'id' | 'code'> = {
  cases: 'id',
  units: 'id',
  catalog: 'code',
  heartbeats: 'id',
};

/** Stations write cases and their own heartbeats; the catalog and the network come from the city. */
export const WRITABLE: Record<StationCollectionName, boolean> = { cases: true, units: false, catalog: false, heartbeats: true };
