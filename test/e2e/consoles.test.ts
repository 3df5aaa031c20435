import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptCase, awaitServiceWorker, idNumber, launchProfile, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const SHOTS = 'docs/screenshots';
const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';
const CITY = 'hefei-center';

/**
 * The three consoles in Debian's Chromium against the real server and embedded hub: offline
 * acceptance, the street and the city seeing it, a refused document, and a cold restart offline.
 * One server for the file; the cold-restart test stops it, so it runs last.
 */
describe('the consoles in a real browser', () => {
  let net: ServedNetwork;
  let community: Profile;
  const profiles: Profile[] = [];
  const accepted: { instant: string; streetDecided: string; cityDecided: string } = { instant: '', streetDecided: '', cityDecided: '' };

  beforeAll(async () => {
    net = await startServedNetwork();
    community = await launchProfile();
    profiles.push(community);
  });

  afterAll(async () => {
    await Promise.allSettled(profiles.map((p) => p.close()));
    await net.stop();
  });

  it('a. a community accepts three cases offline; the street sees the two commitment cases, forwards one, the city shows it', async () => {
    const page = community.page;
    await signIn(page, net.url, COMMUNITY, net.password(COMMUNITY));
    await awaitServiceWorker(page);

    await community.context.setOffline(true);
    await page.reload();
    await page.waitForSelector('community-view');
    await page.waitForSelector('sync-indicator [data-sync-state="off"]', { timeout: 30_000 });

    accepted.instant = (await acceptCase(page, 'HF-SB-0001', { name: '王小丽', idNumber: idNumber('34010219850312002'), phone: '13805510001' })).caseNumber;
    accepted.streetDecided = (await acceptCase(page, 'HF-MZ-0001', { name: '李建国', idNumber: idNumber('34010219620708101'), phone: '0551-63501234' })).caseNumber;
    accepted.cityDecided = (await acceptCase(page, 'HF-SB-0003', { name: '赵敏', idNumber: idNumber('34010419900101123'), phone: '13955102222' })).caseNumber;
    // The ID shows masked after acceptance.
    expect(await page.locator('accept-form [data-accepted]').textContent()).toMatch(/340\*+\d\d|340\*+\dX/);
    await page.waitForSelector('sync-indicator [data-pending]:not([data-pending="0"])');
    await page.click('community-view [data-tab="open"]');
    await page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"] [data-unsynced]`);
    await page.click(`case-list [data-case="${accepted.cityDecided}"]`);
    await page.waitForSelector('case-timeline [data-timeline]');
    await page.screenshot({ path: `${SHOTS}/community-offline.png` });

    await community.context.setOffline(false);
    const online = Date.now();
    await page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });

    const street = await launchProfile();
    profiles.push(street);
    await signIn(street.page, net.url, STREET, net.password(STREET));
    for (const number of [accepted.streetDecided, accepted.cityDecided]) await street.page.waitForSelector(`case-list [data-case="${number}"]`, { timeout: 10_000 });
    expect(Date.now() - online).toBeLessThan(10_000 + 30_000); // sign-in included; the cases were there at first sync
    await street.page.click(`case-list [data-case="${accepted.cityDecided}"]`);
    await street.page.click('case-actions [data-action="forward"]');
    await street.page.waitForSelector('case-detail [data-status="handling"]');
    await street.page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"]`, { state: 'detached', timeout: 10_000 });
    await street.page.click('street-view [data-tab="load"]');
    await street.page.waitForSelector(`community-load [data-unit="${COMMUNITY}"]`);
    await street.page.screenshot({ path: `${SHOTS}/street-load.png` });
    await street.page.click('street-view [data-tab="inbox"]');
    await street.page.click(`case-list [data-case="${accepted.streetDecided}"]`);
    await street.page.waitForSelector('case-actions [data-action="approve"]');
    await street.page.screenshot({ path: `${SHOTS}/street-inbox.png` });

    const city = await launchProfile();
    profiles.push(city);
    await signIn(city.page, net.url, CITY, net.password(CITY));
    await city.page.waitForSelector(`unit-tree [data-unit="${COMMUNITY}"][data-health="ok"]`, { timeout: 20_000 });
    await city.page.screenshot({ path: `${SHOTS}/city-network.png`, fullPage: true });
    await city.page.click('city-view [data-tab="held"]');
    await city.page.waitForSelector(`case-list [data-case="${accepted.cityDecided}"]`, { timeout: 20_000 });
    await city.page.click(`case-list [data-case="${accepted.cityDecided}"]`);
    await city.page.waitForSelector('case-timeline [data-event="forward"]');
    expect(await city.page.locator('case-timeline li.unsynced').count()).toBe(0);
    await city.page.screenshot({ path: `${SHOTS}/city-case.png` });
    await city.page.click('city-view [data-tab="search"]');
    await city.page.fill('case-search #number', accepted.instant);
    await city.page.click('case-search button[type=submit]');
    await city.page.waitForSelector(`case-detail[readonly] [data-status="approved"]`, { timeout: 10_000 });
  });

  it('c. a document the gateway refuses shows in the sync indicator with its reason, and the rest syncs', async () => {
    const other = await launchProfile();
    profiles.push(other);
    const station = 'community-liuanlu';
    await signIn(other.page, net.url, station, net.password(station));
    await other.context.setOffline(true);
    const refused = await acceptCase(other.page, 'HF-LL-0001', { name: '周老伯', idNumber: idNumber('34010219400505003'), phone: '13805519999' });
    const kept = await acceptCase(other.page, 'HF-JY-0002', { name: '吴晓', idNumber: idNumber('34010219950606004'), phone: '13805518888' });
    // Meanwhile the city makes the instant item a street-decided commitment item: the offline acceptance no longer fits.
    const catalog = net.running.hub.use<Record<string, unknown>>('liandong_catalog');
    const item = await catalog.get('HF-LL-0001');
    await catalog.insert({ ...item, kind: 'commitment', decisionTier: 'street', promisedDays: 5 });
    // The gateway reloads its catalog rules from the changes feed: wait until it has.
    const gateway = net.running.app.gateway;
    for (let i = 0; i < 100 && (await gateway.network.current()).catalog.get('HF-LL-0001')?.kind !== 'commitment'; i += 1) await new Promise((r) => setTimeout(r, 100));
    await other.context.setOffline(false);

    await other.page.waitForSelector('sync-indicator [data-refused="1"]', { timeout: 30_000 });
    const text = (await other.page.locator('sync-indicator .refused').textContent()) ?? '';
    expect(text).toContain('被服务器拒收');
    expect(text).toMatch(/HF-LL-0001/);
    await other.page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });
    await other.page.screenshot({ path: `${SHOTS}/refused-document.png` });
    const cases = net.running.hub.use('liandong_cases');
    const found = async (number: string): Promise<number> => (await cases.view('liandong', 'by_number', { key: number })).rows.length;
    expect(await found(kept.caseNumber)).toBe(1);
    expect(await found(refused.caseNumber)).toBe(0);
  });

  it('b. after a cold restart with the server stopped, the app opens, the cases are there, the worker unlocks offline', async () => {
    await net.stop();
    await community.restart();
    const page = community.page;
    await page.goto(net.url);
    await page.waitForSelector('unlock-form');
    await page.fill('unlock-form #password', 'not-the-password');
    await page.click('unlock-form button[type=submit]');
    await page.waitForSelector('unlock-form .error');
    await page.screenshot({ path: `${SHOTS}/unlock-offline.png` });
    await page.fill('unlock-form #password', net.password(COMMUNITY));
    await page.click('unlock-form button[type=submit]');
    await page.waitForSelector('community-view');
    for (const number of [accepted.streetDecided, accepted.cityDecided]) await page.waitForSelector(`case-list [data-case="${number}"]`);
    await page.click('community-view [data-tab="pickup"]');
    await page.waitForSelector(`case-list [data-case="${accepted.instant}"]`);
    await page.click(`case-list [data-case="${accepted.instant}"]`);
    await page.click('case-actions [data-action="pickup"]');
    await page.waitForSelector('case-detail [data-status="delivered"]');
    await page.click('case-actions [data-action="rate"]');
    await page.waitForSelector('case-timeline [data-event="rate"]');
    await page.screenshot({ path: `${SHOTS}/community-pickup.png` });
  });
});
