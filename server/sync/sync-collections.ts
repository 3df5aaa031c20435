import { COLLECTIONS, collectionRecord, HUB_COLLECTION_NAMES, isWritableCollection, type HubCollectionName, type ReaderKind } from '../../schemas/collections.ts';
import { unitsWorkingOn } from '../../schemas/rules/case-copies.ts';
import { worksOnCases } from '../../schemas/rules/case-roles.ts';
import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Role } from '../../schemas/types.ts';
import { ancestorsOf } from '../../schemas/rules/unit-tree.ts';
import type { HubDoc } from '../hub/hub-doc.ts';

/** Which units may read a stored document: a list, or every unit of the network. */
export type Audience = readonly string[] | 'everyone';

export interface SyncCollectionRules {
  /** First sync walks the hub's per-unit index instead of the whole changes feed. */
  readonly firstSyncByIndex: boolean;
  /** Stations may write it through `_bulk_docs`; otherwise they only read. */
  readonly writable: boolean;
  audience(doc: HubDoc, tree: UnitTree): Audience;
  /**
   * The units whose devices keep a copy when they copy only what they work on (the city's,
   * `copiesAllItSees`): a narrower audience, read the same way.
   */
  workAudience(doc: HubDoc, tree: UnitTree): Audience;
  /** Whether an account of this role may use the collection at all, whatever its unit. */
  roleMayUse(role: Role): boolean;
}

/** The units each declared kind of reader stands for, read off a stored document. */
const AUDIENCES: Record<ReaderKind, (doc: HubDoc, tree: UnitTree) => Audience> = {
  // The gateway computed and stored visibleTo when it wrote the document.
  visibleTo: (doc) => (Array.isArray(doc.visibleTo) ? doc.visibleTo.filter((u): u is string => typeof u === 'string') : []),
  everyone: () => 'everyone',
  unitAndAbove: (doc, tree) => (typeof doc.unitId === 'string' ? [doc.unitId, ...ancestorsOf(doc.unitId, tree)] : []),
  nobody: () => [],
};

/** The units that work on a stored document, of each kind of reader. */
const WORK_AUDIENCES: Record<ReaderKind, (doc: HubDoc, tree: UnitTree) => Audience> = {
  visibleTo: (doc) => unitsWorkingOn(doc),
  everyone: () => 'everyone',
  // A heartbeat is its own unit's work; the units above read the network's health from the server.
  unitAndAbove: (doc) => (typeof doc.unitId === 'string' ? [doc.unitId] : []),
  nobody: () => [],
};

/**
 * Which roles may use a collection, by its kind of reader: documents seen by the units a case
 * opened to are citizens' cases, for the roles that work on cases only (`case-roles.ts`).
 */
const ROLE_GATES: Record<ReaderKind, (role: Role) => boolean> = {
  visibleTo: worksOnCases,
  everyone: () => true,
  unitAndAbove: () => true,
  nobody: () => false,
};

export const SYNC_COLLECTIONS: Record<HubCollectionName, SyncCollectionRules> = collectionRecord(HUB_COLLECTION_NAMES, (name) => ({
  firstSyncByIndex: COLLECTIONS[name].firstSyncByIndex,
  writable: isWritableCollection(name),
  audience: AUDIENCES[COLLECTIONS[name].readers],
  workAudience: WORK_AUDIENCES[COLLECTIONS[name].readers],
  roleMayUse: ROLE_GATES[COLLECTIONS[name].readers],
}));

export function mayRead(audience: Audience, unitId: string): boolean {
  return audience === 'everyone' || audience.includes(unitId);
}
