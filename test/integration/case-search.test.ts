import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseSearchPage } from '../../schemas/api/case-search-page.schema.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

/** The city's case search over the demo's cases, from the hub's `search/by_criteria` view. */
describe('the city\'s case search', () => {
  let network: TestNetwork;
  let cases: CaseDoc[];
  let token: string;

  beforeAll(async () => {
    network = await startTestNetwork({ sampleCases: true });
    cases = (await network.hubPort.database('cases').allDocs()).flatMap((d) => storedAs(d, validators.case));
    token = (await network.login('hefei-center')).token;
  });
  afterAll(async () => {
    await network.stop();
  });

  async function search(query: Record<string, string>, as = token) {
    return network.app.inject({ method: 'GET', url: `/api/supervision/search?${new URLSearchParams(query).toString()}`, headers: { authorization: `Bearer ${as}` } });
  }

  /** Every page of a search, following `next`. */
  async function everyPage(query: Record<string, string>, limit = 4): Promise<CaseSearchPage['results']> {
    const all: CaseSearchPage['results'] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 200; pages += 1) {
      const answer = await search({ ...query, limit: String(limit), ...(cursor === null ? {} : { cursor }) });
      expect(answer.statusCode, answer.body).toBe(200);
      const page = answer.json<CaseSearchPage>();
      all.push(...page.results);
      cursor = page.next;
      if (cursor === null) return all;
    }
    throw new Error('more than 200 pages');
  }

  const idNumberOf = (doc: CaseDoc): string => doc.events.find((e) => e.type === 'accept')?.data.applicant?.idNumber ?? '';
  const newestFirst = (docs: readonly CaseDoc[]): string[] => [...docs].sort((a, b) => b.figures.acceptedAt - a.figures.acceptedAt || (a.id < b.id ? 1 : -1)).map((d) => d.id);

  it('by case number: exactly that case, the applicant masked', async () => {
    const doc = cases[3];
    if (doc === undefined) throw new Error('no demo case');
    const answer = await search({ q: doc.caseNumber.toLowerCase() });
    const page = answer.json<CaseSearchPage>();
    expect(page.results.map((r) => r.id)).toEqual([doc.id]);
    expect(page.results[0]?.applicant.idNumber).toMatch(/^\d{4}\*+[\dX]{4}$/);
    expect(answer.body).not.toContain(idNumberOf(doc));
  });

  it('by ID number, exactly; by item, by unit, by both and by dates, page by page, newest first', async () => {
    const doc = cases[7];
    if (doc === undefined) throw new Error('no demo case');
    expect((await everyPage({ q: idNumberOf(doc) })).map((r) => r.id)).toEqual(newestFirst(cases.filter((c) => idNumberOf(c) === idNumberOf(doc))));
    const item = doc.itemCode;
    expect((await everyPage({ item })).map((r) => r.id)).toEqual(newestFirst(cases.filter((c) => c.itemCode === item)));
    const handledAt = (unit: string) => (c: CaseDoc) => c.figures.holds.some((h) => h.unitId === unit);
    const street = 'street-sanxiaokou';
    const atStreet = cases.filter(handledAt(street));
    expect(atStreet.length).toBeGreaterThan(4);
    expect((await everyPage({ unit: street })).map((r) => r.id)).toEqual(newestFirst(atStreet));
    expect((await everyPage({ unit: street, item: atStreet[0]?.itemCode ?? '' })).map((r) => r.id)).toEqual(newestFirst(atStreet.filter((c) => c.itemCode === atStreet[0]?.itemCode)));
    // Cases accepted in the same millisecond (the demo has some) straddle pages of one: each comes once.
    expect(new Set(cases.map((c) => c.figures.acceptedAt)).size).toBeLessThan(cases.length);
    for (const limit of [1, 4]) expect((await everyPage({}, limit)).map((r) => r.id), `pages of ${limit}`).toEqual(newestFirst(cases));
    // A day's cases: local (UTC+8) days, both ends included.
    const day = new Date(doc.figures.acceptedAt + 8 * 3_600_000).toISOString().slice(0, 10);
    const onThatDay = cases.filter((c) => new Date(c.figures.acceptedAt + 8 * 3_600_000).toISOString().slice(0, 10) === day);
    expect((await everyPage({ from: day, to: day })).map((r) => r.id)).toEqual(newestFirst(onThatDay));
  });

  it('says what it does not search by, and what to use instead', async () => {
    const refusals: [Record<string, string>, string][] = [
      [{ q: '王建华' }, 'ERR_SEARCH_BY_NAME'],
      [{ name: '王建华' }, 'ERR_SEARCH_BY_NAME'],
      [{ q: '13905511000' }, 'ERR_SEARCH_BY_PHONE'],
      [{ q: '3401021950' }, 'ERR_SEARCH_PARTIAL_ID'],
      [{ q: '%%%' }, 'ERR_SEARCH_TEXT'],
      [{ from: '2026-02-30' }, 'ERR_SEARCH_DATES'],
      [{ from: '2026-05-02', to: '2026-05-01' }, 'ERR_SEARCH_DATES'],
    ];
    for (const [query, code] of refusals) {
      const answer = await search(query);
      expect(answer.statusCode, JSON.stringify(query)).toBe(400);
      expect(answer.json(), JSON.stringify(query)).toMatchObject({ code });
    }
    expect((await search({ q: '王建华' })).json()).toMatchObject({ reason: expect.stringContaining('ID number'), reason_zh: expect.stringContaining('身份证号码') });
  });

  it('a page of another search is refused; the search is the city case workers\'', async () => {
    const first = (await search({ item: cases[0]?.itemCode ?? '', limit: '1' })).json<CaseSearchPage>();
    expect(first.next).not.toBeNull();
    expect((await search({ item: cases[1]?.itemCode === cases[0]?.itemCode ? 'OTHER' : cases[1]?.itemCode ?? '', cursor: first.next ?? '' })).json()).toMatchObject({ code: 'ERR_SEARCH_CURSOR' });
    expect((await search({}, (await network.login(network.account('street-sanxiaokou').username)).token)).statusCode).toBe(403);
    expect((await search({}, (await network.login('admin')).token)).json()).toMatchObject({ code: 'ERR_ROLE_NO_CASES' });
  });
});
