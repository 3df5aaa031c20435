import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { awaitServiceWorker, launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const STATION = 'community-xinghuacun';
const EDITOR = 'catalog-editor';
const CODE = 'HF-LL-0099';
/** 老年人助浴服务申请: its pinyin initials, which the server computes. */
const INITIALS = 'lnrzyfwsq';

/** What the station's item finder lists for a query. */
async function finds(page: Page, query: string): Promise<string[]> {
  await page.fill('item-finder #q', query);
  return page.locator('item-finder [data-item]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-item') ?? ''));
}

/**
 * The city's administration in Chromium against the real server: the catalog editor adds an item in
 * the administration console, and a community station that was offline meanwhile finds it by its
 * pinyin initials after its next sync.
 */
describe('the administration console in Chromium', () => {
  let net: ServedNetwork;
  let station: Profile;
  let editor: Profile;

  beforeAll(async () => {
    net = await startServedNetwork();
    [station, editor] = await Promise.all([launchProfile(), launchProfile()]);
  });

  afterAll(async () => {
    await Promise.allSettled([station, editor].map((p) => p?.close()));
    await net?.stop();
  });

  it('a catalog editor adds an item; a station finds it by its pinyin initials after its next sync', async () => {
    const stationPage = station.page;
    await signIn(stationPage, net.url, STATION, net.password(STATION));
    await awaitServiceWorker(stationPage);
    await stationPage.click('community-view [data-tab="find"]');
    expect(await finds(stationPage, INITIALS)).toEqual([]);
    await station.context.setOffline(true);
    await stationPage.waitForSelector('sync-indicator [data-sync-state="off"]', { timeout: 30_000 });

    const page = editor.page;
    await signIn(page, net.url, EDITOR, net.password(EDITOR));
    // The administration console, not the city's case view: catalog, calendar and the record of changes.
    await page.waitForSelector('admin-console [data-tab="catalog"][aria-selected="true"]');
    expect(await page.locator('admin-console [data-tab]').evaluateAll((tabs) => tabs.map((t) => t.getAttribute('data-tab')))).toEqual(['catalog', 'calendars', 'changes']);
    expect(await page.locator('city-view').count()).toBe(0);

    await page.click('catalog-panel [data-new-item]');
    // Saved with nothing filled in: the rules on the device name each field, nothing is sent.
    await page.click('item-form [data-save]');
    await page.waitForSelector('item-form edit-problems [data-problem="item_code_form"]');
    expect(await page.locator('item-form edit-problems [data-problem="required"]').count()).toBeGreaterThan(3);

    await page.fill('item-form #code', CODE);
    await page.fill('item-form #nameZh', '老年人助浴服务申请');
    await page.fill('item-form #nameEn', 'Bathing assistance for older people');
    await page.fill('item-form #categoryZh', '老龄服务');
    await page.fill('item-form #categoryEn', 'Elderly services');
    await page.fill('item-form #keywords', '助浴\n老人洗澡');
    await page.fill('item-form #guideZh', '八十周岁以上老人可申请上门助浴服务，社区受理，街道审核。');
    await page.fill('item-form #guideEn', 'People aged 80 or over may ask for bathing help at home; the community accepts, the street decides.');
    await page.check('item-form [data-mode="door_to_door"]');
    await page.click('item-form [data-save]');
    const saved = page.locator('admin-console [data-admin-message]');
    await saved.waitFor({ timeout: 15_000 });
    expect(await saved.textContent()).toContain(INITIALS);
    // The item comes back to the editor's own device through sync, initials and all.
    await page.waitForSelector(`catalog-panel [data-item="${CODE}"]`, { timeout: 30_000 });
    expect(await page.locator(`catalog-panel [data-item="${CODE}"]`).textContent()).toContain(INITIALS);
    await screenshot(page, 'admin-item-edit', { fullPage: true });

    // The change is recorded: who, when, what.
    await page.click('admin-console [data-tab="changes"]');
    const record = page.locator('change-list [data-action="item_added"]').first();
    await record.waitFor({ timeout: 15_000 });
    expect(await record.textContent()).toContain(CODE);

    // The station, still offline, has not got it; after its next sync it finds it by the initials.
    expect(await finds(stationPage, INITIALS)).toEqual([]);
    await station.context.setOffline(false);
    await stationPage.waitForSelector('sync-indicator [data-sync-state="on"]', { timeout: 30_000 });
    await stationPage.fill('item-finder #q', INITIALS);
    await stationPage.waitForSelector(`item-finder [data-item="${CODE}"]`, { timeout: 30_000 });
    expect((await finds(stationPage, INITIALS))[0]).toBe(CODE);
    expect((await finds(stationPage, 'zy'))[0], 'a keyword\'s initials').toBe(CODE);
  });
});
