import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import type { CaseDoc, Heartbeat } from '../../schemas/types.ts';
import { wholeNetworkList } from '../helpers/city-reads.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import { RemoteStation } from '../helpers/remote-station.ts';
import { eventually, startTestNetwork, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';

function cityDecidedItem() {
  const item = DEMO_CATALOG.find((i) => i.decisionTier === 'city' && i.kind === 'commitment' && i.acceptTiers.includes('community'));
  if (item === undefined) throw new Error('demo catalog lacks a city-decided item accepted at communities');
  return item;
}

async function casesAt(station: TestStation | RemoteStation): Promise<Map<string, CaseDoc>> {
  const docs = station instanceof RemoteStation ? await station.cases() : (await station.db.cases.find().exec()).map((d) => d.toMutableJSON());
  return new Map(docs.map((d) => [d.id, d]));
}

describe('three tiers: offline acceptance through to pickup', () => {
  let network: TestNetwork;
  let link: FaultProxy;
  beforeAll(async () => {
    network = await startTestNetwork();
    link = await startFaultProxy({ targetPort: Number(new URL(network.url).port), seed: 1 });
  });
  afterAll(async () => {
    await network.stop();
    await link.close();
  });

  it('50 cases accepted with no link reach the street and the city, go up, are concluded and handed over', async () => {
    const item = cityDecidedItem();
    const community = await network.station(COMMUNITY, { gatewayUrl: link.url });
    const street = await network.station(STREET);
    // Free RxDB opens 13 collections per process: the city is a device of its own.
    const city = await network.remoteStation(CITY, {});
    await Promise.all([community.sync.awaitInSync(), street.sync.awaitInSync(), city.awaitInSync()]);

    link.setFaults('down');
    const accepted: CaseDoc[] = [];
    for (let i = 0; i < 50; i += 1) {
      const doc = await community.desk.acceptCase({ item, applicant: { name: `申请人${i}`, idNumber: '34010219800101001X', phone: '13905510000' } });
      accepted.push(await community.desk.record(doc.id, 'forward', { toUnitId: STREET }));
    }
    await eventually(() => community.sync.status(), (s) => s.online === false && s.pendingOutbound === 100, 20_000, 'the community to see it is offline with 100 events waiting');
    expect((await casesAt(street)).size).toBe(0);

    link.setFaults('healthy');
    await eventually(async () => (await casesAt(street)).size, (n) => n === 50, 30_000, 'the street to see the 50 cases');
    // The city reads them from the server; its device copies only the cases the city works on: none yet.
    const cityToken = (await network.login(network.account(CITY).username)).token;
    await eventually(async () => (await wholeNetworkList(network.url, cityToken, 'underWay')).filter((c) => accepted.some((a) => a.id === c.id)).length, (n) => n === 50, 30_000, 'the city to see the 50 cases');
    expect((await casesAt(city)).size).toBe(0);
    await eventually(() => community.sync.status(), (s) => s.pendingOutbound === 0 && s.online === true, 30_000, 'receipts back at the community');

    const upward = accepted.slice(0, 10);
    for (const c of upward) await street.desk.record(c.id, 'forward', { toUnitId: CITY });
    await eventually(async () => [...(await casesAt(city)).values()].filter((c) => c.holderUnitId === CITY).length, (n) => n === 10, 30_000, 'the city to hold 10 cases');
    // Sent to the city, they are its work: its device copies those ten, and only those.
    expect([...(await casesAt(city)).keys()].sort()).toEqual(upward.map((c) => c.id).sort());
    for (const c of upward) await city.record(c.id, 'approve', { note: '准予 / approved' });

    await eventually(async () => [...(await casesAt(community)).values()].filter((c) => c.status === 'approved').length, (n) => n === 10, 30_000, 'the community to see 10 approvals');
    for (const c of upward) await community.desk.record(c.id, 'pickup', { deliveryMode: 'station' });
    await eventually(async () => [...(await casesAt(city)).values()].filter((c) => c.status === 'delivered').length, (n) => n === 10, 30_000, 'the city to see 10 deliveries');

    // The city sees each station's heartbeat (who last synced, and what it still holds back) in the
    // network overview the server reads; its device copies only its own.
    const overview = async (): Promise<Heartbeat[]> => {
      const answer = await fetch(`${network.url}/api/supervision/overview`, { headers: { authorization: `Bearer ${cityToken}` } });
      return ((await answer.json()) as { heartbeats: Heartbeat[] }).heartbeats;
    };
    const beats = await eventually(overview, (hs) => hs.some((h) => h.unitId === COMMUNITY && h.lastSyncAt !== null), 20_000, 'the community heartbeat at the city');
    expect(beats.find((h) => h.unitId === COMMUNITY)).toMatchObject({ unitId: COMMUNITY, appVersion: 'dev' });
    // Heartbeats of other units came through the hub, which stamped them.
    expect(beats.filter((h) => h.unitId !== CITY).every((h) => typeof h.receivedAt === 'number')).toBe(true);
    expect((await city.heartbeats()).every((h) => h.unitId === CITY)).toBe(true);
    expect((await street.db.heartbeats.find().exec()).every((h) => h.unitId !== CITY)).toBe(true);

    // Every replica tells the same story of each case, once the last step has reached all of them.
    const [atCommunity, atStreet, atCity] = await eventually(
      () => Promise.all([community, street, city].map(casesAt)),
      (replicas) => replicas.every((m) => upward.every((c) => m.get(c.id)?.events.length === 5)),
      30_000,
      'every replica to hold all five steps of the ten cases',
    );
    for (const c of upward) {
      const events = (m: Map<string, CaseDoc> | undefined) => m?.get(c.id)?.events.map((e) => e.type);
      expect(events(atCity)).toEqual(['accept', 'forward', 'forward', 'approve', 'pickup']);
      expect(events(atStreet)).toEqual(events(atCity));
      expect(events(atCommunity)).toEqual(events(atCity));
      expect(atCity?.get(c.id)?.visibleTo).toEqual([CITY, COMMUNITY, STREET].sort());
    }
  });
});
