import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { STATION_COLLECTIONS } from '../../replication/collections.ts';
import { createStationDatabase, type StationCollections } from '../../replication/station-database.ts';
import { caseSchema } from '../../schemas/json/case.schema.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { caseFiguresOf } from '../../schemas/rules/case-figures.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { acceptEvent, approveEvent, forwardEvent, MINUTE, T0 } from './fixtures/case-events.ts';

/** The case schema as devices stored it before version 3: no `figures`. */
function caseSchemaV2(): RxJsonSchema<CaseDoc> {
  const schema = structuredClone(caseSchema) as unknown as { version: number; required: string[]; properties: Record<string, unknown> };
  schema.version = 2;
  delete schema.properties.figures;
  schema.required = schema.required.filter((field) => field !== 'figures');
  return schema as unknown as RxJsonSchema<CaseDoc>;
}

describe('case schema version 3', () => {
  it('a case stored under version 2 gets the figures of its fold when the device opens its database', async () => {
    const storage = getRxStorageMemory();
    const name = `migration-${Math.random().toString(36).slice(2, 10)}`;
    const old = await createRxDatabase<StationCollections>({ name, storage, multiInstance: false, localDocuments: true });
    await old.addCollections({ ...STATION_COLLECTIONS, cases: { schema: caseSchemaV2() } });
    const events = [acceptEvent({ by: 'community-a1', atMs: T0 }), forwardEvent({ by: 'community-a1', atMs: T0 + MINUTE }, 'street-a'), approveEvent({ by: 'street-a', atMs: T0 + 2 * MINUTE })];
    const receipts = events.map((e, i) => ({ eventId: e.id, at: T0 + i * MINUTE + 1000 }));
    const doc = materializeCase('c_community-a1_v2case', events, receipts, ['community-a1', 'street-a', 'city']);
    if (doc === null) throw new Error('no case');
    const { figures, ...storedV2 } = doc;
    await old.cases.insert(storedV2 as unknown as CaseDoc);
    await old.close();

    const upgraded = await createStationDatabase({ name, storage });
    try {
      const [migrated] = (await upgraded.cases.find().exec()).map((d) => d.toMutableJSON());
      const state = foldCase(events, receipts);
      expect(state).not.toBeNull();
      if (state !== null) expect(migrated?.figures).toEqual(caseFiguresOf(state));
      expect(migrated?.figures).toEqual(figures);
      expect(figures).toMatchObject({ outcome: 'decided', holds: [{ unitId: 'community-a1' }, { unitId: 'street-a' }] });
    } finally {
      await upgraded.remove();
    }
  });
});
