import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkCaseList, NetworkCasePage, NetworkListOrder } from '../../schemas/api/network-case-page.schema.ts';
import { unitsWorkingOn } from '../../schemas/rules/case-copies.ts';
import { CASE_STATUS_GROUPS } from '../../schemas/rules/case-status.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { eventually, startTestNetwork, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

/**
 * Issue 11 item 5: the city console reads, it does not copy. Its device copies only the cases the
 * city works on; the network's lists come from the server a page at a time; acting on a case read
 * there copies it, and sync keeps that copy current.
 */
const CITY = 'hefei-center';
const STREET = 'street-sanxiaokou';

describe('the city console reads the network, and copies only its own work', () => {
  let network: TestNetwork;
  let token: string;
  let city: TestStation;

  beforeAll(async () => {
    network = await startTestNetwork({ sampleCases: true });
    token = (await network.login(network.account(CITY).username)).token;
    city = await network.station(CITY);
    await city.sync.awaitInSync();
  });
  afterAll(async () => {
    await network.stop();
  });

  async function hubCases(): Promise<CaseDoc[]> {
    return (await network.hubPort.database('cases').allDocs()).flatMap((d) => storedAs(d, validators.case));
  }

  async function listPage(query: Record<string, string>, as = token) {
    return network.app.inject({ method: 'GET', url: `/api/supervision/lists?${new URLSearchParams(query).toString()}`, headers: { authorization: `Bearer ${as}` } });
  }

  async function everyPage(list: NetworkCaseList, order: NetworkListOrder, limit: number): Promise<{ cases: CaseDoc[]; totals: number[] }> {
    const cases: CaseDoc[] = [];
    const totals: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 500; pages += 1) {
      const answer = await listPage({ list, order, limit: String(limit), ...(cursor === null ? {} : { cursor }) });
      expect(answer.statusCode, answer.body).toBe(200);
      const page = answer.json<NetworkCasePage>();
      expect(page.cases.length).toBeLessThanOrEqual(limit);
      cases.push(...page.cases);
      totals.push(page.total);
      cursor = page.next;
      if (cursor === null) return { cases, totals };
    }
    throw new Error('more than 500 pages');
  }

  it('the city\'s first sync copies exactly the cases the city works on, of a network where it sees them all', async () => {
    const all = await hubCases();
    expect(all.length).toBeGreaterThan(50);
    expect(all.every((doc) => doc.visibleTo.includes(CITY))).toBe(true);
    const worked = all.filter((doc) => unitsWorkingOn(doc).includes(CITY)).map((doc) => doc.id).sort();
    expect(worked.length).toBeGreaterThan(0);
    expect(worked.length).toBeLessThan(all.length / 2);
    const copied = (await city.db.cases.find().exec()).map((d) => d.id).sort();
    expect(copied).toEqual(worked);
    // Its heartbeats too: its own, not every station's (the overview reads those from the server).
    expect((await city.db.heartbeats.find().exec()).every((h) => h.unitId === CITY)).toBe(true);
  });

  it('the network lists, page after page: every case under way and every open rectification, in each order, once', async () => {
    const all = await hubCases();
    const underWay: readonly string[] = CASE_STATUS_GROUPS.underWay;
    const expected: Record<NetworkCaseList, CaseDoc[]> = {
      underWay: all.filter((doc) => underWay.includes(doc.status)),
      rectifying: all.filter((doc) => doc.rectificationBy !== ''),
    };
    expect(expected.underWay.length).toBeGreaterThan(10);
    const byRecent = (a: CaseDoc, b: CaseDoc): number => (a.listOrder < b.listOrder ? -1 : a.listOrder > b.listOrder ? 1 : a.id < b.id ? -1 : 1);
    const byUrgency = (a: CaseDoc, b: CaseDoc): number => a.dueDay - b.dueDay || (a.id < b.id ? -1 : 1);
    for (const list of ['underWay', 'rectifying'] as const) {
      for (const order of ['recent', 'urgency'] as const) {
        const { cases, totals } = await everyPage(list, order, 7);
        const want = [...expected[list]].sort(order === 'recent' ? byRecent : byUrgency);
        expect(cases.map((d) => d.id), `${list}/${order}`).toEqual(want.map((d) => d.id));
        expect(new Set(totals), `${list}/${order}`).toEqual(new Set([want.length]));
      }
    }
  });

  it('refuses a cursor of another list or order, a cursor that is not one, and anyone but the city\'s case workers', async () => {
    const first = (await listPage({ list: 'underWay', order: 'recent', limit: '2' })).json<NetworkCasePage>();
    expect(first.next).not.toBeNull();
    const elsewhere = await listPage({ list: 'underWay', order: 'urgency', cursor: first.next ?? '' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json()).toMatchObject({ code: 'ERR_LIST_CURSOR' });
    expect((await listPage({ list: 'rectifying', cursor: first.next ?? '' })).json()).toMatchObject({ code: 'ERR_LIST_CURSOR' });
    for (const garbage of ['%%%', Buffer.from('[1,2,3,4]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
      expect((await listPage({ list: 'underWay', cursor: garbage })).statusCode, garbage).toBe(400);
    }
    expect((await listPage({ list: 'everything' })).statusCode).toBe(400);
    expect((await listPage({ list: 'underWay', limit: '5000' })).statusCode).toBe(400);
    expect((await listPage({ list: 'underWay' }, (await network.login(network.account(STREET).username)).token)).statusCode).toBe(403);
    expect((await listPage({ list: 'underWay' }, (await network.login('admin')).token)).json()).toMatchObject({ code: 'ERR_ROLE_NO_CASES' });
    expect((await network.app.inject({ method: 'GET', url: '/api/supervision/lists?list=underWay' })).statusCode).toBe(401);
  });

  it('supervising a case read from a list copies it; what the street does next reaches the city\'s copy', async () => {
    const copied = new Set((await city.db.cases.find().exec()).map((d) => d.id));
    const { cases } = await everyPage('underWay', 'recent', 50);
    const target = cases.find((doc) => doc.holderUnitId === STREET && !copied.has(doc.id) && doc.openSupervisionBy === '');
    if (target === undefined) throw new Error('the demo has no case under way at the street the city has not worked on');
    const supervised = await city.desk.recordOnRead(target, 'supervise', { toUnitId: STREET, note: '请加快办理 / Please speed up', replyDays: 3 });
    expect(supervised.openSupervisionBy).toBe(CITY);
    await eventually(() => city.sync.status(), (s) => s.pendingOutbound === 0, 30_000, 'the supervision to reach the hub');
    const atHub = (await hubCases()).find((doc) => doc.id === target.id);
    expect(atHub?.events.length).toBe(target.events.length + 1);
    expect(atHub?.events.map((e) => e.id)).toEqual(expect.arrayContaining(target.events.map((e) => e.id)));

    // The street replies; the city's copy, now its work, follows.
    const street = await network.station(STREET);
    try {
      await eventually(async () => (await street.db.cases.findOne(target.id).exec())?.openSupervisionBy, (by) => by === CITY, 30_000, 'the street to see the supervision');
      const supervisionId = supervised.events.at(-1)?.id ?? '';
      await street.desk.record(target.id, 'reply', { replyTo: supervisionId, note: '已加派人手 / More hands on it' });
      const seen = await eventually(async () => (await city.db.cases.findOne(target.id).exec())?.toMutableJSON() ?? null, (doc) => doc?.events.some((e) => e.type === 'reply') === true, 30_000, 'the city\'s copy to take the reply');
      expect(seen?.events.length).toBe(target.events.length + 2);
    } finally {
      await street.stop();
    }
  });

  it('a step on a case the city does not work on does not wake the city\'s long-poll', async () => {
    const info = await network.app.inject({ method: 'GET', url: `/sync/${CITY}/cases`, headers: { authorization: `Bearer ${token}` } });
    const since = info.json<{ update_seq: string }>().update_seq;
    const started = Date.now();
    const poll = network.app.inject({ method: 'GET', url: `/sync/${CITY}/cases/_changes?feed=longpoll&since=${encodeURIComponent(since)}&timeout=1500`, headers: { authorization: `Bearer ${token}` } });
    // A street clerk takes a step on a case only the street works on, while the city waits.
    const street = await network.station(STREET);
    try {
      const { cases } = await everyPage('underWay', 'recent', 50);
      const mine = new Set((await city.db.cases.find().exec()).map((d) => d.id));
      const quiet = cases.find((doc) => doc.holderUnitId === STREET && !mine.has(doc.id) && (doc.status === 'accepted' || doc.status === 'handling'));
      if (quiet === undefined) throw new Error('the demo has no workable case at the street the city does not work on');
      await eventually(async () => street.db.cases.findOne(quiet.id).exec(), (doc) => doc !== null, 30_000, 'the street to hold the case');
      await street.desk.record(quiet.id, 'suspend', { note: '公示期 / Public notice period' });
      await eventually(() => street.sync.status(), (s) => s.pendingOutbound === 0, 30_000, 'the step to reach the hub');
      const answer = await poll;
      expect(answer.json<{ results: unknown[] }>().results).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
    } finally {
      await street.stop();
    }
  });
});
