import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';
/** The second worker of the station: steps and the header name the person. */
const STATION_WORKER = 'community-xinghuacun.2';

/** The case numbers a list shows, in order. */
async function listed(page: Page): Promise<string[]> {
  return page.locator('case-list [data-case]').evaluateAll((buttons) => buttons.map((b) => (b as HTMLElement).dataset['case'] ?? ''));
}

/**
 * Supervision at the desk on the demo network as `npm start` seeds it: overdue cases the city
 * urged and supervised, a rectification under way, named workers. The street sorts by urgency and
 * answers an urge; the city sees what it opened and the rectification; a station worker sees due
 * dates, signed in under their own name.
 */
describe('supervision at the desk, in Chromium', () => {
  let net: ServedNetwork;
  const devices: Profile[] = [];

  beforeAll(async () => {
    net = await startServedNetwork();
  });

  afterAll(async () => {
    await Promise.allSettled(devices.map((p) => p.close()));
    await net?.stop();
  });

  async function device(): Promise<Page> {
    const profile = await launchProfile();
    devices.push(profile);
    return profile.page;
  }

  it('the street sorts its cases by urgency, keeps only the red ones, and answers the urge it owes a reply to', async () => {
    const page = await device();
    await signIn(page, net.url, STREET, net.password(STREET));
    await page.click('street-view [data-tab="watch"]');
    await page.waitForSelector('case-list [data-case]');
    await page.selectOption('case-workspace [data-order]', 'urgency');
    await page.waitForSelector('[data-tab="watch"] [data-red]', { timeout: 15_000 });
    const red = Number(await page.getAttribute('[data-tab="watch"] [data-red]', 'data-red'));
    expect(red).toBeGreaterThan(0);
    // Most urgent first: the overdue cases lead the list.
    await expect.poll(async () => page.locator('case-list [data-case] >> nth=0').locator('.badge.red', { hasText: '红牌' }).count(), { timeout: 10_000 }).toBe(1);
    await page.click('case-workspace [data-warning-filter="red"]');
    await expect.poll(async () => (await listed(page)).length, { timeout: 10_000 }).toBe(red);
    expect(await page.locator('case-list [data-case] .badge.red', { hasText: '红牌' }).count()).toBe(red);
    await screenshot(page, 'street-urgency');

    await page.click('street-view [data-tab="replies"]');
    await page.waitForSelector('case-list [data-case]');
    const owed = await listed(page);
    await page.click(`case-list [data-case="${owed[0] ?? ''}"]`);
    await page.waitForSelector('case-detail [data-follow-up="urge"]');
    await page.waitForSelector('case-detail [data-clock] [data-remaining]');
    await page.fill('case-actions [data-step="reply"] textarea', '已联系申请人补充核实，本周内办结');
    await screenshot(page, 'street-reply', { fullPage: true });
    await page.click('case-actions [data-step="reply"] button[type=submit]');
    await page.waitForSelector('case-timeline [data-event="reply"]');
    await expect.poll(() => listed(page), { timeout: 10_000 }).not.toContain(owed[0]);
  });

  it('the city follows what it opened and the rectifications below it', async () => {
    const page = await device();
    await signIn(page, net.url, CITY, net.password(CITY));
    await page.click('city-view [data-tab="supervising"]');
    await page.waitForSelector('case-list [data-case]', { timeout: 30_000 });
    await page.click('case-list [data-case] >> nth=0');
    await page.waitForSelector('case-detail [data-follow-up]');
    await screenshot(page, 'city-supervision', { fullPage: true });

    await page.click('city-view [data-tab="rectifying"]');
    await page.waitForSelector('case-list [data-case]');
    await page.click('case-list [data-case] >> nth=0');
    await page.waitForSelector('case-detail [data-rectification="open"]');
    await screenshot(page, 'city-rectification', { fullPage: true });
  });

  it('the city reads the network\'s cases from the server, supervises one it never held, and from then on keeps it', async () => {
    const page = await device();
    await signIn(page, net.url, CITY, net.password(CITY));
    await page.click('city-view [data-tab="watch"]');
    await page.waitForSelector('case-workspace [data-read-at]', { timeout: 30_000 });
    await page.waitForSelector('case-list [data-case]');
    // Read from the server: ordered, not coloured (the dashboard counts lateness across the network).
    expect(await page.locator('case-workspace [data-warning-filter]').count()).toBe(0);
    const copiedBefore = await page.textContent('city-view [data-tab="supervising"]');
    // The first case the city may supervise: one held below it with no supervision of the city's open.
    let chosen = '';
    for (const number of (await listed(page)).slice(0, 20)) {
      await page.click(`case-list [data-case="${number}"]`);
      await page.waitForSelector('case-detail');
      if (await page.locator('case-actions [data-step="supervise"]').count() > 0) {
        chosen = number;
        break;
      }
    }
    expect(chosen).not.toBe('');
    await page.fill('case-actions [data-step="supervise"] textarea', '请说明进度，三日内回复');
    await page.click('case-actions [data-step="supervise"] button[type=submit]');
    await page.waitForSelector('case-timeline [data-event="supervise"]');
    // Acting on it copied it: it is in the city's own list of what it opened, read from the device.
    await page.click('city-view [data-tab="supervising"]');
    await page.waitForSelector(`case-list [data-case="${chosen}"]`, { timeout: 15_000 });
    expect(await page.textContent('city-view [data-tab="supervising"]')).not.toBe(copiedBefore);
    await screenshot(page, 'city-watch-supervised', { fullPage: true });
  });

  it('a station worker signs in under their own name and sees each case\'s due date', async () => {
    const page = await device();
    await signIn(page, net.url, STATION_WORKER, net.password(STATION_WORKER));
    const who = (await page.textContent('[data-who]')) ?? '';
    expect(who).toContain('杏花村社区');
    expect(who).not.toContain(STATION_WORKER);
    await page.waitForSelector('case-list [data-case]');
    await page.click('case-list [data-case] >> nth=0');
    await page.waitForSelector('case-detail [data-clock]');
    expect(await page.textContent('case-detail [data-clock]')).toMatch(/前办结/);
    await screenshot(page, 'community-deadline', { fullPage: true });
  });
});
