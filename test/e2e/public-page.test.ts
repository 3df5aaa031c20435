import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { inStatusGroup } from '../../schemas/rules/case-status.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const PHONE = { width: 390, height: 844 };

/**
 * The citizen's own page on a phone-sized screen, and the city's search, in Debian's Chromium
 * against the real server and its demo cases.
 */
describe('the citizen\'s page and the city\'s search', () => {
  let net: ServedNetwork;
  let phone: Profile;
  let cases: CaseDoc[];

  beforeAll(async () => {
    net = await startServedNetwork();
    phone = await launchProfile();
    await phone.page.setViewportSize(PHONE);
    const all = await net.hub('GET', '/liandong_cases/_all_docs?include_docs=true');
    const rows = (all.json as { rows: { doc: Record<string, unknown> }[] }).rows;
    cases = rows.flatMap(({ doc }) => {
      const fields = schemaFieldsOf(doc);
      return validators.case(fields) ? [fields] : [];
    });
  });

  afterAll(async () => {
    await phone?.close();
    await net?.stop();
  });

  it('a citizen finds their case by number and code on a phone, sees its progress by unit, and rates it once', async () => {
    const doc = cases.find((d) => inStatusGroup(d.status, 'finished') && d.figures.holds.length > 1 && d.figures.rating === null);
    if (doc === undefined) throw new Error('the demo has no decided, unrated case that travelled');
    const code = doc.events.find((e) => e.type === 'accept')?.data.queryCode ?? '';
    const page = phone.page;
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /content security policy|refused to/i.test(message.text())) problems.push(message.text());
    });
    await page.goto(`${net.url}/public`);
    await page.fill('public-case-page #number', doc.caseNumber.toLowerCase());
    await page.fill('public-case-page #code', '000000');
    await page.click('public-case-page button[type=submit]');
    await page.waitForSelector('public-case-page [data-error]');
    expect(await page.locator('public-case-page [data-error]').textContent()).toContain('查询码');
    await page.fill('public-case-page #code', code);
    await page.click('public-case-page button[type=submit]');
    await page.waitForSelector(`public-case-view [data-status="${doc.status}"]`);
    // Steps grouped by the unit that took them: the station's, then the street's at least.
    expect(await page.locator('public-case-view [data-timeline] > li').count()).toBeGreaterThanOrEqual(2);
    // Fits a phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The page keeps nothing on the phone: no console database was opened.
    expect(await page.evaluate(async () => (await indexedDB.databases()).length)).toBe(0);
    await page.click('public-case-view [data-rating="4"]');
    await page.fill('public-case-view #note', '办事很快');
    await screenshot(page, 'public-page', { fullPage: true });
    await page.click('public-case-view [data-submit-rating]');
    await page.waitForSelector('public-case-view [data-rated]');
    expect(await page.locator('public-case-view [data-rated]').textContent()).toContain('满意');
    // Looked up again later: rated, and no second rating offered.
    await page.reload();
    await page.fill('public-case-page #number', doc.caseNumber);
    await page.fill('public-case-page #code', code);
    await page.click('public-case-page button[type=submit]');
    await page.waitForSelector('public-case-view [data-rated]');
    expect(await page.locator('public-case-view [data-submit-rating]').count()).toBe(0);
    // Under the consoles' Content-Security-Policy, with nothing blocked and no error.
    expect(problems).toEqual([]);
  });

  it('the city searches by unit and opens a case to act on; a search by name says why it is not offered', async () => {
    const city = await launchProfile();
    try {
      await signIn(city.page, net.url, 'hefei-center', net.password('hefei-center'));
      await city.page.click('city-view [data-tab="search"]');
      await city.page.fill('case-search #number', '王建华');
      await city.page.click('case-search button[type=submit]');
      await city.page.waitForSelector('case-search [data-search-message]');
      expect(await city.page.locator('case-search [data-search-message]').textContent()).toContain('不支持按申请人姓名查询');
      await city.page.fill('case-search #number', '');
      await city.page.selectOption('case-search #unit', 'street-sanxiaokou');
      await city.page.click('case-search button[type=submit]');
      await city.page.waitForSelector('case-search-results [data-result]');
      const first = city.page.locator('case-search-results [data-result]').first();
      const number = await first.getAttribute('data-result');
      expect(await first.textContent()).toMatch(/\*/);
      await screenshot(city.page, 'city-search', { fullPage: true });
      await first.locator('button').click();
      // Opened from the server, in the case panel: the city may act on it (which copies it).
      await city.page.waitForSelector(`city-view case-panel case-detail [data-status]`);
      expect(cases.some((d) => d.caseNumber === number && d.figures.holds.some((h) => h.unitId === 'street-sanxiaokou'))).toBe(true);
    } finally {
      await city.close();
    }
  });
});
