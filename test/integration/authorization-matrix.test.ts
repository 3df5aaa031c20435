import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { STATION_COLLECTION_NAMES, type HubCollectionName } from '../../schemas/collections.ts';
import { copiesAllItSees, unitsWorkingOn } from '../../schemas/rules/case-copies.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { signToken, type TokenClaims } from '../../server/services/tokens.ts';
import { encodeSeq } from '../../server/sync/seq-token.ts';
import type { CaseDoc, CaseEvent, ServiceItem } from '../../schemas/types.ts';
import {
  caseFields,
  demoAncestors,
  expectedVisibility,
  GatewayCalls,
  hubSnapshot,
  itemSnapshot,
  omit,
  rawEvent,
  rawHeartbeat,
  rawNewCase,
  stopNetworkBounded,
  toWire,
  withEvent,
  type BulkAnswerRow,
  type ErrorAnswer,
  type Signature,
} from '../helpers/raw-cases.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork, type TestStation } from '../helpers/test-network.ts';

/** The secret test-network.ts builds the gateway with: lets this file mint expired tokens. */
const TEST_TOKEN_SECRET = Buffer.from('test-secret-test-secret-test-secret!');

const CITY = 'hefei-center';
const UNITS = DEMO_UNITS.map((u) => u.id);
const STREETS = DEMO_UNITS.filter((u) => u.tier === 'street');
const communitiesOf = (streetId: string): string[] => DEMO_UNITS.filter((u) => u.parentId === streetId).map((u) => u.id);

function catalogItem(code: string): ServiceItem {
  const item = DEMO_CATALOG.find((i) => i.code === code);
  if (item === undefined) throw new Error(`demo catalog lacks ${code}`);
  return item;
}
/** Decided at the city, accepted at every tier. */
const CITY_ITEM = catalogItem('HF-SB-0002');
/** Decided at the street, accepted at every tier. */
const STREET_ITEM = catalogItem('HF-MZ-0001');
/** Accepted only at streets and the city. */
const NOT_AT_COMMUNITY_ITEM = catalogItem('HF-YB-0002');

/** A case planted through real stations, and what the tests expect of it. */
interface Planted {
  readonly id: string;
  readonly acceptedAt: string;
  readonly forwardedTo: string[];
  readonly visibleTo: string[];
}

