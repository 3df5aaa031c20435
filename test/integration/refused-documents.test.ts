import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import { startStationSync } from '../../replication/station-sync.ts';
import { eventually, startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

const COMMUNITY = 'community-ningguolu';
const OTHER_COMMUNITY = 'community-huizhoudadao';
const STREET = 'street-wuhulu';

describe('a document the gateway refuses', () => {
  let network: TestNetwork;
  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(async () => {
    await network.stop();
  });

  it('shows in the sync status with its reason, never blocks the rest, and survives a restart', async () => {
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const community = await network.station(COMMUNITY, { sync: { batchSize: 3 } });
    const street = await network.station(STREET);
    await community.sync.awaitInSync();

    // A case signed as another station, written around the desk's checks (a tampered device).
    const forged = materializeCase('c_forged_case_1', [{
      id: 'e_forged_accept_1',
      type: 'accept',
      unitId: OTHER_COMMUNITY,
      workerId: OTHER_COMMUNITY,
      deviceId: 'dev-forger',
      deviceTime: new Date().toISOString(),
      hlc: formatHlc({ wallMs: Date.now(), counter: 0, node: 'dev-forger' }),
      data: { caseNumber: 'LD20261126FORGED', queryCode: '123456', item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays }, applicant: { name: '冒名', idNumber: '34010219800101001X', phone: '13900000000' } },
    }], [], [OTHER_COMMUNITY]);
    if (forged === null) throw new Error('could not build the forged case');
    await community.db.cases.insert(forged);
    const valid = [];
    for (let i = 0; i < 7; i += 1) valid.push(await community.desk.acceptCase({ item, applicant: { name: `居民${i}`, idNumber: '340104199001011234', phone: '13800551234' } }));

    const status = await eventually(() => community.sync.status(), (s) => s.refused.length === 1 && s.pendingOutbound === 0, 20_000, 'one refusal and everything else confirmed');
    expect(status.refused[0]).toMatchObject({ collection: 'cases', id: forged.id, code: 'ERR_EVENT_FORGED_UNIT' });
    expect(status.refused[0]?.reason).toMatch(/another unit/);
    expect(status.refused[0]?.reasonZh).toMatch(/其他单位/);
    expect(status.refused[0]?.sent).toMatchObject({ _id: forged.id });
    await eventually(async () => (await street.db.cases.find().exec()).length, (n) => n === 7, 20_000, 'the street to receive the 7 valid cases');
    expect(await community.db.cases.findOne(forged.id).exec()).not.toBeNull();

    // The refusal is kept on the device, not only in memory.
    await community.sync.stop();
    const again = await startStationSync({ db: community.db, gatewayUrl: network.url, unitId: COMMUNITY, deviceId: 'dev-again', session: { token: () => null } });
    try {
      expect(again.status().refused.map((r) => r.id)).toEqual([forged.id]);
    } finally {
      await again.stop();
    }
  });
});
