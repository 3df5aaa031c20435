import type { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { build } from '../../server/app.ts';
import type { HubDoc } from '../../server/hub/hub-doc.ts';
import type { HubDatabasePort } from '../../server/hub/hub-port.ts';
import type { Heartbeat } from '../../schemas/types.ts';
import { HubCallCounts, countingHub } from '../helpers/counting-hub.ts';
import { rawHeartbeat, stopNetworkBounded, type BulkAnswerRow } from '../helpers/raw-cases.ts';
import { httpRequest, unlimitedAgent, type RawHttpAnswer } from '../helpers/raw-http.ts';
import { eventually, startTestNetwork, TEST_TOKEN_SECRET, type Session, type TestNetwork } from '../helpers/test-network.ts';

const STATIONS = 50;
const SHARED = ['units', 'catalog', 'calendars'] as const;
type Shared = (typeof SHARED)[number];
/** Hub methods a station's read of a shared collection could cost (the follower's own long-poll aside). */
const READS: readonly (keyof HubDatabasePort)[] = ['changes', 'updateSeq', 'fetchByIds', 'get', 'allDocs', 'viewPage', 'viewDocs'];
const CHANGED_UNIT = 'community-xinghuacun';
const CITY = 'hefei-center';
/** How long a change made on the hub may take to reach a long-polling station. */
const PROPAGATION_BOUND_MS = 5_000;
/** The gateway's heartbeat flush interval (its default). */
const HEARTBEAT_FLUSH_MS = 2_000;

interface ChangesBody {
  readonly results: { id: string; seq: string; doc: HubDoc }[];
  readonly last_seq: string;
  readonly pending: number;
}

/**
 * A city's worth of polling, scaled down: 50 signed-in stations over plain HTTP pull, poll and
 * long-poll the small shared collections (units, catalog, calendars), and the hub sees a small
 * constant number of reads of them, not one per poll; a change made on the hub still reaches every
 * long-polling station within seconds. Heartbeats from 50 stations make a few hub writes.
 */
describe('fan-out from memory: the shared collections and heartbeats', () => {
  let network: TestNetwork;
  const counts = new HubCallCounts();
  let sessions: Session[];
  let city: Session;
  let agent: Agent;

  beforeAll(async () => {
    network = await startTestNetwork({ longpollMaxMs: 30_000, wrapHub: (hub) => countingHub(hub, counts) });
    const stationAccounts = network.accounts.filter((a) => a.role !== 'catalog_editor' && a.role !== 'admin');
    sessions = [];
    for (let i = 0; i < STATIONS; i += 1) {
      const account = stationAccounts[i % stationAccounts.length];
      if (account === undefined) throw new Error('no station accounts');
      sessions.push(await network.login(account.username));
    }
    city = await network.login(CITY);
    agent = unlimitedAgent();
  });

  afterAll(async () => {
    agent?.destroy();
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`fan-out-from-memory teardown: ${problem}`);
  });

  const syncUrl = (base: string, session: Session, collection: string, rest: string): string => `${base}/sync/${session.actor.unitId}/${collection}${rest}`;

  async function changes(session: Session, collection: string, query: string, base = network.url): Promise<ChangesBody> {
    const answer = await httpRequest(syncUrl(base, session, collection, `/_changes?${query}`), { token: session.token, agent });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    return answer.json as ChangesBody;
  }

  /** A station's first sync of a collection, page after page, as the replication pulls it. */
  async function pullAll(session: Session, collection: string, since = '0', base = network.url): Promise<{ ids: Set<string>; lastSeq: string }> {
    const ids = new Set<string>();
    let seq = since;
    for (;;) {
      const page = await changes(session, collection, `since=${encodeURIComponent(seq)}&limit=20&include_docs=true&style=all_docs`, base);
      for (const row of page.results) ids.add(row.id);
      seq = page.last_seq;
      if (page.pending === 0 && page.results.length < 20) return { ids, lastSeq: seq };
    }
  }

  const hubReads = (collections: readonly Shared[] = SHARED): number => collections.reduce((sum, name) => sum + READS.reduce((n, method) => n + counts.made(name, method), 0), 0);

  async function changeUnitOnHub(note: string): Promise<void> {
    const db = network.hubPort.database('units');
    const stored = await db.get(CHANGED_UNIT);
    if (stored === null) throw new Error(`${CHANGED_UNIT} is not on the hub`);
    const [result] = await db.bulkWrite([{ ...stored, address: note }]);
    expect(result?.error, JSON.stringify(result)).toBeUndefined();
  }

  it(`${STATIONS} stations pull, poll and long-poll units, catalog and calendars: the hub sees a small constant number of reads, and a unit changed on the hub reaches every long-poll within ${PROPAGATION_BOUND_MS / 1000} s`, async () => {
    // Let the gateway settle: whatever it reads on its own at start is not a station's poll.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = hubReads();
    const readsBefore = new Map(READS.map((method) => [method, SHARED.reduce((n, name) => n + counts.made(name, method), 0)]));

    // Every station's first sync of the three collections, a db info, and a normal poll at the end.
    const positions = await Promise.all(sessions.map(async (session) => {
      const pulled = await Promise.all(SHARED.map(async (name) => {
        const info = await httpRequest(syncUrl(network.url, session, name, '/'), { token: session.token, agent });
        expect(info.status, info.text).toBe(200);
        const all = await pullAll(session, name);
        const again = await changes(session, name, `since=${encodeURIComponent(all.lastSeq)}&limit=100`);
        expect(again.results).toEqual([]);
        return [name, all] as const;
      }));
      return new Map(pulled);
    }));
    for (const pulled of positions) {
      expect(pulled.get('units')?.ids.has(CHANGED_UNIT)).toBe(true);
      expect(pulled.get('catalog')?.ids.size ?? 0).toBeGreaterThan(0);
    }

    // Every station long-polls the three collections, as the replication's live stream does.
    const polls: Promise<{ name: Shared; answer: RawHttpAnswer }>[] = [];
    sessions.forEach((session, i) => {
      for (const name of SHARED) {
        const since = positions[i]?.get(name)?.lastSeq ?? '0';
        const heartbeat = i % 2 === 0 ? '&heartbeat=10000' : '';
        // A socket cut at teardown (after a failure) must not surface as an unhandled rejection.
        const poll = httpRequest(syncUrl(network.url, session, name, `/_changes?feed=longpoll&since=${encodeURIComponent(since)}&limit=1&timeout=12000${heartbeat}`), { token: session.token, agent })
          .catch((err: unknown): RawHttpAnswer => ({ status: 0, headers: {}, text: String(err), json: undefined, at: Date.now() }));
        polls.push(poll.then((answer) => ({ name, answer })));
      }
    });
    // They are all waiting: give them time to have made whatever first read they make.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const changedAt = Date.now();
    await changeUnitOnHub(`changed at ${changedAt}`);
    const unitPolls = await Promise.all(polls.filter((_, i) => i % SHARED.length === 0));
    const slowest = Math.max(...unitPolls.map((p) => p.answer.at)) - changedAt;
    for (const { answer } of unitPolls) {
      expect(answer.status, answer.text.slice(0, 300)).toBe(200);
      const body = answer.json as ChangesBody;
      expect(body.results.map((r) => r.id)).toEqual([CHANGED_UNIT]);
      expect(body.results[0]?.doc.address).toBe(`changed at ${changedAt}`);
    }
    const reads = hubReads() - before;
    const byMethod = READS.map((method) => `${method} ${SHARED.reduce((n, name) => n + counts.made(name, method), 0) - (readsBefore.get(method) ?? 0)}`).join(', ');
    console.log(`fan-out from memory: ${STATIONS} stations, ${STATIONS * SHARED.length * 3} polls and ${polls.length} long-polls of the shared collections: ${reads} hub reads of them (${byMethod}); a unit changed on the hub reached all ${unitPolls.length} long-polls in ${slowest} ms`);
    expect(slowest, 'a unit changed on the hub reached the last long-polling station').toBeLessThan(PROPAGATION_BOUND_MS);
    expect(reads, 'hub reads of units, catalog and calendars for every station\'s polls').toBeLessThanOrEqual(6);

    // The catalog and calendar long-polls are still waiting; their timeout ends them.
    const rest = await Promise.all(polls.filter((_, i) => i % SHARED.length !== 0));
    for (const { answer } of rest) expect(answer.status).toBe(200);
  });

  describe('a checkpoint from another gateway or from before a restart', () => {
    let second: FastifyInstance | null = null;

    afterAll(async () => {
      await second?.close();
    });

    it('resumes on a gateway started later: nothing changed since is missed, and its own tokens then serve only what changed', async () => {
      const [station] = sessions;
      if (station === undefined) throw new Error('no session');
      // A station pulled units from the first gateway; then a unit changes and another gateway
      // starts (a restart, or a second gateway on the hub) and the station's next poll lands there.
      const { lastSeq: fromFirst } = await pullAll(station, 'units');
      await changeUnitOnHub('changed before the second gateway started');
      second = await build({ hub: network.hubPort, tokenSecret: TEST_TOKEN_SECRET, longpollMaxMs: 10_000 });
      const secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });

      const resumed = await pullAll(station, 'units', fromFirst, secondUrl);
      expect([...resumed.ids], 'the change made before the second gateway started').toContain(CHANGED_UNIT);
      const quiet = await changes(station, 'units', `since=${encodeURIComponent(resumed.lastSeq)}&limit=100`, secondUrl);
      expect(quiet.results).toEqual([]);

      // Its token is good on the first gateway too, and both then serve a new change and only it.
      const quietOnFirst = await changes(station, 'units', `since=${encodeURIComponent(resumed.lastSeq)}&limit=100`);
      expect(quietOnFirst.results.map((r) => r.id)).toEqual([]);
      const waiting = changes(station, 'units', `feed=longpoll&since=${encodeURIComponent(resumed.lastSeq)}&limit=100&timeout=20000`, secondUrl);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await changeUnitOnHub('changed while the station waited on the second gateway');
      expect((await waiting).results.map((r) => r.id)).toEqual([CHANGED_UNIT]);
      await eventually(async () => (await changes(station, 'units', `since=${encodeURIComponent(resumed.lastSeq)}&limit=100`)).results.map((r) => r.id), (ids) => ids.join() === CHANGED_UNIT, 10_000, 'the first gateway to serve the same change');
    });
  });

  it(`heartbeats from ${STATIONS} stations within one interval make a few hub writes, and the city sees them within seconds`, async () => {
    const writesBefore = counts.made('heartbeats', 'bulkWrite');
    const sentAt = Date.now();
    const sent = sessions.map((session, i) => rawHeartbeat(session.actor.unitId, `dev-batch${i}`));
    const rows = await Promise.all(sessions.map(async (session, i) => {
      const answer = await httpRequest(syncUrl(network.url, session, 'heartbeats', '/_bulk_docs'), { method: 'POST', token: session.token, body: JSON.stringify({ docs: [sent[i]] }), agent });
      expect(answer.status, answer.text.slice(0, 300)).toBe(201);
      return (answer.json as BulkAnswerRow[])[0];
    }));
    for (const row of rows) expect(row?.ok, JSON.stringify(row)).toBe(true);

    const expected = new Set(sent.map((beat) => beat.id));
    const seen = await eventually(async () => {
      const answer = await httpRequest(`${network.url}/api/supervision/overview`, { token: city.token, agent });
      const { heartbeats } = answer.json as { heartbeats: Heartbeat[] };
      return heartbeats.filter((beat) => expected.has(beat.id)).length;
    }, (n) => n === expected.size, 15_000, 'the city overview to show every heartbeat');
    const shownAfter = Date.now() - sentAt;
    const writes = counts.made('heartbeats', 'bulkWrite') - writesBefore;
    console.log(`heartbeats: ${seen} from ${STATIONS} stations in ${writes} hub bulk writes; in the city's overview after ${shownAfter} ms`);
    expect(writes, 'hub bulk writes for one interval of heartbeats').toBeLessThanOrEqual(3);
    expect(shownAfter, 'the city\'s view of station health').toBeLessThan(HEARTBEAT_FLUSH_MS + 5_000);
  });
});
