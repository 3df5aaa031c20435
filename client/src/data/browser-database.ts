import { addRxPlugin } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { createStationDatabase, type StationDatabase } from '../../../replication/station-database.ts';

let devModeLoaded = false;

/** The unit's database in IndexedDB (Dexie). RxDB's dev-mode only in development builds. */
export async function openBrowserDatabase(unitId: string): Promise<StationDatabase> {
  if (import.meta.env.DEV && !devModeLoaded) {
    const { RxDBDevModePlugin } = await import('rxdb/plugins/dev-mode');
    addRxPlugin(RxDBDevModePlugin);
    devModeLoaded = true;
  }
  return createStationDatabase({ name: `liandong-${unitId}`, storage: getRxStorageDexie(), multiInstance: true });
}
