import { accountSchema } from './json/account.schema.ts';
import { auditRecordSchema } from './json/audit-record.schema.ts';
import { calendarYearSchema } from './json/calendar-year.schema.ts';
import { caseNumberClaimSchema } from './json/case-number-claim.schema.ts';
import { caseSchema } from './json/case.schema.ts';
import { heartbeatSchema } from './json/heartbeat.schema.ts';
import { presenceDaySchema } from './json/presence-day.schema.ts';
import { serviceItemSchema } from './json/service-item.schema.ts';
import { unitSchema } from './json/unit.schema.ts';
import type { Account, AuditRecord, CalendarYear, CaseDoc, CaseNumberClaim, Heartbeat, PresenceDay, ServiceItem, Unit } from './types.ts';

/**
 * Who may read a stored document, declared here and turned into unit ids by the gateway:
 * `visibleTo`, the units the document's `visibleTo` lists; `everyone`, every unit of the network;
 * `unitAndAbove`, the document's `unitId` and every unit above it; `nobody`, no station at all.
 */
export type ReaderKind = 'visibleTo' | 'everyone' | 'unitAndAbove' | 'nobody';

/** What stations may do with a collection through the gateway; `none`: it never leaves the hub. */
export type StationAccess = 'readWrite' | 'readOnly' | 'none';

/** The facts of one collection; its primary key is the schema's own `primaryKey`. */
export interface CollectionFacts<Doc> {
  readonly schema: { readonly title: string; readonly primaryKey: keyof Doc & string };
  readonly stationAccess: StationAccess;
  /** The hub database's name after the deployment's prefix (`liandong_` + `cases`). */
  readonly hubDatabase: string;
  readonly readers: ReaderKind;
  /** A unit's first sync walks the hub's per-unit index instead of the whole changes feed. */
  readonly firstSyncByIndex: boolean;
  /**
   * Small and read by every station: each gateway holds it whole in memory, kept current by its
   * follower, and serves stations' reads of it from there instead of the hub.
   */
  readonly heldInGatewayMemory: boolean;
}

/** The document type each collection holds. */
interface Documents {
  cases: CaseDoc;
  units: Unit;
  catalog: ServiceItem;
  heartbeats: Heartbeat;
  accounts: Account;
  caseNumbers: CaseNumberClaim;
  calendars: CalendarYear;
  audit: AuditRecord;
  presence: PresenceDay;
}

/** Every collection, in one place: the station, the gateway and hub setup all derive from it. */
export const COLLECTIONS = {
  cases: { schema: caseSchema, stationAccess: 'readWrite', hubDatabase: 'cases', readers: 'visibleTo', firstSyncByIndex: true, heldInGatewayMemory: false },
  // The network and the catalog are edited at the city, through its own API.
  units: { schema: unitSchema, stationAccess: 'readOnly', hubDatabase: 'units', readers: 'everyone', firstSyncByIndex: false, heldInGatewayMemory: true },
  catalog: { schema: serviceItemSchema, stationAccess: 'readOnly', hubDatabase: 'catalog', readers: 'everyone', firstSyncByIndex: false, heldInGatewayMemory: true },
  // The working-day calendars (工作日历), maintained by the city, counted in by every unit.
  calendars: { schema: calendarYearSchema, stationAccess: 'readOnly', hubDatabase: 'calendars', readers: 'everyone', firstSyncByIndex: false, heldInGatewayMemory: true },
  // A station's own devices, seen by every level above it (透彻感知).
  heartbeats: { schema: heartbeatSchema, stationAccess: 'readWrite', hubDatabase: 'heartbeats', readers: 'unitAndAbove', firstSyncByIndex: false, heldInGatewayMemory: false },
  // Password hashes: only the gateway reads them.
  accounts: { schema: accountSchema, stationAccess: 'none', hubDatabase: 'accounts', readers: 'nobody', firstSyncByIndex: false, heldInGatewayMemory: false },
  // Each case number bound to its case: the gateway claims a new case's number before storing it.
  caseNumbers: { schema: caseNumberClaimSchema, stationAccess: 'none', hubDatabase: 'case_numbers', readers: 'nobody', firstSyncByIndex: false, heldInGatewayMemory: false },
  // Every change the city's administration made (who, when, what): read through the admin API only.
  audit: { schema: auditRecordSchema, stationAccess: 'none', hubDatabase: 'audit', readers: 'nobody', firstSyncByIndex: false, heldInGatewayMemory: false },
  // The hours each unit was heard from (a heartbeat), written by the gateway: station availability.
  presence: { schema: presenceDaySchema, stationAccess: 'none', hubDatabase: 'presence', readers: 'nobody', firstSyncByIndex: false, heldInGatewayMemory: false },
} as const satisfies { readonly [N in keyof Documents]: CollectionFacts<Documents[N]> };

type Registry = typeof COLLECTIONS;

/** Every collection lives on the hub. */
export type HubCollectionName = keyof Registry;
type NamesWith<Access extends StationAccess> = { [N in HubCollectionName]: Registry[N]['stationAccess'] extends Access ? N : never }[HubCollectionName];
/** The collections a station replicates. */
export type StationCollectionName = NamesWith<'readWrite' | 'readOnly'>;
/** The collections stations may write through the gateway. */
export type WritableCollectionName = NamesWith<'readWrite'>;

export type DocumentOf<N extends HubCollectionName> = Documents[N];
export type PrimaryKeyOf<N extends HubCollectionName> = Registry[N]['schema']['primaryKey'];

export const HUB_COLLECTION_NAMES = Object.keys(COLLECTIONS) as HubCollectionName[];

export function isHubCollectionName(name: string): name is HubCollectionName {
  return Object.hasOwn(COLLECTIONS, name);
}

export function isStationCollection(name: HubCollectionName): name is StationCollectionName {
  return COLLECTIONS[name].stationAccess !== 'none';
}

export function isWritableCollection(name: HubCollectionName): name is WritableCollectionName {
  return COLLECTIONS[name].stationAccess === 'readWrite';
}

/** For names from outside (a URL): an unknown name and a hub-only one are refused alike. */
export function isStationCollectionName(name: string): name is StationCollectionName {
  return isHubCollectionName(name) && isStationCollection(name);
}

export const STATION_COLLECTION_NAMES: readonly StationCollectionName[] = HUB_COLLECTION_NAMES.filter(isStationCollection);

export function primaryKeyOf<N extends HubCollectionName>(name: N): PrimaryKeyOf<N> {
  return COLLECTIONS[name].schema.primaryKey;
}

/** Our deployment's hub databases are `liandong_<collection>`; a test run may pick its own prefix. */
export const DEFAULT_HUB_DATABASE_PREFIX = 'liandong_';

export function hubDatabaseName(name: HubCollectionName, prefix: string = DEFAULT_HUB_DATABASE_PREFIX): string {
  return `${prefix}${COLLECTIONS[name].hubDatabase}`;
}

/** One value per collection named, built from the name: a record keyed by the registry's names. */
export function collectionRecord<N extends HubCollectionName, T>(names: readonly N[], build: (name: N) => T): Record<N, T> {
  return Object.fromEntries(names.map((name) => [name, build(name)])) as Record<N, T>;
}
