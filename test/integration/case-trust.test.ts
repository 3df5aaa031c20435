import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { CaseDesk } from '../../replication/case-desk.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { newCaseId, newEventId } from '../../schemas/rules/case-ids.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { formatHlc, parseHlc } from '../../schemas/rules/hlc.ts';
import type { CaseDoc, CaseEvent, ServiceItem } from '../../schemas/types.ts';
import { caseFields, hubSnapshot, rawEvent, rawNewCase, toWire, withEvent, type BulkAnswerRow, type Signature } from '../helpers/raw-cases.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

/**
 * Cases you can trust, tried from outside over plain HTTP as an attacker would: every write goes
 * through a real socket to the real gateway and the embedded hub.
 */
const STATION = 'community-xinghuacun';
const SIBLING = 'community-liuanlu';
const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';
const DAY = 86_400_000;

function item(test: (i: ServiceItem) => boolean, what: string): ServiceItem {
  const found = DEMO_CATALOG.find(test);
  if (found === undefined) throw new Error(`the demo catalog has no ${what}`);
  return found;
}
const STREET_ITEM = item((i) => i.decisionTier === 'street' && i.kind === 'commitment' && i.acceptTiers.includes('community'), 'street-decided commitment item');

describe('cases you can trust: time anchored at the hub, visibility from what happened, no oracle', () => {
  let network: TestNetwork;
  const sessions = new Map<string, Session>();

  const who = (unitId: string): Signature => {
    const s = sessions.get(unitId);
    if (s === undefined) throw new Error(`no session at ${unitId}`);
    return { unitId, workerId: s.actor.workerId };
  };
  const token = (unitId: string): string => sessions.get(unitId)?.token ?? '';

  async function http<T>(method: 'GET' | 'POST', unitId: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${network.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token(unitId)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  async function push(unitId: string, doc: Record<string, unknown>): Promise<BulkAnswerRow> {
    const answer = await http<BulkAnswerRow[]>('POST', unitId, `/sync/${unitId}/cases/_bulk_docs`, { docs: [doc] });
    expect(answer.status).toBe(201);
    const [row] = answer.body;
    if (row === undefined) throw new Error('no row');
    return row;
  }

  async function stored(id: string): Promise<CaseDoc> {
    return caseFields(await network.hubPort.database('cases').get(id));
  }

  /** A case accepted at the station and forwarded to its street, stored through the gateway. */
  async function caseAtStreet(): Promise<CaseDoc> {
    const fresh = rawNewCase(STREET_ITEM, who(STATION));
    const forward = rawEvent('forward', { toUnitId: STREET }, who(STATION), fresh.lastHlc);
    expect((await push(STATION, toWire(withEvent(fresh, forward)))).ok).toBe(true);
    return stored(fresh.id);
  }

  async function visibleCases(unitId: string): Promise<CaseDoc[]> {
    const answer = await http<{ results: { doc: Record<string, unknown> }[] }>('GET', unitId, `/sync/${unitId}/cases/_changes?since=0&limit=1000&include_docs=true`);
    expect(answer.status).toBe(200);
    return answer.body.results.map((r) => caseFields(r.doc));
  }

  beforeAll(async () => {
    network = await startTestNetwork();
    for (const unitId of [STATION, SIBLING, STREET, CITY]) sessions.set(unitId, await network.login(network.account(unitId).username));
  });
  afterAll(async () => {
    await network.stop();
  });

  it('1. a step stamped far in the future is refused per document, and changes nothing', async () => {
    const before = await hubSnapshot(network.hubPort, ['cases']);
    const fresh = rawNewCase(STREET_ITEM, who(STATION));
    const accept = fresh.events[0];
    if (accept === undefined) throw new Error('no accept');
    const future = { ...fresh, events: [{ ...accept, hlc: '999999999999999:999999:evil-device' }] };
    const row = await push(STATION, toWire(future));
    expect(row).toMatchObject({ code: 'ERR_CLOCK_AHEAD', error: 'forbidden' });
    expect(row.reason_zh).toMatch(/时钟/);
    const tenMinutes = { ...fresh, events: [{ ...accept, hlc: formatHlc({ ...parseHlc(accept.hlc), wallMs: Date.now() + 10 * 60_000 }) }] };
    expect((await push(STATION, toWire(tenMinutes))).code).toBe('ERR_CLOCK_AHEAD');
    expect(await hubSnapshot(network.hubPort, ['cases'])).toEqual(before);
  });

  it('1. a case holding a bad stamp (stored before the gateway refused them) never breaks a device, even after a restart', async () => {
    // Planted straight into the hub, as the old gateway stored it.
    const atStreet = await caseAtStreet();
    const bogus: CaseEvent = { ...rawEvent('urge', {}, who(CITY), atStreet.lastHlc), hlc: '999999999999999:999999:evil-device' };
    const poisoned = materializeCase(atStreet.id, [...atStreet.events, bogus], [...atStreet.receipts, { eventId: bogus.id, at: Date.now() }], atStreet.visibleTo);
    if (poisoned === null) throw new Error('no case');
    const current = await network.hubPort.database('cases').get(atStreet.id);
    await network.hubPort.database('cases').bulkWrite([{ ...asCouchDoc('cases', poisoned), _rev: current?._rev ?? '' }]);

    const street = await network.station(STREET);
    await eventually(async () => (await street.db.cases.findOne(atStreet.id).exec())?.lastHlc, (hlc) => hlc === bogus.hlc, 60_000, 'the street to pull the poisoned case');
    const other = await caseAtStreet();
    await eventually(async () => await street.db.cases.findOne(other.id).exec(), (d) => d !== null, 60_000, 'the street to pull another case');
    await street.desk.record(atStreet.id, 'request_supplement', { missing: ['m1'] });
    await street.desk.record(other.id, 'approve', {});
    const saved = (await street.db.getLocal<{ stamp: string }>('device-hlc'))?.get('stamp');
    expect(typeof saved === 'string' && parseHlc(saved).wallMs <= Date.now() + 5 * 60_000).toBe(true);
    // An app restart: a new desk over the same local database and its saved clock.
    const restarted = new CaseDesk({ db: street.db, actor: street.actor, deviceId: 'dev-street-restarted', now: () => street.sync.hubClock.now() });
    await restarted.record(atStreet.id, 'supplement', { provided: ['m1'] });
    // Both steps reach the hub: the device's stamps are ones the gateway takes.
    await eventually(async () => [(await stored(atStreet.id)).status, (await stored(other.id)).status], ([a, b]) => a === 'handling' && b === 'approved', 60_000, 'every step to reach the hub');
    expect((await street.sync.status()).refused).toEqual([]);
  });

  it('2. a withdraw back-dated 60 days cannot overtake the street\'s decision; both units see the losing step', async () => {
    const atStreet = await caseAtStreet();
    const approve = rawEvent('approve', {}, who(STREET), atStreet.lastHlc);
    expect((await push(STREET, toWire(withEvent(atStreet, approve)))).ok).toBe(true);
    const decided = await stored(atStreet.id);
    const withdraw = { ...rawEvent('withdraw', {}, who(STATION), null), hlc: formatHlc({ wallMs: parseHlc(approve.hlc).wallMs - 60 * DAY, counter: 0, node: 'offline-tablet' }) };
    const row = await push(STATION, toWire(withEvent(decided, withdraw)));
    expect(row.ok).toBe(true);
    const after = await stored(atStreet.id);
    expect(after).toMatchObject({ status: 'approved', conflictCount: 1 });
    for (const unitId of [STATION, STREET]) {
      const seen = (await visibleCases(unitId)).find((c) => c.id === atStreet.id);
      expect(seen, `${unitId} sees the case`).toMatchObject({ status: 'approved', conflictCount: 1 });
      expect(foldCase(seen?.events ?? [], seen?.receipts ?? [])?.conflicts.map((c) => c.eventId), `${unitId} sees which step lost`).toEqual([withdraw.id]);
    }
  });

  it('3. a station cannot freeze a case it forwarded: padding is refused, the holder still decides', async () => {
    const atStreet = await caseAtStreet();
    const padding: CaseEvent[] = [];
    let last = atStreet.lastHlc;
    for (let i = 0; i < 498; i += 1) {
      const event = rawEvent('suspend', { note: '占位' }, who(STATION), last);
      padding.push(event);
      last = event.hlc;
    }
    const before = await hubSnapshot(network.hubPort, ['cases']);
    const row = await push(STATION, toWire({ ...atStreet, events: [...atStreet.events, ...padding] }));
    expect(row.code).toBe('ERR_CASE_CONFLICT_LIMIT');
    expect(await hubSnapshot(network.hubPort, ['cases'])).toEqual(before);
    const decide = rawEvent('approve', {}, who(STREET), atStreet.lastHlc);
    expect((await push(STREET, toWire(withEvent(atStreet, decide)))).ok).toBe(true);
    expect((await stored(atStreet.id)).status).toBe('approved');
  });

  it('4. a forward by a street that does not hold the case widens nothing: the sibling learns nothing', async () => {
    const fresh = rawNewCase(STREET_ITEM, who(STATION));
    expect((await push(STATION, toWire(fresh))).ok).toBe(true);
    const atStation = await stored(fresh.id);
    const forged = rawEvent('forward', { toUnitId: SIBLING }, who(STREET), atStation.lastHlc);
    expect((await push(STREET, toWire(withEvent(atStation, forged)))).ok).toBe(true);
    const after = await stored(fresh.id);
    expect(after.conflictCount).toBe(1);
    expect(after.visibleTo).not.toContain(SIBLING);
    expect((await visibleCases(SIBLING)).map((c) => c.id)).not.toContain(fresh.id);
    const byKey = await http<{ rows: { error?: string; doc?: unknown }[] }>('POST', SIBLING, `/sync/${SIBLING}/cases/_all_docs`, { keys: [fresh.id] });
    expect(byKey.body.rows).toEqual([{ key: fresh.id, error: 'not_found' }]);
  });

  it('5. writing under a case id one cannot see answers exactly as an unused id of the same shape', async () => {
    const hidden = await caseAtStreet();
    const unused = newCaseId(STATION, Date.now(), (n) => crypto.getRandomValues(new Uint8Array(n)));
    const attempts: [string, (id: string) => Record<string, unknown>][] = [
      ['its own new accept', (id) => ({ ...toWire({ ...rawNewCase(STREET_ITEM, who(SIBLING)), id }), _id: id })],
      ['a step on top', (id) => ({ ...toWire({ ...hidden, id, events: [...hidden.events, rawEvent('supplement', { provided: ['m1'] }, who(SIBLING), hidden.lastHlc)] }), _id: id })],
      ['an echo of the stored case', (id) => ({ ...toWire({ ...hidden, id }), _id: id })],
    ];
    for (const [label, build] of attempts) {
      const onHidden = await push(SIBLING, build(hidden.id));
      const onUnused = await push(SIBLING, build(unused));
      const shape = (row: BulkAnswerRow, id: string): unknown => ({ ...row, id: '', detail: (row.detail ?? '').replaceAll(id, '<id>') });
      expect(shape(onHidden, hidden.id), label).toEqual(shape(onUnused, unused));
      expect(onHidden.ok, label).toBeUndefined();
    }
  });

  it('5. a decoy carrying another case\'s number is refused, and the city\'s search finds the real case', async () => {
    const real = await caseAtStreet();
    for (let i = 0; i < 3; i += 1) {
      const decoy = rawNewCase(STREET_ITEM, who(SIBLING));
      const accept = decoy.events[0];
      if (accept === undefined) throw new Error('no accept');
      const withNumber = materializeCase(decoy.id, [{ ...accept, id: newEventId((n) => crypto.getRandomValues(new Uint8Array(n))), data: { ...accept.data, caseNumber: real.caseNumber } }], [], [SIBLING]);
      if (withNumber === null) throw new Error('no case');
      expect((await push(SIBLING, toWire(withNumber))).code).toBe('ERR_CASE_NUMBER_TAKEN');
      expect(await network.hubPort.database('cases').get(decoy.id)).toBeNull();
    }
    const search = await http<{ cases: CaseDoc[] }>('GET', CITY, `/api/supervision/cases?number=${real.caseNumber}`);
    expect(search.status).toBe(200);
    expect(search.body.cases.map((c) => c.id)).toEqual([real.id]);
  });

  it('15. a since token from another collection is a 400; one from another hub (or from before tokens named their hub) restarts the sync cleanly', async () => {
    const path = (since: string): string => `/sync/${STATION}/cases/_changes?since=${encodeURIComponent(since)}&limit=1000&include_docs=true`;
    const fromStart = await http<{ results: { id: string }[] }>('GET', STATION, path('0'));
    const units = await http<{ last_seq: string }>('GET', STATION, `/sync/${STATION}/units/_changes?since=0&limit=1000`);
    const wrongCollection = await http<{ code: string; reason_zh: string }>('GET', STATION, path(units.body.last_seq));
    expect(wrongCollection.status).toBe(400);
    expect(wrongCollection.body.code).toBe('ERR_BAD_REQUEST');
    // The embedded hub's integer seqs, as a station synced before the move to Apache CouchDB holds them.
    const base64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const since of [base64(['c', 3]), base64(['c', 3, null, 'cases', '0123456789abcdef']), base64(['i', 3, null, 'cases', 'fedcba9876543210'])]) {
      const answer = await http<{ results: { id: string }[]; last_seq: string }>('GET', STATION, path(since));
      expect(answer.status, since).toBe(200);
      expect(answer.body.results.map((r) => r.id).sort(), since).toEqual(fromStart.body.results.map((r) => r.id).sort());
    }
  });
});
