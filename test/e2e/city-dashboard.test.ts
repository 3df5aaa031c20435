import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import type { IndicatorsAnswer } from '../../schemas/api/indicators.schema.ts';
import { periodIdsOf } from '../../schemas/rules/periods.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const CITY = 'hefei-center';
const DAY = 86_400_000;

/** Everything the page reports against its Content-Security-Policy, and its errors. */
async function watchViolations(context: BrowserContext, page: Page, into: string[]): Promise<void> {
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    into.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content security policy|refused to/i.test(message.text())) into.push(message.text());
  });
  page.on('pageerror', (error) => into.push(error.message));
}

/** The texts an ECharts chart of the dashboard drew into its SVG. */
async function chartTexts(page: Page, chart: string): Promise<string[]> {
  return page.locator(`dashboard-panel echart-view[data-chart="${chart}"] svg text`).allTextContents();
}

/**
 * The city's dashboard on the demo network as `npm start` seeds it (four months of cases): the
 * charts drawn from the server's indicators, the ranking, the CSV download and the printed
 * report, with nothing blocked by the consoles' Content-Security-Policy.
 */
describe('the city dashboard in Chromium', () => {
  let net: ServedNetwork;
  let city: Profile;
  const violations: string[] = [];

  beforeAll(async () => {
    net = await startServedNetwork();
    city = await launchProfile();
    await watchViolations(city.context, city.page, violations);
  });

  afterAll(async () => {
    await city?.close();
    await net?.stop();
  });

  it('the demo seed gives the indicators at least three months of history', async () => {
    const login = await net.running.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: CITY, password: net.password(CITY) } });
    const token = login.json<{ token: string }>().token;
    const months = [0, 1, 2, 3].map((back) => periodIdsOf(Date.now() - back * 30 * DAY)[0]);
    const withCases: string[] = [];
    for (const month of new Set(months)) {
      const answer = await net.running.app.inject({ method: 'GET', url: `/api/indicators?period=${month}`, headers: { authorization: `Bearer ${token}` } });
      expect(answer.statusCode, answer.body).toBe(200);
      const rows = answer.json<IndicatorsAnswer>().rows;
      if (rows.reduce((n, r) => n + r.accepted, 0) > 0 && rows.reduce((n, r) => n + r.concluded, 0) > 0) withCases.push(month);
    }
    expect(withCases.length, `months with cases accepted and concluded: ${withCases.join(', ')}`).toBeGreaterThanOrEqual(3);
  });

  it('draws the charts and the ranking from the demo data, downloads the CSV and prints the report', async () => {
    const page = city.page;
    await signIn(page, net.url, CITY, net.password(CITY));
    await page.click('city-view [data-tab="dashboard"]');
    // The dashboard is its own chunk, fetched on this first opening.
    await page.waitForSelector('dashboard-panel [data-as-of]', { timeout: 30_000 });
    await page.waitForSelector('dashboard-panel echart-view[data-chart="trend"] svg text', { timeout: 30_000 });
    await page.waitForSelector('dashboard-panel echart-view[data-chart="overdue"] svg text');
    await page.waitForSelector('dashboard-panel echart-view[data-chart="satisfaction"] svg text');

    // The trend: twelve months up to this one, accepted and concluded.
    const trend = await chartTexts(page, 'trend');
    expect(trend).toEqual(expect.arrayContaining(['受理', '办结']));
    const now = new Date(Date.now() + 8 * 3_600_000);
    expect(trend).toContain(`${String(now.getUTCFullYear()).slice(2)}年${now.getUTCMonth() + 1}月`);
    // Overdue by street: every street hall by name.
    const streets = DEMO_UNITS.filter((u) => u.tier === 'street');
    expect(await chartTexts(page, 'overdue')).toEqual(expect.arrayContaining(streets.map((s) => s.name.zh)));
    // Satisfaction by unit: the units rated, by name, in percent.
    const satisfaction = await chartTexts(page, 'satisfaction');
    expect(satisfaction.some((text) => DEMO_UNITS.some((u) => u.name.zh === text))).toBe(true);
    expect(satisfaction.some((text) => /^\d+(\.\d)?%$/.test(text))).toBe(true);

    // The ranking: every unit once, streets ranked among streets, stations among stations.
    const ranked = await page.locator('dashboard-panel ranking-table tr[data-unit]').evaluateAll((rows) => rows.map((r) => [(r as HTMLElement).dataset['unit'] ?? '', (r as HTMLElement).dataset['rank'] ?? '']));
    expect(ranked.map(([unit]) => unit).sort()).toEqual(DEMO_UNITS.map((u) => u.id).sort());
    const ranks = (tier: string): number[] => ranked.filter(([unit]) => DEMO_UNITS.find((u) => u.id === unit)?.tier === tier).map(([, rank]) => Number(rank));
    expect(ranks('street')[0]).toBe(1);
    expect(ranks('community')[0]).toBe(1);
    expect(ranks('community').every((rank, i, all) => i === 0 || rank >= (all[i - 1] ?? 0))).toBe(true);
    // The city's open supervision (the demo's urge and supervision) and the quiet-station list.
    expect(await page.locator('dashboard-panel [data-supervision-case]').count()).toBeGreaterThan(0);
    await page.waitForSelector('dashboard-panel [data-quiet-count]');
    await screenshot(page, 'city-dashboard', { fullPage: true });

    // A tooltip on hover, drawn in the SVG: ECharts' HTML tooltip would carry inline styles the CSP refuses.
    const trendChart = page.locator('dashboard-panel echart-view[data-chart="trend"] .chart');
    const box = await trendChart.boundingBox();
    if (box === null) throw new Error('the trend chart has no box');
    const textsBefore = trend.length;
    for (let step = 1; step <= 4; step += 1) await page.mouse.move(box.x + box.width * (0.5 + step * 0.08), box.y + box.height * 0.6);
    await expect.poll(async () => (await chartTexts(page, 'trend')).length, { timeout: 10_000 }).toBeGreaterThan(textsBefore);
    await page.mouse.move(0, 0);


    // The CSV: UTF-8 with its byte order mark, the header, one row per unit, CRLF line ends.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('dashboard-panel [data-export="csv"]')]);
    const month = periodIdsOf(Date.now())[0];
    expect(download.suggestedFilename()).toBe(`liandong-report-${month}.csv`);
    const bytes = await readFile(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]).toMatch(/^"名次","单位","层级","上级单位","受理件数","办结件数",/);
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(DEMO_UNITS.length);
    for (const unit of DEMO_UNITS) expect(rows.filter((row) => row.split(',')[1] === `"${unit.name.zh}"`), unit.id).toHaveLength(1);
    expect(rows[0]).toMatch(/^"1","[^"]+街道便民服务中心","街道服务大厅","合肥市政务服务中心",/);

    // Another period: the quarter, read from the server again.
    await page.selectOption('dashboard-panel select[data-period-kind]', 'quarter');
    await page.waitForFunction(() => {
      const panel = document.querySelector('liandong-app')?.shadowRoot?.querySelector('city-view')?.shadowRoot?.querySelector('city-dashboard')?.shadowRoot?.querySelector('dashboard-panel');
      return panel?.shadowRoot?.querySelector('[data-as-of]')?.textContent?.includes('季度') === true;
    }, undefined, { timeout: 30_000 });

    // The printed report: only it shows on paper, with the ranking of every unit.
    await page.evaluate(() => {
      window.print = () => {
        document.body.dataset['printed'] = String(Number(document.body.dataset['printed'] ?? '0') + 1);
      };
    });
    await page.click('dashboard-panel [data-print]');
    await page.waitForFunction(() => document.body.dataset['printed'] === '1');
    await page.emulateMedia({ media: 'print' });
    try {
      const report = page.locator('print-sheet indicator-report article');
      expect(await report.isVisible()).toBe(true);
      expect(await page.locator('liandong-app').isVisible()).toBe(false);
      const printed = (await report.innerText()).replace(/\s+/g, ' ');
      for (const expected of ['政务服务绩效报告', '发布单位：合肥市政务服务中心', '统计期间', '季度', '考核排名', '排名依据']) expect(printed, expected).toContain(expected);
      const names = await page.locator('print-sheet ranking-table tr[data-unit] td.name').allTextContents();
      expect(names.sort()).toEqual(DEMO_UNITS.map((u) => u.name.zh).sort());
      await screenshot(page, 'city-report', { fullPage: true });
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expect(await page.locator('print-sheet indicator-report article').isVisible()).toBe(false);
    expect(violations).toEqual([]);
  });
});
