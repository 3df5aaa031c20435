import type { UnitTree } from '../../schemas/rules/visibility.ts';
import { ancestorsOf } from '../../schemas/rules/visibility.ts';
import type { HubDoc } from './hub-doc.ts';

export const SYNC_COLLECTION_NAMES = ['cases', 'units', 'catalog', 'heartbeats'] as const;
export type SyncCollectionName = (typeof SYNC_COLLECTION_NAMES)[number];

export function isSyncCollectionName(name: string): name is SyncCollectionName {
  return (SYNC_COLLECTION_NAMES as readonly string[]).includes(name);
}

/** Which units may read a stored document: a list, or every unit of the network. */
export type Audience = readonly string[] | 'everyone';

export interface SyncCollectionRules {
  readonly primaryKey: 'id' | 'code';
  /** First sync walks the hub's per-unit index instead of the whole changes feed. */
  readonly firstSyncByIndex: boolean;
  /** Stations may only read; the city edits through its own API. */
  readonly writable: boolean;
  audience(doc: HubDoc, tree: UnitTree): Audience;
}

const everyone = (): Audience => 'everyone';

export const SYNC_COLLECTIONS: Record<SyncCollectionName, SyncCollectionRules> = {
  cases: {
    primaryKey: 'id',
    firstSyncByIndex: true,
    writable: true,
    // The gateway computed and stored visibleTo when it wrote the case.
    audience: (doc) => (Array.isArray(doc.visibleTo) ? doc.visibleTo.filter((u): u is string => typeof u === 'string') : []),
  },
  units: { primaryKey: 'id', firstSyncByIndex: false, writable: false, audience: everyone },
  catalog: { primaryKey: 'code', firstSyncByIndex: false, writable: false, audience: everyone },
  heartbeats: {
    primaryKey: 'id',
    firstSyncByIndex: false,
    writable: true,
    // A station's own devices and every level above it (透彻感知).
    audience: (doc, tree) => (typeof doc.unitId === 'string' ? [doc.unitId, ...ancestorsOf(doc.unitId, tree)] : []),
  },
};

export function mayRead(audience: Audience, unitId: string): boolean {
  return audience === 'everyone' || audience.includes(unitId);
}
