import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { networkCase } from '../helpers/city-reads.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { eventually, startTestNetwork, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

const COMMUNITY = 'community-anjuyuan';
const STREET = 'street-sanlian';
const CITY = 'hefei-center';

async function caseAt(station: TestStation, id: string): Promise<CaseDoc | null> {
  return (await station.db.cases.findOne(id).exec())?.toMutableJSON() ?? null;
}

describe('one case edited offline at two tiers', () => {
  let network: TestNetwork;
  let communityLink: FaultProxy;
  let streetLink: FaultProxy;
  beforeAll(async () => {
    network = await startTestNetwork();
    const port = Number(new URL(network.url).port);
    communityLink = await startFaultProxy({ targetPort: port, seed: 2 });
    streetLink = await startFaultProxy({ targetPort: port, seed: 3 });
  });
  afterAll(async () => {
    await network.stop();
    await communityLink.close();
    await streetLink.close();
  });

  it('keeps both steps on every replica, converges, and flags the step the merge made invalid', async () => {
    const item = DEMO_CATALOG.find((i) => i.decisionTier === 'street' && i.kind === 'commitment' && i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no street-decided item');
    const community = await network.station(COMMUNITY, { gatewayUrl: communityLink.url });
    const street = await network.station(STREET, { gatewayUrl: streetLink.url });
    // The city copies only the cases it works on: it reads this one from the server, as the hub holds it.
    const cityToken = (await network.login(network.account(CITY).username)).token;
    await Promise.all([community.sync.awaitInSync(), street.sync.awaitInSync()]);

    const accepted = await community.desk.acceptCase({ item, applicant: { name: '孙立', idNumber: '340104199001011234', phone: '13800551234' } });
    await community.desk.record(accepted.id, 'forward', { toUnitId: STREET });
    await eventually(() => caseAt(street, accepted.id), (c) => c?.holderUnitId === STREET, 20_000, 'the street to hold the case');

    // Both links go down; each side records a step the other does not know of.
    communityLink.setFaults('down');
    streetLink.setFaults('down');
    const withdrawn = await community.desk.record(accepted.id, 'withdraw', { note: '申请人撤回 / withdrawn by the applicant' });
    const supplement = await street.desk.record(accepted.id, 'request_supplement', { missing: item.materials.slice(0, 1).map((m) => m.id) });
    expect(withdrawn.status).toBe('withdrawn');
    expect(supplement.status).toBe('supplement_requested');

    communityLink.setFaults('healthy');
    streetLink.setFaults('healthy');
    const everywhere = await eventually(
      () => Promise.all([caseAt(community, accepted.id), caseAt(street, accepted.id), networkCase(network.url, cityToken, accepted.caseNumber)]),
      // Steps take effect in the order the hub received them: a replica has converged once it
      // holds every event and every receipt.
      (docs) => docs.every((d) => d?.events.length === 4 && d.receipts.length === 4),
      30_000,
      'both replicas and the hub, as the city reads it, to hold all four events and their receipts',
    );
    const [atCommunity, atStreet, atCity] = everywhere;
    const summary = (d: CaseDoc | null | undefined) => d && { events: d.events.map((e) => e.id), status: d.status, holder: d.holderUnitId, conflicts: d.conflictCount };
    expect(summary(atStreet)).toEqual(summary(atCommunity));
    expect(summary(atCity)).toEqual(summary(atCommunity));
    // Between units, the step the hub received first takes effect first. A withdraw ends a case
    // under way, asked for materials or not; a request for materials on a withdrawn case does not
    // take effect, and is kept and flagged.
    const receivedAt = (id: string): number => atCity?.receipts.find((r) => r.eventId === id)?.at ?? Infinity;
    const withdrawFirst = receivedAt(withdrawn.events.find((e) => e.type === 'withdraw')?.id ?? '') < receivedAt(supplement.events.find((e) => e.type === 'request_supplement')?.id ?? '');
    expect(atCity?.status).toBe('withdrawn');
    expect(atCity?.conflictCount).toBe(withdrawFirst ? 1 : 0);
    await eventually(() => Promise.all([community, street].map((s) => s.sync.status().pendingOutbound)), (p) => p.every((n) => n === 0), 20_000, 'receipts for every event');
  });
});
