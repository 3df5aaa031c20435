import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { workCalendarOf } from '../../schemas/rules/calendar.ts';
import { caseWarning } from '../../schemas/rules/deadline.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { isRectificationLate, isReplyLate } from '../../schemas/rules/follow-up-deadlines.ts';
import type { CaseDoc, ServiceItem } from '../../schemas/types.ts';
import { networkCase, wholeNetworkList } from '../helpers/city-reads.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.ts';
import type { RemoteStation } from '../helpers/remote-station.ts';
import { eventually, startTestNetwork, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

/**
 * Supervision across the tiers on real sockets: the gateway's clock is moved forward by whole days
 * (stations set their step clocks by it), so deadlines pass as they would over weeks.
 */
const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';
const DAY = 86_400_000;
const SIXTY_DAYS_S = 60 * 86_400;

function item(test: (i: ServiceItem) => boolean, what: string): ServiceItem {
  const found = DEMO_CATALOG.find(test);
  if (found === undefined) throw new Error(`the demo catalog has no ${what}`);
  return found;
}
const STREET_ITEM = item((i) => i.decisionTier === 'street' && i.kind === 'commitment' && i.promisedDays <= 10 && i.acceptTiers.includes('community'), 'street-decided item due within 10 working days');
const INSTANT_ITEM = item((i) => i.decisionTier === 'community' && i.kind === 'instant' && i.acceptTiers.includes('community'), 'instant item decided at the station');
const APPLICANT = { name: '张建华', idNumber: '34010219800101001X', phone: '13905510000' };

describe('urges that reach someone, ratings that set something off', () => {
  let network: TestNetwork;
  let streetLink: FaultProxy;
  let offsetMs = 0;
  let community: RemoteStation;
  let street: TestStation;
  let city: TestStation;
  /** The city console's sign-in, for what it reads from the server. */
  let cityToken: string;
  const hubNow = (): number => Date.now() + offsetMs;

  beforeAll(async () => {
    network = await startTestNetwork({ gateway: { now: hubNow, tokenTtlSeconds: SIXTY_DAYS_S, sessionMaxAgeSeconds: SIXTY_DAYS_S } });
    streetLink = await startFaultProxy({ targetPort: Number(new URL(network.url).port), seed: 8 });
    // Free RxDB opens 13 collections per process: the station is a device of its own.
    community = await network.remoteStation(COMMUNITY, {});
    street = await network.station(STREET, { gatewayUrl: streetLink.url });
    city = await network.station(CITY);
    cityToken = (await network.login(network.account(CITY).username)).token;
    await Promise.all([community.awaitInSync(), street.sync.awaitInSync(), city.sync.awaitInSync()]);
  });
  afterAll(async () => {
    await network.stop();
    await streetLink.close();
  });

  /** Moves the hub's clock and waits until these in-process stations stamp their steps by it. */
  async function daysPass(days: number, stations: readonly TestStation[]): Promise<void> {
    offsetMs += days * DAY;
    await eventually(() => stations.map((s) => s.sync.hubClock.now() - Date.now()), (offsets) => offsets.every((o) => Math.abs(o - offsetMs) < 60_000), 30_000, `the stations to take up the hub's clock (+${offsetMs / DAY} days)`);
  }

  async function caseAt(station: TestStation, id: string): Promise<CaseDoc | null> {
    return (await station.db.cases.findOne(id).exec())?.toMutableJSON() ?? null;
  }

  /** The calendar the city replicated, as its consoles count deadlines with it. */
  async function cityCalendar() {
    const years = (await city.db.calendars.find().exec()).map((d) => d.toMutableJSON());
    expect(years.map((y) => y.year)).toEqual(expect.arrayContaining([2025, 2026, 2027]));
    return workCalendarOf('cn-mainland', years);
  }

  it('the city urges an overdue case while the street is offline; the street sees it after its next sync and replies; the city sees the reply, late', async () => {
    const accepted = await community.accept({ item: STREET_ITEM, applicant: APPLICANT });
    await community.record(accepted.id, 'forward', { toUnitId: STREET });
    await eventually(() => caseAt(street, accepted.id), (doc) => doc?.holderUnitId === STREET, 30_000, 'the street to hold the case');
    // The city reads the network's cases under way from the server; its device copies none of them.
    const underWay = async (): Promise<CaseDoc | null> => (await wholeNetworkList(network.url, cityToken, 'underWay')).find((doc) => doc.id === accepted.id) ?? null;
    await eventually(underWay, (doc) => doc?.holderUnitId === STREET, 30_000, 'the city to see the street holds it');
    expect(await caseAt(city, accepted.id)).toBeNull();

    // Three weeks on, the case is past its promised limit: the city sees it red.
    await daysPass(21, [street, city]);
    const calendar = await cityCalendar();
    const read = await underWay();
    const overdue = foldCase(read?.events ?? [], read?.receipts ?? []);
    expect(overdue === null ? null : caseWarning(overdue, calendar, hubNow())).toBe('red');
    if (read === null) throw new Error('the case left the list');

    streetLink.setFaults('down');
    await eventually(() => street.sync.status(), (s) => !s.online, 30_000, 'the street to see it is offline');
    // Acting on it copies it: the case and the urge are stored on the city's device together.
    const urged = await city.desk.recordOnRead(read, 'urge', { toUnitId: STREET, note: '已超期，请说明原因 / Overdue: explain why', replyDays: 2 });
    const urgeId = urged.events.at(-1)?.id ?? '';
    await eventually(() => city.sync.status(), (s) => s.pendingOutbound === 0, 30_000, 'the urge to reach the hub');
    expect((await caseAt(street, accepted.id))?.replyOwedBy).toBe('');

    // A week passes before the street's link comes back: the reply will be late.
    offsetMs += 7 * DAY;
    streetLink.setFaults('healthy');
    const seen = await eventually(() => caseAt(street, accepted.id), (doc) => doc?.replyOwedBy === STREET, 30_000, 'the street to see the urge it owes a reply to');
    expect(seen?.openSupervisionBy).toBe(CITY);
    await daysPass(0, [street, city]);
    // Offline again: the urge stays on the street's desk, and its reply is recorded there.
    streetLink.setFaults('down');
    await street.desk.record(accepted.id, 'reply', { replyTo: urgeId, note: '已联系申请人补充核实，明日办结 / Applicant contacted, decided tomorrow' });
    expect((await caseAt(street, accepted.id))?.replyOwedBy).toBe('');
    streetLink.setFaults('healthy');

    const answered = await eventually(() => caseAt(city, accepted.id), (doc) => doc !== null && doc.replyOwedBy === '' && doc.events.some((e) => e.type === 'reply'), 30_000, 'the city to see the reply');
    const state = foldCase(answered?.events ?? [], answered?.receipts ?? []);
    const item = state?.supervision.find((i) => i.eventId === urgeId);
    expect(item?.reply?.note).toContain('明日办结');
    expect(item === undefined ? null : isReplyLate(item, calendar, hubNow())).toBe(true);
    // An urge is settled by its reply: nothing stays open for the city.
    expect(answered?.openSupervisionBy).toBe('');
  });

  it('a 非常不满意 handed over at the station opens a rectification that goes late after 5 working days', async () => {
    const accepted = await community.accept({ item: INSTANT_ITEM, applicant: APPLICANT });
    await community.record(accepted.id, 'approve', {});
    await community.record(accepted.id, 'pickup', { deliveryMode: 'station' });
    await community.record(accepted.id, 'rate', { rating: 1, via: 'handover', note: '等了两个小时 / Waited two hours' });
    const rectifying = async (): Promise<CaseDoc | null> => (await wholeNetworkList(network.url, cityToken, 'rectifying')).find((doc) => doc.id === accepted.id) ?? null;
    const opened = await eventually(rectifying, (doc) => doc?.rectificationBy === COMMUNITY, 30_000, 'the city to see the open rectification');
    expect(await caseAt(city, accepted.id)).toBeNull();
    const calendar = await cityCalendar();
    const rectificationOf = (doc: CaseDoc | null) => foldCase(doc?.events ?? [], doc?.receipts ?? [])?.rectification ?? null;
    const open = rectificationOf(opened);
    expect(open).toMatchObject({ unitId: COMMUNITY, rating: 1, callbackAtMs: null, closedAtMs: null });
    expect(open === null ? null : isRectificationLate(open, calendar, hubNow())).toBe(false);
    // The street above the station sees it too.
    await eventually(() => caseAt(street, accepted.id), (doc) => doc?.rectificationBy === COMMUNITY, 30_000, 'the street to see the open rectification');

    // Twelve calendar days hold at least 5 working days whatever the holidays around New Year.
    await daysPass(12, [street, city]);
    expect(open === null ? null : isRectificationLate(open, calendar, hubNow())).toBe(true);

    await community.record(accepted.id, 'callback', { note: '已回访致歉 / Called back, apologised' });
    await community.record(accepted.id, 'rectify', { note: '增设取号引导 / Added a queue guide' });
    await community.record(accepted.id, 'close_rectification', {});
    const closed = await eventually(() => networkCase(network.url, cityToken, accepted.caseNumber), (doc) => doc?.rectificationBy === '', 30_000, 'the city to see the rectification closed');
    expect(await rectifying()).toBeNull();
    const done = rectificationOf(closed);
    expect(done?.callbackAtMs).not.toBeNull();
    expect(done?.actionAtMs).not.toBeNull();
    expect(done?.closedAtMs).not.toBeNull();
  });
});
