import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { STATION_COLLECTIONS } from '../../replication/collections.ts';
import { createStationDatabase, type StationCollections } from '../../replication/station-database.ts';
import { statusListQuery } from '../../client/src/controllers/case-queries.ts';
import { PENDING_CASES_SELECTOR } from '../../replication/pending-outbound.ts';
import { caseSchema } from '../../schemas/json/case.schema.ts';
import { heartbeatSchema } from '../../schemas/json/heartbeat.schema.ts';
import { serviceItemSchema } from '../../schemas/json/service-item.schema.ts';
import type { CaseDoc, Heartbeat, ServiceItem } from '../../schemas/types.ts';
import { listOrderOf, materializeCase } from '../../schemas/rules/case-doc.ts';
import { acceptEvent, T0 } from './fixtures/case-events.ts';

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

/** The service item schema as devices stored it before version 1 (no keywords). */
function serviceItemSchemaV0(): RxJsonSchema<ServiceItem> {
  const schema = structuredClone(serviceItemSchema) as unknown as { version: number; properties: Record<string, unknown> };
  schema.version = 0;
  delete schema.properties.keywords;
  return schema as unknown as RxJsonSchema<ServiceItem>;
}

/** What a version 1 case held: its facts and the fields the fold derived then, with the indexes of then. */
const CASE_FIELDS_V1 = ['id', 'events', 'receipts', 'visibleTo', 'caseNumber', 'status', 'holderUnitId', 'acceptedUnitId', 'itemCode', 'lastHlc', 'conflictCount'];

function caseSchemaV1(): RxJsonSchema<CaseDoc> {
  const schema = structuredClone(caseSchema) as unknown as { version: number; required: string[]; properties: Record<string, unknown>; indexes: unknown[] };
  schema.version = 1;
  schema.properties = Object.fromEntries(Object.entries(schema.properties).filter(([field]) => CASE_FIELDS_V1.includes(field)));
  schema.required = CASE_FIELDS_V1;
  schema.indexes = ['status', 'holderUnitId', ['holderUnitId', 'status'], 'lastHlc'];
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
    // An acceptance the hub has not received yet, as the device stored it then.
    const pending = materializeCase('c_community-a1_legacy', [acceptEvent({ by: 'community-a1', atMs: T0 })], [], ['community-a1']);
    if (pending === null) throw new Error('no case');
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

  it('a catalog item stored under service item schema version 0 is still there after the upgrade to version 1, and takes keywords', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, catalog: { schema: serviceItemSchemaV0() } });
    const item: ServiceItem = {
      code: 'HF-MZ-0001', name: { zh: '最低生活保障申请', en: 'Minimum living allowance (dibao) application' }, pinyinInitials: 'zdshbzsq',
      category: { zh: '民政', en: 'Civil affairs' }, decisionTier: 'street', acceptTiers: ['community', 'street'],
      materials: [{ id: 'id-card', name: { zh: '申请人居民身份证', en: "Applicant's resident ID card" }, originals: 1, copies: 1 }],
      legalDays: 30, promisedDays: 20, kind: 'commitment', feeYuan: 0, guide: { zh: '街道审核。', en: 'The street decides.' }, modes: ['door_to_door'],
    };
    await old.catalog.insert(item);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      const docs = await upgraded.catalog.find().exec();
      expect(docs.map((d) => d.toJSON())).toEqual([item]);
      const keywords = [{ text: '低保', initials: 'db' }];
      await upgraded.catalog.upsert({ ...item, keywords });
      expect((await upgraded.catalog.findOne(item.code).exec())?.toJSON().keywords).toEqual(keywords);
    } finally {
      await upgraded.remove();
    }
  });

  it('a case stored under case schema version 1 gets the list order and pending events from the fold, and the indexed lists find it', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, cases: { schema: caseSchemaV1() } });
    const doc = materializeCase('c_community-a1_v1case', [acceptEvent({ by: 'community-a1', atMs: T0 })], [], ['community-a1']);
    if (doc === null) throw new Error('no case');
    const storedV1 = Object.fromEntries(Object.entries({ ...doc, receipts: [] }).filter(([field]) => CASE_FIELDS_V1.includes(field)));
    await old.cases.insert(storedV1 as unknown as CaseDoc);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      const [migrated] = (await upgraded.cases.find().exec()).map((d) => d.toMutableJSON());
      expect(migrated).toMatchObject({ ...storedV1, listOrder: listOrderOf(doc.lastHlc, doc.greenChannel), pendingEvents: 1 });
      const listed = await upgraded.cases.find(statusListQuery(doc.status, undefined, 50)).exec();
      expect(listed.map((d) => d.id)).toEqual([doc.id]);
      const held = await upgraded.cases.find(statusListQuery(doc.status, doc.holderUnitId, 50)).exec();
      expect(held.map((d) => d.id)).toEqual([doc.id]);
      expect((await upgraded.cases.find({ selector: PENDING_CASES_SELECTOR }).exec()).map((d) => d.id)).toEqual([doc.id]);
    } finally {
      await upgraded.remove();
    }
  });
});