describe('authorization matrix: every unit against every unit', () => {
  let network: TestNetwork;
  let hub: HubPort;
  let calls: GatewayCalls;
  const sessions = new Map<string, Session>();
  const planted: Planted[] = [];
  let refusals = 0;
  const lastSnapshot = new Map<string, Awaited<ReturnType<typeof hubSnapshot>>>();

  const session = (username: string): Session => {
    const found = sessions.get(username);
    if (found === undefined) throw new Error(`no session for ${username}`);
    return found;
  };
  const token = (username: string): string => session(username).token;
  const me = (username: string): Signature => ({ unitId: session(username).actor.unitId, workerId: username });
  const visibleTo = (unitId: string): Planted[] => planted.filter((p) => p.visibleTo.includes(unitId));
  const invisibleTo = (unitId: string): Planted[] => planted.filter((p) => !p.visibleTo.includes(unitId));

  async function storedCase(id: string): Promise<CaseDoc & { _rev: string }> {
    const doc = await hub.database('cases').get(id);
    const rev = doc?._rev;
    if (rev === undefined) throw new Error(`case ${id} has no revision`);
    return { ...caseFields(doc), _rev: rev };
  }

  /**
   * Sends one document that must be refused: checks the row's code and shape, and that the hub is
   * exactly as it was (each refusal is compared against the snapshot taken before it).
   */
  async function expectRefused(username: string, collection: string, doc: unknown, code: string, what: string, dbs: readonly HubCollectionName[] = ['cases']): Promise<void> {
    // The snapshot after one refusal is the one before the next: only this file writes to the hub.
    const cacheKey = dbs.join(',');
    const before = lastSnapshot.get(cacheKey) ?? (await hubSnapshot(hub, dbs));
    const row = await calls.bulkOne(token(username), session(username).actor.unitId, collection, doc);
    expect(row.code, `${what}: answered ${JSON.stringify(row)}`).toBe(code);
    expect(row.ok, what).toBeUndefined();
    expect(row.error, what).toBe('forbidden');
    expect(typeof row.reason === 'string' && row.reason.length > 0, `${what}: reason`).toBe(true);
    expect(/[\u4e00-\u9fff]/.test(row.reason_zh ?? ''), `${what}: reason_zh`).toBe(true);
    const after = await hubSnapshot(hub, dbs);
    expect(after, `${what}: hub changed`).toEqual(before);
    lastSnapshot.set(cacheKey, after);
    refusals += 1;
  }

  /** The catalog editor and the administrator do not reach the cases collection at all. */
  async function expectNoCases(username: string, doc: unknown, what: string): Promise<void> {
    const before = await hubSnapshot(hub, ['cases']);
    const answer = await calls.bulk(token(username), session(username).actor.unitId, 'cases', [doc]);
    expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(403);
    expect((answer.body as ErrorAnswer).code, what).toBe('ERR_ROLE_NO_CASES');
    expect(await hubSnapshot(hub, ['cases']), `${what}: hub changed`).toEqual(before);
    refusals += 1;
  }

  beforeAll(async () => {
    network = await startTestNetwork();
    hub = network.hubPort;
    calls = new GatewayCalls(network.app);
    for (const username of [...UNITS, 'catalog-editor', 'admin']) sessions.set(username, await network.login(username));

    // Free RxDB caps open collections at 16 per process (4 per station): one station at a time.
    const withStation = async (unitId: string, work: (station: TestStation) => Promise<void>): Promise<void> => {
      const station = await network.station(unitId);
      try {
        await station.sync.awaitInSync();
        await work(station);
        await eventually(() => station.sync.status(), (s) => s.pendingOutbound === 0, 30_000, `${unitId} to push everything`);
        await station.sync.awaitInSync();
      } finally {
        await station.stop();
      }
    };
    const plant = (doc: CaseDoc, acceptedAt: string, forwardedTo: string[]): void => {
      planted.push({ id: doc.id, acceptedAt, forwardedTo, visibleTo: expectedVisibility(acceptedAt, forwardedTo) });
    };
    const applicant = (name: string) => ({ name, idNumber: '34010219800101001X', phone: '13905510000' });

    // One case accepted at each community; the first community of each street sends its case up.
    for (const street of STREETS) {
      for (const [index, community] of communitiesOf(street.id).entries()) {
        await withStation(community, async ({ desk }) => {
          const doc = await desk.acceptCase({ item: index === 0 ? CITY_ITEM : STREET_ITEM, applicant: applicant(`申请人${community}`) });
          if (index === 0) await desk.record(doc.id, 'forward', { toUnitId: street.id });
          plant(doc, community, index === 0 ? [street.id] : []);
        });
      }
    }
    const [sanxiaokou, sanlian, wuhulu] = STREETS.map((s) => s.id);
    if (sanxiaokou === undefined || sanlian === undefined || wuhulu === undefined) throw new Error('demo network lacks its three streets');
    // A street's own case sent down to its second community, which widens who sees it.
    await withStation(sanxiaokou, async ({ desk }) => {
      const down = communitiesOf(sanxiaokou)[1] ?? '';
      const doc = await desk.acceptCase({ item: STREET_ITEM, applicant: applicant('街道申请人') });
      await desk.record(doc.id, 'forward', { toUnitId: down });
      plant(doc, sanxiaokou, [down]);
    });
    // A street's case kept at the street: its communities must not see it.
    await withStation(sanlian, async ({ desk }) => {
      plant(await desk.acceptCase({ item: STREET_ITEM, applicant: applicant('街道申请人二') }), sanlian, []);
    });
    // A city case kept at the city, and one sent down two levels.
    let travellingId = '';
    await withStation(CITY, async ({ desk }) => {
      plant(await desk.acceptCase({ item: CITY_ITEM, applicant: applicant('市级申请人') }), CITY, []);
      travellingId = (await desk.acceptCase({ item: CITY_ITEM, applicant: applicant('市级申请人二') })).id;
      await desk.record(travellingId, 'forward', { toUnitId: wuhulu });
    });
    const wuhuluFirst = communitiesOf(wuhulu)[0] ?? '';
    await withStation(wuhulu, async ({ db, desk }) => {
      await eventually(() => db.cases.findOne(travellingId).exec(), (doc) => doc !== null, 30_000, `case ${travellingId} to reach ${wuhulu}`);
      await desk.record(travellingId, 'forward', { toUnitId: wuhuluFirst });
    });
    planted.push({ id: travellingId, acceptedAt: CITY, forwardedTo: [wuhulu, wuhuluFirst], visibleTo: expectedVisibility(CITY, [wuhulu, wuhuluFirst]) });

    const eventsWanted = (p: Planted): number => 1 + p.forwardedTo.length;
    await eventually(async () => {
      const docs = await Promise.all(planted.map((p) => storedCase(p.id).catch(() => null)));
      return docs.map((d, i) => d !== null && d.events.length === eventsWanted(planted[i] as Planted));
    }, (flags) => flags.every(Boolean), 30_000, 'every planted case on the hub with all its events');
    // From here on only this file's own requests touch the hub: every station is stopped.

    for (const unitId of UNITS) {
      const row = await calls.bulkOne(token(unitId), unitId, 'heartbeats', rawHeartbeat(unitId, 'matrix-device'));
      if (row.ok !== true) throw new Error(`heartbeat of ${unitId} refused: ${JSON.stringify(row)}`);
    }
    // Heartbeats are written in batches: on the hub now, before any snapshot is compared.
    await network.app.gateway.heartbeatBatches.flush();
  });

  afterAll(async () => {
    console.info(`authorization matrix: ${refusals} refused writes checked against a hub snapshot`);
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`authorization matrix teardown: ${problem}`);
  });

  it('the planted cases carry exactly the expected visibility', async () => {
    // 9 community cases, 2 street cases, 2 city cases.
    expect(planted).toHaveLength(13);
    for (const p of planted) {
      const stored = await storedCase(p.id);
      expect(stored.visibleTo, `visibleTo of the case accepted at ${p.acceptedAt}`).toEqual(p.visibleTo);
      expect(stored.acceptedUnitId).toBe(p.acceptedAt);
    }
  });

  it('reads: over all 169 pairs, _changes gives exactly what the device copies and _all_docs what is visible', async () => {
    const missing = 'c_nosuchcase_000000_AAAAAA';
    let pairs = 0;
    // A device copies what its unit may see; the city's only what it works on (it reads the rest from the server).
    const workingOn = new Map(await Promise.all(planted.map(async (p) => [p.id, unitsWorkingOn(await storedCase(p.id))] as const)));
    const copiesAll = (reader: string): boolean => copiesAllItSees(DEMO_UNITS.find((u) => u.id === reader)?.tier ?? 'community');
    const copies = (reader: string, p: { id: string; visibleTo: readonly string[] }): boolean => p.visibleTo.includes(reader) && (copiesAll(reader) || (workingOn.get(p.id) ?? []).includes(reader));
    expect(planted.filter((p) => copies(CITY, p)).length, 'the city works on some of the planted cases').toBeGreaterThan(0);
    expect(planted.filter((p) => !copies(CITY, p)).length, 'and not on others').toBeGreaterThan(0);
    for (const reader of UNITS) {
      const t = token(reader);
      const expected = planted.filter((p) => copies(reader, p)).map((p) => p.id).sort();
      const viaIndex = await calls.visibleIds(t, reader, 'cases', '0');
      const viaScan = await calls.visibleIds(t, reader, 'cases', encodeSeq({ phase: 'changes', hubSeq: 0 }, { collection: 'cases', hub: await hub.database('cases').identity() }));
      expect(new Set(viaIndex).size, `${reader}: _changes since=0 has repeats`).toBe(viaIndex.length);
      expect([...viaIndex].sort(), `${reader}: cases in _changes since=0 (index walk)`).toEqual(expected);
      expect([...new Set(viaScan)].sort(), `${reader}: cases in _changes from hub seq 0 (feed scan)`).toEqual(expected);

      const keys = [...planted.map((p) => p.id), missing, '_design/liandong'];
      const all = await calls.post<{ rows: { key: string; id?: string; error?: string; value?: { rev: string }; doc?: { _id: string; visibleTo: string[] } }[] }>(
        `/sync/${reader}/cases/_all_docs`, t, { keys },
      );
      expect(all.status, `${reader}: _all_docs`).toBe(200);
      const rowOf = (key: string) => all.body.rows.find((r) => r.key === key);
      expect(rowOf(missing), `${reader}: a missing key`).toEqual({ key: missing, error: 'not_found' });
      expect(rowOf('_design/liandong'), `${reader}: the design document`).toEqual({ key: '_design/liandong', error: 'not_found' });

      const heartbeatUnits = (await calls.visibleIds(t, reader, 'heartbeats')).map((id) => id.split(':')[0]);
      const heartbeatAll = await calls.post<{ rows: { key: string; error?: string; doc?: { unitId: string } }[] }>(
        `/sync/${reader}/heartbeats/_all_docs`, t, { keys: UNITS.map((u) => `${u}:dev-matrix-device`) },
      );
      expect(heartbeatAll.status).toBe(200);

      for (const owner of UNITS) {
        pairs += 1;
        const pair = `reader ${reader}, cases accepted at ${owner}`;
        for (const p of planted.filter((c) => c.acceptedAt === owner)) {
          const visible = p.visibleTo.includes(reader);
          const copied = copies(reader, p);
          expect(viaIndex.includes(p.id), `${pair}: ${p.id} in _changes (index) should be ${copied}`).toBe(copied);
          expect(viaScan.includes(p.id), `${pair}: ${p.id} in _changes (scan) should be ${copied}`).toBe(copied);
          const row = rowOf(p.id);
          if (visible) {
            expect(row?.doc?._id, `${pair}: _all_docs gives the doc`).toBe(p.id);
            expect(row?.doc?.visibleTo, `${pair}: _all_docs doc visibility`).toEqual(p.visibleTo);
          } else {
            expect(row, `${pair}: _all_docs must answer like a missing doc`).toEqual({ key: p.id, error: 'not_found' });
          }
        }
        // A station's heartbeat is seen by the station and every level above it; the city's device copies only its own.
        const seesHeartbeat = owner === reader || demoAncestors(owner).includes(reader);
        const copiesHeartbeat = owner === reader || (copiesAll(reader) && seesHeartbeat);
        expect(heartbeatUnits.includes(owner), `reader ${reader}, heartbeat of ${owner} in _changes should be ${copiesHeartbeat}`).toBe(copiesHeartbeat);
        const hbRow = heartbeatAll.body.rows.find((r) => r.key === `${owner}:dev-matrix-device`);
        if (seesHeartbeat) expect(hbRow?.doc?.unitId, `reader ${reader}, heartbeat of ${owner} in _all_docs`).toBe(owner);
        else expect(hbRow, `reader ${reader}, heartbeat of ${owner} in _all_docs`).toEqual({ key: `${owner}:dev-matrix-device`, error: 'not_found' });
      }

      // The network and the catalog are everyone's.
      expect((await calls.visibleIds(t, reader, 'units')).sort(), `${reader}: units`).toEqual([...UNITS].sort());
      expect((await calls.visibleIds(t, reader, 'catalog')).sort(), `${reader}: catalog`).toEqual(DEMO_CATALOG.map((i) => i.code).sort());
    }
    expect(pairs).toBe(169);
    // Sanity of the plan: every unit sees something, nobody but the city sees everything.
    for (const unitId of UNITS) expect(visibleTo(unitId).length, `${unitId} sees some case`).toBeGreaterThan(0);
    expect(UNITS.filter((u) => invisibleTo(u).length === 0)).toEqual([CITY]);
  });

  /**
   * What the gateway answers for the same write under an id nobody uses, of the same shape (the
   * same accepting unit in it): a write to a case one may not see must get exactly that answer,
   * so no refusal says which cases exist. The probe is refused too and changes nothing.
   */
  async function unusedIdAnswer(writer: string, doc: Record<string, unknown>, acceptedAt: string): Promise<string | undefined> {
    const unused = `c_${acceptedAt}_unused${Math.random().toString(36).slice(2, 10)}`;
    const row = await calls.bulkOne(token(writer), writer, 'cases', { ...doc, id: unused, _id: unused });
    expect(row.ok, `${writer}: a write under the unused id ${unused} was accepted`).toBeUndefined();
    return row.code;
  }

  it('writes into invisible cases are refused exactly as writes under an unused id, over every pair that has one', async () => {
    const pairs = new Set<string>();
    await Promise.all(UNITS.map(async (writer) => {
      for (const p of invisibleTo(writer)) {
        pairs.add(`${writer}>${p.acceptedAt}`);
        const stored = await storedCase(p.id);
        const attempts: [string, CaseEvent['data'], Parameters<typeof rawEvent>[0]][] = [
          ['resume', { note: '越权续办' }, 'resume'],
          ['forward to itself', { toUnitId: writer }, 'forward'],
          ['supplement', { provided: ['id-card'] }, 'supplement'],
          ['withdraw', {}, 'withdraw'],
        ];
        for (const [label, data, type] of attempts) {
          const event = rawEvent(type, data, me(writer), stored.lastHlc);
          const wire = toWire(withEvent(stored, event));
          const expected = await unusedIdAnswer(writer, wire, p.acceptedAt);
          await expectRefused(writer, 'cases', wire, expected ?? 'none', `${writer} appending ${label} to ${p.id} accepted at ${p.acceptedAt}`);
        }
      }
    }));
    // Every unit but the city has at least one invisible case.
    expect(new Set([...pairs].map((p) => p.split('>')[0])).size).toBe(UNITS.length - 1);
  });

  it('re-sending known events of an invisible case (no new step) is refused as under an unused id and reveals nothing, over every pair that has one', async () => {
    // Someone who once learnt an event of a case (a copied record, a re-assigned device) must not
    // get the case's current state back from _bulk_docs: reads are the visible set only.
    const leaks: string[] = [];
    let attempts = 0;
    await Promise.all(UNITS.map(async (writer) => {
      for (const p of invisibleTo(writer)) {
        const stored = await storedCase(p.id);
        const fields = caseFields(omit(stored, '_rev'));
        const copies: [string, CaseDoc][] = [
          ['the whole stored case', fields],
          ['its accept event only', { ...fields, events: fields.events.slice(0, 1) }],
        ];
        for (const [label, copy] of copies) {
          attempts += 1;
          const before = await hubSnapshot(hub, ['cases']);
          const wire = toWire(copy);
          const expected = await unusedIdAnswer(writer, wire, p.acceptedAt);
          const row = await calls.bulkOne(token(writer), writer, 'cases', wire);
          expect(await hubSnapshot(hub, ['cases']), `${writer} re-sending ${label} of ${p.id}: hub changed`).toEqual(before);
          if (row.code !== expected || row.ok === true || row.doc !== undefined) {
            const shown = row.doc === undefined ? '' : ` with the stored doc (${Array.isArray(row.doc.events) ? row.doc.events.length : '?'} events, visibleTo ${JSON.stringify(row.doc.visibleTo)})`;
            leaks.push(`${writer} re-sending ${label} of ${p.id} (accepted at ${p.acceptedAt}) got ${row.ok === true ? `ok rev ${row.rev ?? ''}` : String(row.code)}${shown}`);
          }
        }
      }
    }));
    expect(attempts).toBeGreaterThan(100);
    expect(leaks, `${leaks.length} of ${attempts} re-sends of invisible cases were not refused as under an unused id; first: ${leaks.slice(0, 3).join(' | ')}`).toEqual([]);
  });

  it('events signed as another unit or another worker are refused, over all 156 pairs of distinct units', async () => {
    let pairs = 0;
    await Promise.all(UNITS.map(async (writer) => {
      const own = visibleTo(writer)[0];
      if (own === undefined) throw new Error(`${writer} sees no case`);
      const stored = await storedCase(own.id);
      for (const other of UNITS) {
        if (other === writer) continue;
        pairs += 1;
        const pair = `${writer} signing as ${other}`;
        await expectRefused(writer, 'cases', toWire(withEvent(stored, rawEvent('resume', {}, { unitId: other, workerId: writer }, stored.lastHlc))), 'ERR_EVENT_FORGED_UNIT', `${pair} (unit) on ${own.id}`);
        await expectRefused(writer, 'cases', toWire(withEvent(stored, rawEvent('resume', {}, { unitId: other, workerId: other }, stored.lastHlc))), 'ERR_EVENT_FORGED_UNIT', `${pair} (unit and worker) on ${own.id}`);
        await expectRefused(writer, 'cases', toWire(withEvent(stored, rawEvent('resume', {}, { unitId: writer, workerId: other }, stored.lastHlc))), 'ERR_EVENT_FORGED_WORKER', `${pair} (worker only) on ${own.id}`);
        await expectRefused(writer, 'cases', toWire(rawNewCase(STREET_ITEM, { unitId: other, workerId: other })), 'ERR_EVENT_FORGED_UNIT', `${pair}: accepting a new case in its name`);
        await expectRefused(writer, 'heartbeats', rawHeartbeat(other, 'forged-device'), 'ERR_EVENT_FORGED_UNIT', `${pair}: heartbeat`, ['heartbeats']);
        // Even a heartbeat id in the caller's own name may not carry the other unit.
        await expectRefused(writer, 'heartbeats', { ...rawHeartbeat(other, 'forged-device'), id: `${writer}:dev-forged-device`, _id: `${writer}:dev-forged-device` }, 'ERR_EVENT_FORGED_UNIT', `${pair}: heartbeat under own id`, ['heartbeats']);
      }
    }));
    expect(pairs).toBe(156);
    // Three accounts share the city unit: they cannot sign for one another either.
    const stored = await storedCase(visibleTo(CITY)[0]?.id ?? '');
    for (const other of ['admin', 'catalog-editor']) {
      await expectRefused(CITY, 'cases', toWire(withEvent(stored, rawEvent('resume', {}, { unitId: CITY, workerId: other }, stored.lastHlc))), 'ERR_EVENT_FORGED_WORKER', `${CITY} signing as worker ${other}`);
      await expectNoCases(other, toWire(withEvent(stored, rawEvent('resume', {}, { unitId: CITY, workerId: CITY }, stored.lastHlc))), `${other} signing as worker ${CITY}`);
    }
  });

  it('cases cannot be deleted by anyone, over all 169 pairs', async () => {
    let pairs = 0;
    await Promise.all(UNITS.map(async (writer) => {
      for (const owner of UNITS) {
        pairs += 1;
        for (const p of planted.filter((c) => c.acceptedAt === owner)) {
          const stored = await storedCase(p.id);
          await expectRefused(writer, 'cases', toWire(stored, { _deleted: true, _rev: stored._rev }), 'ERR_CASE_DELETE', `${writer} deleting ${p.id} accepted at ${owner}`);
        }
      }
    }));
    expect(pairs).toBe(169);
    for (const username of ['admin', 'catalog-editor']) {
      const stored = await storedCase(planted[0]?.id ?? '');
      await expectNoCases(username, toWire(stored, { _deleted: true }), `${username} deleting a case`);
    }
  });

  it('existing events are immutable and leaving one out removes nothing, for every unit on every case it sees', async () => {
    let attempts = 0;
    await Promise.all(UNITS.map(async (writer) => {
      for (const p of visibleTo(writer)) {
        const stored = await storedCase(p.id);
        for (const [index, event] of stored.events.entries()) {
          const what = `${writer} changing event ${event.id} (${event.type} by ${event.unitId}) of ${p.id}`;
          const replace = (changed: CaseEvent): CaseDoc => ({ ...stored, events: stored.events.map((e, i) => (i === index ? changed : e)) });
          await expectRefused(writer, 'cases', toWire(replace({ ...event, data: { ...event.data, note: '篡改的备注' } })), 'ERR_EVENT_MODIFIED', `${what}: note`);
          await expectRefused(writer, 'cases', toWire(replace({ ...event, deviceTime: '2001-01-01T00:00:00.000Z' })), 'ERR_EVENT_MODIFIED', `${what}: deviceTime`);
          await expectRefused(writer, 'cases', toWire(replace({ ...event, deviceId: `${event.deviceId}-x` })), 'ERR_EVENT_MODIFIED', `${what}: deviceId`);
          if (event.unitId !== writer) {
            await expectRefused(writer, 'cases', toWire(replace({ ...event, unitId: writer, workerId: writer })), 'ERR_EVENT_MODIFIED', `${what}: claiming it`);
            attempts += 1;
          }
          // A valid new step does not carry a tampered one through.
          const tampered = withEvent(replace({ ...event, data: { ...event.data, note: '篡改' } }), rawEvent('resume', {}, me(writer), stored.lastHlc));
          await expectRefused(writer, 'cases', toWire(tampered), 'ERR_EVENT_MODIFIED', `${what}: together with a new step`);
          attempts += 4;

          if (stored.events.length > 1) {
            const before = await hubSnapshot(hub, ['cases']);
            const without = { ...stored, events: stored.events.filter((_, i) => i !== index) };
            const row = await calls.bulkOne(token(writer), writer, 'cases', toWire(without));
            const what = `${writer} sending ${p.id} without event ${event.id}`;
            expect({ id: row.id, ok: row.ok, rev: row.rev }, what).toEqual({ id: p.id, ok: true, rev: stored._rev });
            // The answer may carry the case as the hub holds it: then it must be the stored one, whole.
            if (row.doc !== undefined) expect(row.doc, `${what}: answered doc`).toEqual(before.cases?.[p.id]);
            expect(await hubSnapshot(hub, ['cases']), `${what}: hub changed`).toEqual(before);
          }
        }
      }
    }));
    expect(attempts).toBeGreaterThan(100);
  });

  it('a token on another unit\'s path gets 403 ERR_WRONG_UNIT on every endpoint and collection, over all 156 pairs', async () => {
    let pairs = 0;
    const before = await hubSnapshot(hub);
    for (const holder of UNITS) {
      const t = token(holder);
      for (const target of UNITS) {
        if (target === holder) continue;
        pairs += 1;
        for (const collection of STATION_COLLECTION_NAMES) {
          const base = `/sync/${target}/${collection}`;
          const doc = collection === 'cases' ? toWire(rawNewCase(STREET_ITEM, me(holder))) : collection === 'heartbeats' ? rawHeartbeat(holder, 'other-path') : { _id: 'x' };
          const answers: [string, { status: number; body: unknown }][] = [
            ['db info', await calls.get(`${base}/`, t)],
            ['db info without slash', await calls.get(base, t)],
            ['_changes', await calls.get(`${base}/_changes?since=0&limit=10&include_docs=true`, t)],
            ['_changes longpoll', await calls.get(`${base}/_changes?since=now&feed=longpoll&timeout=1000`, t)],
            ['_all_docs', await calls.post(`${base}/_all_docs`, t, { keys: planted.map((p) => p.id) })],
            ['_bulk_docs', await calls.post(`${base}/_bulk_docs`, t, { docs: [doc] })],
          ];
          for (const [endpoint, answer] of answers) {
            const what = `${holder}'s token on ${target}'s ${collection} ${endpoint}`;
            expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(403);
            expect((answer.body as ErrorAnswer).code, what).toBe('ERR_WRONG_UNIT');
          }
        }
      }
      // Its own path works.
      expect((await calls.get(`/sync/${holder}/cases/`, t)).status, `${holder} on its own path`).toBe(200);
    }
    expect(pairs).toBe(156);
    expect(await hubSnapshot(hub), 'hub changed by wrong-unit requests').toEqual(before);
  });

  it('the read-only collections refuse every unit\'s writes with 403 ERR_READ_ONLY', async () => {
    const before = await hubSnapshot(hub, ['units', 'catalog']);
    for (const username of [...UNITS, 'catalog-editor', 'admin']) {
      const { unitId } = session(username).actor;
      const ownUnit = DEMO_UNITS.find((u) => u.id === unitId);
      const item = DEMO_CATALOG[0];
      const writes: [string, unknown[]][] = [
        ['units', [{ ...ownUnit, _id: unitId, name: { zh: '改名', en: 'Renamed' } }]],
        ['units', [{ ...ownUnit, _id: unitId, parentId: null, tier: 'city' }]],
        ['units', [{ id: 'new-unit', _id: 'new-unit', name: { zh: '新单位', en: 'New' }, tier: 'community', parentId: unitId }]],
        ['units', []],
        ['catalog', [{ ...item, _id: item?.code, decisionTier: 'community' }]],
        ['catalog', [{ ...item, _id: item?.code, _deleted: true }]],
        ['catalog', []],
      ];
      for (const [collection, docs] of writes) {
        const answer = await calls.bulk(token(username), unitId, collection, docs);
        const what = `${username} writing ${docs.length} doc(s) to ${collection}`;
        expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(403);
        expect((answer.body as ErrorAnswer).code, what).toBe('ERR_READ_ONLY');
        refusals += 1;
      }
    }
    expect(await hubSnapshot(hub, ['units', 'catalog']), 'units or catalog changed').toEqual(before);
  });

  it('catalog editors and administrators may not record case steps: the cases collection refuses them (ERR_ROLE_NO_CASES)', async () => {
    const city = await storedCase(visibleTo(CITY)[0]?.id ?? '');
    for (const username of ['catalog-editor', 'admin']) {
      for (const type of ['resume', 'approve', 'withdraw'] as const) {
        await expectNoCases(username, toWire(withEvent(city, rawEvent(type, {}, me(username), city.lastHlc))), `${username} recording ${type}`);
      }
      await expectNoCases(username, toWire(withEvent(city, rawEvent('forward', { toUnitId: STREETS[0]?.id ?? '' }, me(username), city.lastHlc))), `${username} forwarding`);
      await expectNoCases(username, toWire(withEvent(city, rawEvent('urge', {}, me(username), city.lastHlc))), `${username} urging`);
      await expectNoCases(username, toWire(rawNewCase(CITY_ITEM, me(username))), `${username} accepting a case`);
    }
    // Community workers may not urge or supervise.
    const community = planted.find((p) => p.acceptedAt.startsWith('community-') && p.forwardedTo.length > 0);
    if (community === undefined) throw new Error('no forwarded community case');
    const stored = await storedCase(community.id);
    await expectRefused(community.acceptedAt, 'cases', toWire(withEvent(stored, rawEvent('urge', {}, me(community.acceptedAt), stored.lastHlc))), 'ERR_ROLE_FORBIDS', 'a community worker urging');
    await expectRefused(community.acceptedAt, 'cases', toWire(withEvent(stored, rawEvent('supervise', { note: '督办' }, me(community.acceptedAt), stored.lastHlc))), 'ERR_ROLE_FORBIDS', 'a community worker supervising');
  });

  it('decisions at the wrong tier and acceptances that lie about their item are refused', async () => {
    const cityDecided = planted.find((p) => p.acceptedAt.startsWith('community-') && p.forwardedTo.length > 0);
    const streetDecided = planted.find((p) => p.acceptedAt.startsWith('community-') && p.forwardedTo.length === 0);
    if (cityDecided === undefined || streetDecided === undefined) throw new Error('plan lacks its community cases');
    const community = cityDecided.acceptedAt;
    const street = cityDecided.forwardedTo[0] ?? '';
    const a = await storedCase(cityDecided.id);
    const b = await storedCase(streetDecided.id);
    expect(a.itemCode).toBe(CITY_ITEM.code);
    expect(b.itemCode).toBe(STREET_ITEM.code);
    const decide = (doc: CaseDoc, by: string, type: 'approve' | 'refuse'): Record<string, unknown> =>
      toWire(withEvent(doc, rawEvent(type, type === 'refuse' ? { note: '不予批准' } : {}, me(by), doc.lastHlc)));
    for (const type of ['approve', 'refuse'] as const) {
      await expectRefused(community, 'cases', decide(a, community, type), 'ERR_DECISION_TIER', `community ${community} ${type} of a city-decided item`);
      await expectRefused(street, 'cases', decide(a, street, type), 'ERR_DECISION_TIER', `street ${street} ${type} of a city-decided item`);
      await expectRefused(streetDecided.acceptedAt, 'cases', decide(b, streetDecided.acceptedAt, type), 'ERR_DECISION_TIER', `community ${streetDecided.acceptedAt} ${type} of a street-decided item`);
      await expectRefused(CITY, 'cases', decide(b, CITY, type), 'ERR_DECISION_TIER', `the city ${type} of a street-decided item`);
    }

    const lies: [string, NonNullable<CaseEvent['data']['item']>][] = [
      ['decisionTier community for a city-decided item', { ...itemSnapshot(CITY_ITEM), decisionTier: 'community' }],
      ['decisionTier street for a city-decided item', { ...itemSnapshot(CITY_ITEM), decisionTier: 'street' }],
      ['kind instant for a commitment item', { ...itemSnapshot(CITY_ITEM), kind: 'instant' }],
      ['an item code not in the catalog', { ...itemSnapshot(CITY_ITEM), code: 'HF-XX-9999' }],
    ];
    for (const unitId of [community, street, CITY]) {
      for (const [label, snapshot] of lies) {
        await expectRefused(unitId, 'cases', toWire(rawNewCase(CITY_ITEM, me(unitId), snapshot)), 'ERR_EVENT_DATA', `${unitId} accepting with ${label}`);
      }
    }
    await expectRefused(community, 'cases', toWire(rawNewCase(NOT_AT_COMMUNITY_ITEM, me(community))), 'ERR_ACCEPT_TIER', `${community} accepting an item only streets and the city accept`);
    await expectRefused(community, 'cases', toWire(withEvent(a, rawEvent('forward', { toUnitId: CITY }, me(community), a.lastHlc))), 'ERR_FORWARD_TARGET', `${community} forwarding past its street`);
    const neighbour = communitiesOf(street).find((c) => c !== community) ?? '';
    await expectRefused(community, 'cases', toWire(withEvent(a, rawEvent('forward', { toUnitId: neighbour }, me(community), a.lastHlc))), 'ERR_FORWARD_TARGET', `${community} forwarding sideways to ${neighbour}`);
    await expectRefused(community, 'cases', toWire(withEvent(a, { ...rawEvent('resume', {}, me(community), a.lastHlc), hlc: 'not-a-clock-stamp-at-all-really' })), 'ERR_EVENT_DATA', `${community} sending a bad clock stamp`);
  });

  it('expired, forged and missing tokens get 401 on every unit\'s paths', async () => {
    const before = await hubSnapshot(hub);
    const nowS = Math.floor(Date.now() / 1000);
    for (const username of [...UNITS, 'admin']) {
      const { actor } = session(username);
      const claims: TokenClaims = { sub: username, unitId: actor.unitId, tier: actor.tier, role: actor.role, iat: nowS - 7200, exp: nowS - 60, signedInAt: (nowS - 7200) * 1000 };
      const fresh: TokenClaims = { ...claims, exp: nowS + 3600 };
      const genuine = token(username);
      const [payload, mac] = genuine.split('.');
      const otherUnit = UNITS.find((u) => u !== actor.unitId) ?? '';
      const tampered = `${Buffer.from(JSON.stringify({ ...fresh, unitId: otherUnit })).toString('base64url')}.${mac ?? ''}`;
      const tokens: [string, string | null, string][] = [
        ['expired', signToken(claims, TEST_TOKEN_SECRET), 'ERR_TOKEN_EXPIRED'],
        ['expired this very second', signToken({ ...claims, exp: nowS }, TEST_TOKEN_SECRET), 'ERR_TOKEN_EXPIRED'],
        ['tampered payload', tampered, 'ERR_TOKEN_INVALID'],
        ['payload with no signature', payload ?? '', 'ERR_TOKEN_INVALID'],
        ['three parts', `${genuine}.x`, 'ERR_TOKEN_INVALID'],
        ['wrong secret', signToken(fresh, Buffer.from('not-the-secret-not-the-secret-not!')), 'ERR_TOKEN_INVALID'],
        ['right secret, lying about the unit', signToken({ ...fresh, unitId: otherUnit }, TEST_TOKEN_SECRET), 'ERR_TOKEN_INVALID'],
        ['right secret, lying about the role', signToken({ ...fresh, role: actor.role === 'admin' ? 'city_supervisor' : 'admin' }, TEST_TOKEN_SECRET), 'ERR_TOKEN_INVALID'],
        ['right secret, no such account', signToken({ ...fresh, sub: 'nobody-at-all' }, TEST_TOKEN_SECRET), 'ERR_TOKEN_INVALID'],
        ['signature of zeros', `${Buffer.from('"hello"').toString('base64url')}.${Buffer.alloc(32).toString('base64url')}`, 'ERR_TOKEN_INVALID'],
        ['garbage', 'garbage', 'ERR_TOKEN_INVALID'],
        ['no token', null, 'ERR_AUTH_REQUIRED'],
      ];
      for (const [label, bad, code] of tokens) {
        const base = `/sync/${actor.unitId}/cases`;
        const answers: [string, { status: number; body: unknown }][] = [
          ['db info', await calls.get(`${base}/`, bad)],
          ['_changes', await calls.get(`${base}/_changes?since=0`, bad)],
          ['_all_docs', await calls.post(`${base}/_all_docs`, bad, { keys: planted.map((p) => p.id) })],
          ['_bulk_docs', await calls.post(`${base}/_bulk_docs`, bad, { docs: [toWire(rawNewCase(STREET_ITEM, me(username)))] })],
          ['heartbeat', await calls.post(`/sync/${actor.unitId}/heartbeats/_bulk_docs`, bad, { docs: [rawHeartbeat(actor.unitId, 'bad-token')] })],
          ['refresh', await calls.post('/api/auth/refresh', bad, {})],
        ];
        for (const [endpoint, answer] of answers) {
          const what = `${username} with a ${label} token on ${endpoint}`;
          expect(answer.status, `${what}: ${JSON.stringify(answer.body)}`).toBe(401);
          expect((answer.body as ErrorAnswer).code, what).toBe(code);
        }
      }
      // Other header shapes are invalid tokens, not missing ones.
      for (const header of ['Basic YWRtaW46YWRtaW4=', `bearer ${genuine}`, `Bearer  ${genuine}`, 'Bearer', `Bearer ${genuine} extra`]) {
        const answer = await network.app.inject({ method: 'GET', url: `/sync/${actor.unitId}/cases/`, headers: { authorization: header } });
        expect(answer.statusCode, `${username} with authorization "${header.slice(0, 20)}"`).toBe(401);
        expect(answer.json<ErrorAnswer>().code).toBe('ERR_TOKEN_INVALID');
      }
    }
    // The genuine tokens still work, the wrong ones changed nothing.
    expect((await calls.get(`/sync/${CITY}/cases/`, token(CITY))).status).toBe(200);
    expect(await hubSnapshot(hub), 'hub changed by requests with bad tokens').toEqual(before);
  });

  it('a disabled account stops at once; re-enabled, it signs in again but its old tokens stay dead; only the admin may do it', async () => {
    const target = communitiesOf(STREETS[1]?.id ?? '')[2] ?? '';
    const victim = session(target);
    const password = network.accounts.find((a) => a.username === target)?.password ?? '';
    const disable = (by: string | null, disabled: boolean, username = target) =>
      calls.post<{ username: string; disabled: boolean } | ErrorAnswer>(`/api/accounts/${username}/disabled`, by === null ? null : token(by), { disabled });
    const syncWorks = async (): Promise<number> => (await calls.get(`/sync/${target}/cases/_changes?since=0`, victim.token)).status;
    const login = () => network.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: target, password } });

    for (const by of [...UNITS, 'catalog-editor']) {
      const answer = await disable(by, true);
      expect(answer.status, `${by} disabling ${target}`).toBe(403);
      expect((answer.body as ErrorAnswer).code, `${by} disabling ${target}`).toBe('ERR_ROLE_FORBIDS_API');
    }
    expect((await disable(null, true)).status, 'disabling with no token').toBe(401);
    expect(await syncWorks(), 'the account still works after refused attempts').toBe(200);

    const before = await hubSnapshot(hub);
    expect(await disable('admin', true)).toEqual({ status: 200, body: { username: target, disabled: true } });
    const base = `/sync/${target}`;
    const blocked: [string, { status: number; body: unknown }][] = [
      ['_changes', await calls.get(`${base}/cases/_changes?since=0`, victim.token)],
      ['db info', await calls.get(`${base}/cases/`, victim.token)],
      ['_all_docs', await calls.post(`${base}/cases/_all_docs`, victim.token, { keys: planted.map((p) => p.id) })],
      ['_bulk_docs', await calls.post(`${base}/cases/_bulk_docs`, victim.token, { docs: [toWire(rawNewCase(STREET_ITEM, me(target)))] })],
      ['heartbeat', await calls.post(`${base}/heartbeats/_bulk_docs`, victim.token, { docs: [rawHeartbeat(target, 'disabled')] })],
      ['refresh', await calls.post('/api/auth/refresh', victim.token, {})],
    ];
    for (const [endpoint, answer] of blocked) {
      expect(answer.status, `disabled ${target} on ${endpoint}: ${JSON.stringify(answer.body)}`).toBe(403);
      expect((answer.body as ErrorAnswer).code, `disabled ${target} on ${endpoint}`).toBe('ERR_ACCOUNT_DISABLED');
    }
    // A disabled account's sign-in answers as a wrong password would: the password is not confirmed.
    const refusedLogin = await login();
    expect(refusedLogin.statusCode, `login of disabled ${target}: ${refusedLogin.body}`).toBe(401);
    expect(refusedLogin.json<ErrorAnswer>().code).toBe('ERR_LOGIN_FAILED');
    expect(await hubSnapshot(hub), 'a disabled account changed the hub').toEqual(before);

    expect(await disable('admin', false)).toEqual({ status: 200, body: { username: target, disabled: false } });
    expect(await syncWorks(), 'the old token stays dead after re-enabling (a lost device)').toBe(401);
    const again = await login();
    expect(again.statusCode, 'login after re-enabling').toBe(200);
    expect((await calls.get(`/sync/${target}/cases/_changes?since=0`, again.json<{ token: string }>().token)).status, 'a fresh token works').toBe(200);
    // The tests after this one work as the account's fresh session.
    sessions.set(target, await network.login(target));
    expect((await disable('admin', true, 'no-such-account')).status, 'disabling an unknown account').toBe(404);
  });

  // Last: this one changes the hub on purpose.
  it('a batch mixing refused and valid documents stores exactly the valid ones', async () => {
    const writer = communitiesOf(STREETS[0]?.id ?? '')[0] ?? '';
    const own = visibleTo(writer)[0];
    const foreign = invisibleTo(writer)[0];
    if (own === undefined || foreign === undefined) throw new Error(`${writer} lacks a visible or an invisible case`);
    const ownBefore = await storedCase(own.id);
    const foreignBefore = await storedCase(foreign.id);
    const others = await hubSnapshot(hub, ['cases']);

    // The valid new case lies about everything the gateway derives; the gateway must not believe it.
    const fresh = rawNewCase(STREET_ITEM, me(writer));
    const lying = { ...fresh, visibleTo: [...UNITS], receipts: [{ eventId: fresh.events[0]?.id ?? '', at: 1 }], status: 'approved', holderUnitId: CITY, conflictCount: 0 };
    // A stale copy of its own case (missing its latest event) plus a new step: both kept.
    const step = rawEvent('supplement', { provided: ['id-card'] }, me(writer), ownBefore.lastHlc);
    const stale = { ...ownBefore, _rev: undefined, events: [...ownBefore.events.slice(0, 1), step] };
    const batch = [
      toWire(withEvent(ownBefore, rawEvent('resume', {}, { unitId: CITY, workerId: writer }, ownBefore.lastHlc))),
      toWire(lying),
      toWire(withEvent(foreignBefore, rawEvent('resume', {}, me(writer), foreignBefore.lastHlc))),
      toWire(stale),
      toWire(foreignBefore, { _deleted: true }),
    ];
    lastSnapshot.clear();
    const answer = await calls.bulk(token(writer), writer, 'cases', batch);
    expect(answer.status).toBe(201);
    const rows = answer.body as BulkAnswerRow[];
    expect(rows.map((r) => [r.id, r.ok === true ? 'ok' : r.code])).toEqual([
      [own.id, 'ERR_EVENT_FORGED_UNIT'],
      [fresh.id, 'ok'],
      // Answered as under an unused id: its stored accept is another unit's.
      [foreign.id, 'ERR_EVENT_FORGED_UNIT'],
      [own.id, 'ok'],
      [foreign.id, 'ERR_CASE_DELETE'],
    ]);

    const storedFresh = await storedCase(fresh.id);
    expect(storedFresh.visibleTo, 'visibility comes from the events, not the writer').toEqual(expectedVisibility(writer, []));
    expect(storedFresh.status).toBe('accepted');
    expect(storedFresh.holderUnitId).toBe(writer);
    expect(storedFresh.receipts.map((r) => r.eventId)).toEqual([fresh.events[0]?.id]);
    expect(storedFresh.receipts[0]?.at, 'receipt time is the hub\'s').toBeGreaterThan(Date.now() - 60_000);
    const ownAfter = await storedCase(own.id);
    expect(ownAfter.events.map((e) => e.id).sort(), 'nothing removed, the new step added').toEqual([...ownBefore.events.map((e) => e.id), step.id].sort());
    expect(ownAfter.events.every((e) => e.unitId !== CITY || ownBefore.events.some((b) => b.id === e.id)), 'the forged step is not stored').toBe(true);
    expect(await storedCase(foreign.id), 'the invisible case is untouched').toEqual(foreignBefore);
    const after = await hubSnapshot(hub, ['cases']);
    const changed = Object.keys(after.cases ?? {}).filter((id) => JSON.stringify(after.cases?.[id]) !== JSON.stringify(others.cases?.[id])).sort();
    expect(changed, 'only the two valid documents changed the hub').toEqual([fresh.id, own.id].sort());

    // The new case is read exactly by those it is visible to, over every unit, but the city: it
    // sees it and does not copy it, for it has not worked on it.
    for (const reader of UNITS) {
      const ids = await calls.visibleIds(token(reader), reader, 'cases', encodeSeq({ phase: 'changes', hubSeq: 0 }, { collection: 'cases', hub: await hub.database('cases').identity() }));
      expect(ids.includes(fresh.id), `${reader} reading the new case of ${writer}`).toBe(storedFresh.visibleTo.includes(reader) && reader !== CITY);
    }
    expect(storedFresh.visibleTo).toContain(CITY);
  });
});
