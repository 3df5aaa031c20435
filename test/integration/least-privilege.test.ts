import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { HUB_COLLECTION_NAMES } from '../../schemas/collections.ts';
import { APPLICANT, GatewayCalls, hubSnapshot, rawHeartbeat, rawNewCase, stopNetworkBounded, toWire, type BulkAnswerRow, type ErrorAnswer } from '../helpers/raw-cases.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const CITY = 'hefei-center';
const ITEM = DEMO_CATALOG.find((i) => i.code === 'HF-SB-0002');
function item(): NonNullable<typeof ITEM> {
  if (ITEM === undefined) throw new Error('demo catalog lacks HF-SB-0002');
  return ITEM;
}

describe('least privilege: only roles that work on cases read them; the account endpoint takes only account names', () => {
  let network: TestNetwork;
  let calls: GatewayCalls;
  let supervisor: Session;
  let admin: Session;
  let editor: Session;
  let caseId = '';
  let caseNumber = '';

  beforeAll(async () => {
    network = await startTestNetwork();
    calls = new GatewayCalls(network.app);
    supervisor = await network.login(CITY);
    admin = await network.login('admin');
    editor = await network.login('catalog-editor');
    const doc = rawNewCase(item(), { unitId: CITY, workerId: CITY });
    caseId = doc.id;
    caseNumber = doc.caseNumber ?? '';
    const row = await calls.bulkOne(supervisor.token, CITY, 'cases', toWire(doc));
    expect(row.ok, JSON.stringify(row)).toBe(true);
  });

  afterAll(async () => {
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`least-privilege teardown: ${problem}`);
  });

  it('the city supervisor reads the city\'s cases and finds one by number', async () => {
    expect(await calls.visibleIds(supervisor.token, CITY, 'cases')).toContain(caseId);
    const found = await calls.get<{ cases: { id: string }[] }>(`/api/supervision/cases?number=${caseNumber}`, supervisor.token);
    expect(found.status).toBe(200);
    expect(found.body.cases.map((c) => c.id)).toEqual([caseId]);
  });

  it('the catalog editor and the administrator get 403 on every cases endpoint and on the case search, and see no citizen', async () => {
    const before = await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES);
    for (const [who, session] of [['catalog-editor', editor], ['admin', admin]] as const) {
      const base = `/sync/${CITY}/cases`;
      const answers: [string, { status: number; body: unknown }][] = [
        ['db info', await calls.get(`${base}/`, session.token)],
        ['_changes', await calls.get(`${base}/_changes?since=0&include_docs=true`, session.token)],
        ['_changes longpoll', await calls.get(`${base}/_changes?since=0&feed=longpoll&timeout=1000&include_docs=true`, session.token)],
        ['_all_docs', await calls.post(`${base}/_all_docs`, session.token, { keys: [caseId] })],
        ['_bulk_docs', await calls.post(`${base}/_bulk_docs`, session.token, { docs: [toWire(rawNewCase(item(), { unitId: CITY, workerId: who }))] })],
        ['case search', await calls.get(`/api/supervision/cases?number=${caseNumber}`, session.token)],
      ];
      for (const [endpoint, answer] of answers) {
        const what = `${who} on ${endpoint}`;
        expect(JSON.stringify(answer.body), `${what}: a citizen leaked`).not.toContain(APPLICANT.idNumber);
        expect(answer.status, `${what}: ${JSON.stringify(answer.body).slice(0, 300)}`).toBe(403);
        const body = answer.body as ErrorAnswer;
        expect(body.code, what).toBe('ERR_ROLE_NO_CASES');
        expect(body.error, what).toBe('forbidden');
        expect(body.reason_zh, what).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES), 'refused requests changed the hub').toEqual(before);
  });

  it('the catalog editor and the administrator still read units and the catalog, and write their heartbeats', async () => {
    for (const session of [editor, admin]) {
      expect((await calls.visibleIds(session.token, CITY, 'units')).length).toBeGreaterThan(10);
      expect((await calls.visibleIds(session.token, CITY, 'catalog')).length).toBeGreaterThan(10);
      const beat = await calls.bulk(session.token, CITY, 'heartbeats', [rawHeartbeat(CITY, `probe-${session.actor.workerId}`)]);
      expect(beat.status).toBe(201);
      expect((beat.body as BulkAnswerRow[])[0]?.ok).toBe(true);
    }
    // Written in batches: on the hub before the next test compares what the hub holds.
    await network.app.gateway.heartbeatBatches.flush();
    expect((await calls.get('/api/supervision/overview', admin.token)).status, 'network figures hold no citizen data').toBe(200);
  });

  it('the account endpoint takes only names that fit the account schema: 400 otherwise, 404 for an unknown account', async () => {
    const before = await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES);
    const post = (name: string) => network.app.inject({
      method: 'POST',
      url: `/api/accounts/${name}/disabled`,
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ disabled: true }),
    });
    for (const name of ['_design%2Fliandong', '_design%2Fliandong%2F', '_users', '_local%2Fx', 'Community-Xinghuacun', '-leading-dash', '%20admin', 'a%2Fb', 'x'.repeat(65)]) {
      const answer = await post(name);
      expect(answer.statusCode, `${name}: ${answer.body}`).toBe(400);
      expect(answer.json<ErrorAnswer>().code).toBe('ERR_BAD_REQUEST');
    }
    const unknown = await post('no-such-account');
    expect(unknown.statusCode, unknown.body).toBe(404);
    expect(unknown.json<ErrorAnswer>().code).toBe('ERR_NOT_FOUND');
    expect(await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES), 'refused account requests changed the hub').toEqual(before);
  });
});
