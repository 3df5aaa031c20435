import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually } from '../helpers/test-network.ts';
import { acceptCase, awaitServiceWorker, idNumber, launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';

interface ThreeCases {
  instant: string;
  streetDecided: string;
  cityDecided: string;
}

/** An instant item concluded on the spot, one the street decides and one the city decides. */
async function acceptThreeCases(page: Page): Promise<ThreeCases> {
  const instant = await acceptCase(page, 'HF-SB-0001', { name: '王小丽', idNumber: idNumber('34010219850312002'), phone: '13805510001' });
  const streetDecided = await acceptCase(page, 'HF-MZ-0001', { name: '李建国', idNumber: idNumber('34010219620708101'), phone: '0551-63501234' });
  const cityDecided = await acceptCase(page, 'HF-SB-0003', { name: '赵敏', idNumber: idNumber('34010419900101123'), phone: '13955102222' });
  return { instant: instant.caseNumber, streetDecided: streetDecided.caseNumber, cityDecided: cityDecided.caseNumber };
}

/**
 * The three consoles in Debian's Chromium against the real server and embedded hub. Each test has
 * its own server, devices and data, set up in its hooks, so any one runs alone
 * (`npx vitest run test/e2e -t "b."`) and in any order. Keep the letter "b" out of every name but
 * test b's: `-t` is a regular expression over the full name.
 */
describe('the consoles in Chromium', () => {
  describe('a fresh server; community, street and city devices', () => {
    let net: ServedNetwork;
    const devices: Profile[] = [];
    let community: Profile;
    let street: Profile;
    let city: Profile;

    beforeAll(async () => {
      net = await startServedNetwork();
      [community, street, city] = await Promise.all([launchProfile(), launchProfile(), launchProfile()]);
      devices.push(community, street, city);
    });

    afterAll(async () => {
      await Promise.allSettled(devices.map((p) => p.close()));
      await net?.stop();
    });

    it('a. a community accepts three cases offline; the street sees the two commitment cases, forwards one, the city shows it', async () => {
      const page = community.page;
      await signIn(page, net.url, COMMUNITY, net.password(COMMUNITY));
      await awaitServiceWorker(page);

      await community.context.setOffline(true);
      await page.reload();
      await page.waitForSelector('community-view');
      await page.waitForSelector('sync-indicator [data-sync-state="off"]', { timeout: 30_000 });

      const accepted = await acceptThreeCases(page);
      // The ID shows masked after acceptance.
      expect(await page.locator('accept-form [data-accepted]').textContent()).toMatch(/340\*+\d\d|340\*+\dX/);
      await page.waitForSelector('sync-indicator [data-pending]:not([data-pending="0"])');
      await page.click('community-view [data-tab="open"]');
      await page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"] [data-unsynced]`);
      await page.click(`case-list [data-case="${accepted.cityDecided}"]`);
      await page.waitForSelector('case-timeline [data-timeline]');
      await screenshot(page, 'community-offline');

      await community.context.setOffline(false);
      const online = Date.now();
      await page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });

      await signIn(street.page, net.url, STREET, net.password(STREET));
      for (const number of [accepted.streetDecided, accepted.cityDecided]) await street.page.waitForSelector(`case-list [data-case="${number}"]`, { timeout: 10_000 });
      expect(Date.now() - online).toBeLessThan(10_000 + 30_000); // sign-in included; the cases were there at first sync
      await street.page.click(`case-list [data-case="${accepted.cityDecided}"]`);
      await street.page.click('case-actions [data-action="forward"]');
      await street.page.waitForSelector('case-detail [data-status="handling"]');
      await street.page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"]`, { state: 'detached', timeout: 10_000 });
      await street.page.click('street-view [data-tab="load"]');
      await street.page.waitForSelector(`community-load [data-unit="${COMMUNITY}"]`);
      await screenshot(street.page, 'street-load');
      await street.page.click('street-view [data-tab="inbox"]');
      await street.page.click(`case-list [data-case="${accepted.streetDecided}"]`);
      await street.page.waitForSelector('case-actions [data-action="approve"]');
      await screenshot(street.page, 'street-inbox');

      await signIn(city.page, net.url, CITY, net.password(CITY));
      await city.page.waitForSelector(`unit-tree [data-unit="${COMMUNITY}"][data-health="ok"]`, { timeout: 20_000 });
      await screenshot(city.page, 'city-network', { fullPage: true });
      await city.page.click('city-view [data-tab="held"]');
      await city.page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"]`, { timeout: 20_000 });
      await city.page.click(`case-list [data-case="${accepted.cityDecided}"]`);
      await city.page.waitForSelector('case-timeline [data-event="forward"]');
      expect(await city.page.locator('case-timeline li.unsynced').count()).toBe(0);
      await screenshot(city.page, 'city-case');
      await city.page.click('city-view [data-tab="search"]');
      await city.page.fill('case-search #number', accepted.instant);
      await city.page.click('case-search button[type=submit]');
      await city.page.waitForSelector(`city-view case-panel case-detail [data-status="approved"]`, { timeout: 10_000 });
    });
  });

  describe('a fresh server; a device at another community', () => {
    const STATION = 'community-liuanlu';
    const ITEM = 'HF-LL-0001';
    let net: ServedNetwork;
    let device: Profile;

    beforeAll(async () => {
      net = await startServedNetwork();
      device = await launchProfile();
    });

    afterAll(async () => {
      await device?.close();
      await net?.stop();
    });

    it('c. a document the gateway refuses shows in the sync indicator with its reason, and the rest syncs', async () => {
      const page = device.page;
      await signIn(page, net.url, STATION, net.password(STATION));
      await device.context.setOffline(true);
      const refused = await acceptCase(page, ITEM, { name: '周老伯', idNumber: idNumber('34010219400505003'), phone: '13805519999' });
      const kept = await acceptCase(page, 'HF-JY-0002', { name: '吴晓', idNumber: idNumber('34010219950606004'), phone: '13805518888' });
      // Meanwhile the city makes the instant item a street-decided commitment item: the offline acceptance no longer fits.
      const item = await net.hub('GET', `/liandong_catalog/${ITEM}`);
      expect(item.status).toBe(200);
      const changed = await net.hub('PUT', `/liandong_catalog/${ITEM}`, { ...(item.json as Record<string, unknown>), kind: 'commitment', decisionTier: 'street', promisedDays: 5 });
      expect(changed.status).toBe(201);
      // The gateway reloads its catalog rules from the changes feed: wait until it has.
      const gateway = net.running.app.gateway;
      await eventually(async () => (await gateway.network.current()).catalog.get(ITEM)?.kind, (kind) => kind === 'commitment', 30_000, 'the gateway to reload the catalog');
      await device.context.setOffline(false);

      await page.waitForSelector('sync-indicator [data-refused="1"]', { timeout: 30_000 });
      const text = (await page.locator('sync-indicator .refused').textContent()) ?? '';
      expect(text).toContain('被服务器拒收');
      expect(text).toMatch(/HF-LL-0001/);
      await page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });
      await screenshot(page, 'refused-document');
      const found = async (number: string): Promise<number> => {
        const answer = await net.hub('GET', `/liandong_cases/_design/liandong/_view/by_number?key=${encodeURIComponent(JSON.stringify(number))}`);
        expect(answer.status).toBe(200);
        return (answer.json as { rows: unknown[] }).rows.length;
      };
      expect(await found(kept.caseNumber)).toBe(1);
      expect(await found(refused.caseNumber)).toBe(0);
    });
  });

  describe('a community device that signed in and accepted cases; then the server stopped', () => {
    let net: ServedNetwork;
    let community: Profile;
    let accepted: ThreeCases;

    beforeAll(async () => {
      net = await startServedNetwork();
      community = await launchProfile();
      await signIn(community.page, net.url, COMMUNITY, net.password(COMMUNITY));
      await awaitServiceWorker(community.page);
      accepted = await acceptThreeCases(community.page);
      await community.page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 60_000 });
      await net.stop();
    });

    afterAll(async () => {
      await community?.close();
      await net?.stop();
    });

    it('b. after a cold restart with the server stopped, the app opens, the cases are there, the worker unlocks offline', async () => {
      await community.restart();
      const page = community.page;
      await page.goto(net.url);
      await page.waitForSelector('unlock-form');
      // Whose device this is, by name: the person and the unit, with no network.
      expect(await page.textContent('unlock-form [data-unlock-who]')).toContain('杏花村社区');
      await page.fill('unlock-form #password', 'not-the-password');
      await page.click('unlock-form button[type=submit]');
      await page.waitForSelector('unlock-form .error');
      await screenshot(page, 'unlock-offline');
      await page.fill('unlock-form #password', net.password(COMMUNITY));
      await page.click('unlock-form button[type=submit]');
      await page.waitForSelector('community-view');
      for (const number of [accepted.streetDecided, accepted.cityDecided]) await page.waitForSelector(`case-list [data-case="${number}"]`);
      await page.click('community-view [data-tab="pickup"]');
      await page.waitForSelector(`case-list [data-case="${accepted.instant}"]`);
      await page.click(`case-list [data-case="${accepted.instant}"]`);
      await page.click('case-actions [data-action="pickup"]');
      await page.waitForSelector('case-detail [data-status="delivered"]');
      // The worker hands the screen over: the citizen rates, the device stays on the rating until they submit.
      await page.click('case-actions [data-action="rate"]');
      await page.waitForSelector('rating-handover dialog[open]');
      await page.keyboard.press('Escape');
      await page.waitForSelector('rating-handover dialog[open]');
      await page.click('rating-handover [data-rating="2"]');
      await page.fill('rating-handover textarea', '等候时间太长');
      await page.click('rating-handover [data-rating-submit]');
      await page.waitForSelector('case-timeline [data-event="rate"]');
      // 不满意 opens a rectification for the station, due in 5 working days.
      await page.waitForSelector('case-detail [data-rectification="open"]');
      await screenshot(page, 'community-pickup');
    });
  });
});
