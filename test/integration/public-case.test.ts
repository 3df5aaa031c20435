import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicCaseAnswerSchema, type PublicCaseAnswer } from '../../schemas/api/public-case.schema.ts';
import { inStatusGroup } from '../../schemas/rules/case-status.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { PUBLIC_PAGE_WORKER_ID } from '../../schemas/rules/public-case.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { build } from '../../server/app.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { eventually, startTestNetwork, TEST_TOKEN_SECRET, type TestNetwork } from '../helpers/test-network.ts';

/**
 * The citizen's own page on the real gateway and hub: the demo's cases, looked up by number and
 * query code with no sign-in.
 */
describe('the citizen\'s own page', () => {
  let network: TestNetwork;
  let cases: CaseDoc[];
  const validate = new Ajv({ strict: false }).compile<PublicCaseAnswer>(publicCaseAnswerSchema);

  beforeAll(async () => {
    // Limits high enough for the many look-ups below; the limits have their own gateway further down.
    network = await startTestNetwork({ sampleCases: true, gateway: { publicPage: { perAddress: 10_000, perNumber: 10_000 } } });
    cases = (await network.hubPort.database('cases').allDocs()).flatMap((d) => storedAs(d, validators.case));
  });
  afterAll(async () => {
    await network.stop();
  });

  const codeOf = (doc: CaseDoc): string => doc.events.find((e) => e.type === 'accept')?.data.queryCode ?? '';
  const lookUp = (app: FastifyInstance, number: string, code: string) => app.inject({ method: 'GET', url: `/api/public/cases/${encodeURIComponent(number)}?code=${encodeURIComponent(code)}` });
  const rate = (app: FastifyInstance, number: string, code: string, rating: number, note?: string) =>
    app.inject({ method: 'POST', url: `/api/public/cases/${encodeURIComponent(number)}/rating`, payload: { code, rating, ...(note === undefined ? {} : { note }) } });
  function caseWhere(test: (doc: CaseDoc) => boolean, what: string): CaseDoc {
    const found = cases.find(test);
    if (found === undefined) throw new Error(`the demo has no case ${what}`);
    return found;
  }

  it('the right code shows the item, status, timeline by unit and due date, naming no worker and masking the applicant', async () => {
    const travelled = caseWhere((d) => d.figures.holds.length >= 3 && d.events.some((e) => e.type === 'approve'), 'forwarded up twice and approved');
    const answer = await lookUp(network.app, travelled.caseNumber, codeOf(travelled));
    expect(answer.statusCode).toBe(200);
    const body = answer.json<PublicCaseAnswer>();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body).toMatchObject({ caseNumber: travelled.caseNumber, status: travelled.status, item: { code: travelled.itemCode, name: { zh: expect.any(String) } } });
    expect(body.timeline.map((s) => s.step)).toEqual(expect.arrayContaining(['accept', 'forward', 'forward', 'approve']));
    expect(body.timeline[0]).toMatchObject({ step: 'accept', unit: { zh: expect.stringContaining('社区') } });
    expect(body.timeline.find((s) => s.step === 'forward')?.toUnit?.zh).toContain('街道');
    // No worker, account or device, no unmasked personal data.
    const text = answer.body;
    for (const event of travelled.events) {
      expect(text).not.toContain(event.workerId);
      if (event.workerName !== undefined) expect(text).not.toContain(event.workerName);
      expect(text).not.toContain(event.deviceId);
    }
    const applicant = travelled.events[0]?.data.applicant;
    expect(applicant).toBeDefined();
    if (applicant !== undefined) {
      expect(text).not.toContain(applicant.idNumber);
      expect(text).not.toContain(applicant.phone);
      expect(text).not.toContain(applicant.name);
      expect(body.applicant.idNumber).toBe(`${applicant.idNumber.slice(0, 4)}**********${applicant.idNumber.slice(-4)}`);
    }
  });

  it('a case waiting for materials says what is missing, its due date and that its clock stands', async () => {
    const waiting = caseWhere((d) => d.status === 'supplement_requested', 'waiting for materials');
    const body = (await lookUp(network.app, waiting.caseNumber, codeOf(waiting))).json<PublicCaseAnswer>();
    expect(body.clockPaused).toBe(true);
    expect(body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(body.missing.length).toBeGreaterThan(0);
    expect(body.missing[0]?.name.zh).not.toBe(body.missing[0]?.id);
    expect(body.timeline.find((s) => s.step === 'request_supplement')?.note).toContain('户口簿');
    const done = caseWhere((d) => d.status === 'delivered', 'picked up');
    expect((await lookUp(network.app, done.caseNumber, codeOf(done))).json<PublicCaseAnswer>()).toMatchObject({ dueDate: null, missing: [] });
  });

  it('a wrong code and an unknown number get the same answer, in about the same time', async () => {
    const doc = cases[0];
    if (doc === undefined) throw new Error('no demo case');
    const wrong = String((Number(codeOf(doc)) + 1) % 1_000_000).padStart(6, '0');
    const unknown = `LD20990101${'ZZZZZZ'}`;
    const answers = await Promise.all([lookUp(network.app, doc.caseNumber, wrong), lookUp(network.app, unknown, codeOf(doc)), lookUp(network.app, doc.caseNumber, 'abc'), lookUp(network.app, 'x', wrong)]);
    for (const answer of answers) {
      expect(answer.statusCode).toBe(404);
      expect(answer.body).toBe(answers[0]?.body);
    }
    expect(answers[0]?.json()).toMatchObject({ code: 'ERR_PUBLIC_CASE_NOT_FOUND', reason_zh: expect.stringContaining('查询码') });
    // Timing over real sockets, alternating, compared by medians: loosely, as a loaded machine allows.
    const timed = async (number: string, code: string): Promise<number> => {
      const started = performance.now();
      const response = await fetch(`${network.url}/api/public/cases/${number}?code=${code}`);
      await response.text();
      expect(response.status).toBe(404);
      return performance.now() - started;
    };
    const wrongTimes: number[] = [];
    const unknownTimes: number[] = [];
    for (let i = 0; i < 25; i += 1) {
      wrongTimes.push(await timed(doc.caseNumber, wrong));
      unknownTimes.push(await timed(`LD20990101ZZ${String(i).padStart(4, '0')}`, wrong));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    expect(median(wrongTimes)).toBeGreaterThanOrEqual(55);
    expect(median(unknownTimes)).toBeGreaterThanOrEqual(55);
    expect(Math.abs(median(wrongTimes) - median(unknownTimes))).toBeLessThan(25);
  });

  it('the citizen rates a decided case once, as the accepting unit\'s rate step; the station receives it', async () => {
    const decided = caseWhere((d) => inStatusGroup(d.status, 'finished') && !d.events.some((e) => e.type === 'rate') && d.acceptedUnitId === 'community-xinghuacun', 'decided, unrated, at Xinghuacun');
    const first = await rate(network.app, decided.caseNumber, codeOf(decided), 2, '等了很久');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json<PublicCaseAnswer>().rating).toEqual({ given: 2, open: false });
    const again = await rate(network.app, decided.caseNumber, codeOf(decided), 5);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'ERR_ALREADY_RATED', reason_zh: expect.stringContaining('只能评价一次') });
    // Stored as the accepting unit's rate step, by the citizen on the public page; a bad rating opens a rectification.
    const stored = storedAs(await network.hubPort.database('cases').get(decided.id), validators.case)[0];
    const rating = stored?.events.filter((e) => e.type === 'rate') ?? [];
    expect(rating).toHaveLength(1);
    expect(rating[0]).toMatchObject({ unitId: decided.acceptedUnitId, workerId: PUBLIC_PAGE_WORKER_ID, data: { rating: 2, via: 'public_page', note: '等了很久' } });
    expect(stored?.rectificationBy).toBe(decided.holderUnitId);
    // The station gets it as any other step.
    const station = await network.station(decided.acceptedUnitId);
    await station.sync.awaitInSync();
    const local = await eventually(async () => (await station.db.cases.findOne(decided.id).exec())?.toMutableJSON() ?? null, (doc) => doc?.events.some((e) => e.type === 'rate') === true, 30_000, 'the station to receive the rating');
    expect(foldCase(local?.events ?? [], local?.receipts ?? [])?.rating).toBe(2);
  });

  it('two ratings sent at once: one is taken, the other refused', async () => {
    const decided = caseWhere((d) => inStatusGroup(d.status, 'finished') && !d.events.some((e) => e.type === 'rate') && d.acceptedUnitId !== 'community-xinghuacun', 'decided, unrated, elsewhere');
    const [a, b] = await Promise.all([rate(network.app, decided.caseNumber, codeOf(decided), 5), rate(network.app, decided.caseNumber, codeOf(decided), 4)]);
    expect([a?.statusCode, b?.statusCode].sort()).toEqual([200, 409]);
    const stored = storedAs(await network.hubPort.database('cases').get(decided.id), validators.case)[0];
    const state = foldCase(stored?.events ?? [], stored?.receipts ?? []);
    const winner = [a, b].find((r) => r?.statusCode === 200)?.json<PublicCaseAnswer>();
    expect(state?.rating).toBe(winner?.rating.given);
  });

  it('a case under way cannot be rated yet; a wrong code cannot rate at all', async () => {
    const underWay = caseWhere((d) => inStatusGroup(d.status, 'underWay'), 'under way');
    expect((await rate(network.app, underWay.caseNumber, codeOf(underWay), 5)).json()).toMatchObject({ code: 'ERR_PUBLIC_NOT_RATABLE' });
    const other = caseWhere((d) => inStatusGroup(d.status, 'finished') && !d.events.some((e) => e.type === 'rate'), 'decided, unrated');
    const refused = await rate(network.app, other.caseNumber, '000000', 5);
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ code: 'ERR_PUBLIC_CASE_NOT_FOUND' });
  });

  describe('limits', () => {
    let limited: FastifyInstance;
    beforeAll(async () => {
      // A second gateway on the same hub, with small limits.
      limited = await build({ hub: network.hubPort, tokenSecret: TEST_TOKEN_SECRET, publicPage: { perAddress: 9, perNumber: 3, minRefusalMs: 0 } });
    });
    afterAll(async () => {
      await limited.close();
    });

    it('look-ups of one number beyond its limit answer 429, known number or not', async () => {
      const doc = cases[1];
      if (doc === undefined) throw new Error('no demo case');
      for (const number of [doc.caseNumber, 'LD20990101QQQQQQ']) {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await lookUp(limited, number, '000000')).statusCode);
        expect(statuses, number).toEqual([404, 404, 404, 429]);
      }
    });

    it('look-ups from one address beyond its limit answer 429 with what to do', async () => {
      // The test above made 8 of this address's 9.
      expect((await lookUp(limited, 'LD20990101RRRRRR', '000000')).statusCode).toBe(404);
      const answer = await lookUp(limited, 'LD20990101SSSSSS', '000000');
      expect(answer.statusCode).toBe(429);
      expect(answer.json()).toMatchObject({ code: 'ERR_PUBLIC_RATE_LIMITED', reason: expect.stringContaining('Wait a minute'), reason_zh: expect.stringContaining('稍候') });
    });
  });
});
