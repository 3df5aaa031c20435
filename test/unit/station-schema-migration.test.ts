import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { STATION_COLLECTIONS } from '../../replication/collections.ts';
import { createStationDatabase, type StationCollections } from '../../replication/station-database.ts';
import { caseSchema } from '../../schemas/json/case.schema.ts';
import { heartbeatSchema } from '../../schemas/json/heartbeat.schema.ts';
import type { CaseDoc, Heartbeat } from '../../schemas/types.ts';
import { acceptEvent, caseDocOf, T0 } from './fixtures/case-events.ts';

/** The heartbeat schema as devices stored it before version 1 (no device id pattern). */
function heartbeatSchemaV0(): RxJsonSchema<Heartbeat> {
  const schema = structuredClone(heartbeatSchema) as unknown as { version: number; properties: { deviceId: Record<string, unknown> } };
  schema.version = 0;
  schema.properties.deviceId = { type: 'string', minLength: 1, maxLength: 80 };
  return schema as unknown as RxJsonSchema<Heartbeat>;
}

/** The case schema as devices stored it before version 1 (ids of at most 64 characters). */
function caseSchemaV0(): RxJsonSchema<CaseDoc> {
  const schema = structuredClone(caseSchema) as unknown as { version: number; properties: { id: Record<string, unknown> } };
  schema.version = 0;
  schema.properties.id = { type: 'string', minLength: 6, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' };
  return schema as unknown as RxJsonSchema<CaseDoc>;
}

/**
 * A device that stored its database under an older schema version opens it with the new one: RxDB
 * refuses a changed schema under the same version, so each change raises the version and says how
 * stored documents carry over.
 */
describe('station database schema versions', () => {
  it('a heartbeat stored under heartbeat schema version 0 is still there after the upgrade to version 1', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, heartbeats: { schema: heartbeatSchemaV0() } });
    const beat: Heartbeat = { id: 'community-a1:web-0123456789abcdef', unitId: 'community-a1', deviceId: 'web-0123456789abcdef', deviceTime: '2025-03-03T01:00:00.000Z', lastSyncAt: null, pendingOutbound: 2, appVersion: '0.1.0' };
    await old.heartbeats.insert(beat);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      const docs = await upgraded.heartbeats.find().exec();
      expect(docs.map((d) => d.toJSON())).toEqual([beat]);
    } finally {
      await upgraded.remove();
    }
  });

  it('a case stored under case schema version 0, with an event not yet synced, is still there after the upgrade to version 1', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, cases: { schema: caseSchemaV0() } });
    const doc = caseDocOf('c_community-a1_legacy', [acceptEvent({ by: 'community-a1', atMs: T0 })]);
    const pending = { ...doc, receipts: [] };
    await old.cases.insert(pending);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      const docs = await upgraded.cases.find().exec();
      expect(docs.map((d) => d.toJSON())).toEqual([pending]);
    } finally {
      await upgraded.remove();
    }
  });
});
