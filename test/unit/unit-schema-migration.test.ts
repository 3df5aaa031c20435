import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { STATION_COLLECTIONS } from '../../replication/collections.ts';
import { createStationDatabase, type StationCollections } from '../../replication/station-database.ts';
import { unitSchema } from '../../schemas/json/unit.schema.ts';
import type { Unit } from '../../schemas/types.ts';

/** The unit schema as devices stored it before version 1 (no `closed`). */
function unitSchemaV0(): RxJsonSchema<Unit> {
  const schema = structuredClone(unitSchema) as unknown as { version: number; properties: Record<string, unknown> };
  schema.version = 0;
  delete schema.properties.closed;
  return schema as unknown as RxJsonSchema<Unit>;
}

describe('unit schema version 1', () => {
  it('a unit stored under version 0 is still there after the upgrade, and then takes its closing', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, units: { schema: unitSchemaV0() } });
    const unit: Unit = { id: 'community-a1', name: { zh: '甲社区服务站', en: 'A1 community station' }, tier: 'community', parentId: 'street-a', calendarId: 'cn-mainland' };
    await old.units.insert(unit);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      expect((await upgraded.units.find().exec()).map((d) => d.toJSON())).toEqual([unit]);
      await upgraded.units.upsert({ ...unit, closed: { at: 1_800_000_000_000, note: '撤并' } });
      expect((await upgraded.units.findOne(unit.id).exec())?.toJSON().closed).toEqual({ at: 1_800_000_000_000, note: '撤并' });
    } finally {
      await upgraded.remove();
    }
  });
});
