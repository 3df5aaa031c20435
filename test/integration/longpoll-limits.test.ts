import type { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { HubCallCounts, countingHub } from '../helpers/counting-hub.ts';
import { rawNewCase, stopNetworkBounded, toWire } from '../helpers/raw-cases.ts';
import { httpRequest, unlimitedAgent, type RawHttpAnswer } from '../helpers/raw-http.ts';
import { eventually, startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const COMMUNITY = 'community-xinghuacun';
/** Under another street: none of the community's cases or heartbeats wake it. */
const OTHER = 'community-anjuyuan';
const CAP = 6;
const ITEM = DEMO_CATALOG.find((i) => i.code === 'HF-MZ-0001');

/**
 * Long-polls from outside, over real sockets: one token may hold only a few (a station holds one
 * per collection), the rest are refused at once; and one change costs the hub one read however
 * many long-polls it wakes.
 */
describe('long-polls: a cap per token, and one hub read per change', () => {
  let network: TestNetwork;
  const counts = new HubCallCounts();
  let community: Session;
  let other: Session;
  let agent: Agent;

  beforeAll(async () => {
    network = await startTestNetwork({ longpollMaxMs: 30_000, wrapHub: (hub) => countingHub(hub, counts) });
    community = await network.login(COMMUNITY);
    other = await network.login(OTHER);
    agent = unlimitedAgent();
  });

  afterAll(async () => {
    agent?.destroy();
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`longpoll-limits teardown: ${problem}`);
  });

  const changesUrl = (unitId: string, query: string): string => `${network.url}/sync/${unitId}/cases/_changes?${query}`;

  async function writeCase(session: Session): Promise<string> {
    if (ITEM === undefined) throw new Error('demo catalog lacks HF-MZ-0001');
    const doc = rawNewCase(ITEM, { unitId: session.actor.unitId, workerId: session.actor.workerId });
    const answer = await httpRequest(`${network.url}/sync/${session.actor.unitId}/cases/_bulk_docs`, { method: 'POST', token: session.token, body: JSON.stringify({ docs: [toWire(doc)] }), agent });
    expect(answer.status, answer.text).toBe(201);
    return doc.id;
  }

  async function nowSeq(session: Session): Promise<string> {
    const answer = await httpRequest(changesUrl(session.actor.unitId, 'since=now'), { token: session.token, agent });
    const body = answer.json as { last_seq: string };
    return body.last_seq;
  }

  it(`400 long-polls on one token: all but ${CAP} are refused at once with 429; another unit's read stays fast`, async () => {
    const since = encodeURIComponent(await nowSeq(community));
    const started = Date.now();
    const answers: RawHttpAnswer[] = [];
    const polls = Array.from({ length: 400 }, () =>
      httpRequest(changesUrl(COMMUNITY, `feed=longpoll&since=${since}&timeout=25000`), { token: community.token, agent }).then((answer) => {
        answers.push(answer);
        return answer;
      }));

    await eventually(() => answers.filter((a) => a.status === 429).length, (n) => n >= 400 - CAP, 60_000, `${400 - CAP} refusals`);
    const refused = answers.filter((a) => a.status === 429);
    expect(refused).toHaveLength(400 - CAP);
    // Refused without waiting for anything: long before any long-poll could have timed out.
    expect(Math.max(...refused.map((a) => a.at)) - started, 'the last refusal came late').toBeLessThan(20_000);
    for (const answer of refused) {
      expect(answer.json).toMatchObject({ error: 'too_many_requests', code: 'ERR_TOO_MANY_LONGPOLLS' });
      expect((answer.json as { reason_zh: string }).reason_zh).toMatch(/[\u4e00-\u9fff]/);
    }
    // The ones within the cap are still waiting.
    expect(answers.filter((a) => a.status !== 429)).toEqual([]);

    // A change wakes the community's long-polls; another unit's small read does not wait behind them.
    const readStarted = Date.now();
    const [, otherRead] = await Promise.all([writeCase(community), httpRequest(changesUrl(OTHER, 'since=0&limit=10'), { token: other.token, agent })]);
    expect(otherRead.status).toBe(200);
    expect(Date.now() - readStarted, 'another unit waited behind the long-polls').toBeLessThan(5_000);

    const all = await Promise.all(polls);
    const served = all.filter((a) => a.status === 200);
    expect(served).toHaveLength(CAP);
    for (const answer of served) expect((answer.json as { results: unknown[] }).results).toHaveLength(1);

    // Their slots are free again: the same token may hold its share anew.
    const again = await Promise.all(Array.from({ length: CAP }, () => httpRequest(changesUrl(COMMUNITY, 'feed=longpoll&since=now&timeout=500'), { token: community.token, agent })));
    expect(again.map((a) => a.status)).toEqual(Array.from({ length: CAP }, () => 200));
  });

  it('one change wakes 18 long-polls (3 tokens, 6 each) and costs the hub at most one changes read, not 18', async () => {
    const tokens = [community, await network.login(COMMUNITY), await network.login(COMMUNITY)];
    const since = encodeURIComponent(await nowSeq(community));
    const polls: Promise<RawHttpAnswer>[] = [];
    const waiting = (): number => network.app.gateway.followers.cases.waiting(COMMUNITY);
    // One after another, each waiting on the follower, so all 18 wait when the change lands.
    for (const session of tokens) {
      for (let i = 0; i < CAP; i += 1) {
        const before = waiting();
        const heartbeat = i % 2 === 0 ? '&heartbeat=10000' : '';
        polls.push(httpRequest(changesUrl(COMMUNITY, `feed=longpoll&since=${since}&timeout=25000&limit=1${heartbeat}`), { token: session.token, agent }));
        await eventually(waiting, (n) => n > before, 30_000, 'the long-poll to wait on the follower');
      }
    }
    const readsBefore = counts.made('cases', 'changes');
    const caseId = await writeCase(community);
    const answers = await Promise.all(polls);
    const reads = counts.made('cases', 'changes') - readsBefore;

    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(200);
      expect((answer.json as { results: { id: string }[] }).results.map((r) => r.id)).toEqual([caseId]);
    }
    // One shared read, or none: while the follower is current the feed's tail in memory answers.
    expect(reads, 'hub changes reads for one change that woke 18 long-polls').toBeLessThanOrEqual(1);
  });
});
