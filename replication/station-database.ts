import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { DocumentOf, StationCollectionName } from '../schemas/collections.ts';
import { STATION_COLLECTIONS } from './collections.ts';

addRxPlugin(RxDBLocalDocumentsPlugin);
// A collection whose schema version went up migrates the documents a device already stores.
addRxPlugin(RxDBMigrationSchemaPlugin);

export type StationCollections = { [N in StationCollectionName]: RxCollection<DocumentOf<N>> };

export type StationDatabase = RxDatabase<StationCollections>;

export interface StationDatabaseOptions {
  /** One database per unit and device: `liandong-<unitId>`. */
  readonly name: string;
  /** Memory in Node tests, Dexie (IndexedDB) in browsers: the caller picks. */
  readonly storage: RxStorage<unknown, unknown>;
  /** Several browser tabs share one database. */
  readonly multiInstance?: boolean;
}

export async function createStationDatabase(opts: StationDatabaseOptions): Promise<StationDatabase> {
  const db = await createRxDatabase<StationCollections>({
    name: opts.name,
    storage: opts.storage,
    multiInstance: opts.multiInstance ?? false,
    eventReduce: true,
    // Refused documents and the device's clock live in local documents, never replicated.
    localDocuments: true,
  });
  await db.addCollections(STATION_COLLECTIONS);
  return db;
}
