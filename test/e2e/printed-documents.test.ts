import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { idNumber, launchProfile, screenshot, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const COMMUNITY = 'community-xinghuacun';
const STREET = 'street-sanxiaokou';
/** 临时救助申请: decided at the street, offers the green channel; asks for the form, the ID card and proof of the emergency. */
const ITEM = 'HF-MZ-0002';

/**
 * `window.print` counts its calls instead of opening a dialog, so the test sees each print; any
 * Content-Security-Policy violation from here on (the papers' chunk, their styles) is counted too.
 */
async function countPrints(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.print = () => {
      document.body.dataset['printed'] = String(Number(document.body.dataset['printed'] ?? '0') + 1);
    };
    document.addEventListener('securitypolicyviolation', (e) => {
      document.body.dataset['violations'] = `${document.body.dataset['violations'] ?? ''} ${e.violatedDirective}`;
    });
  });
}

async function printedText(page: Page): Promise<string> {
  await page.emulateMedia({ media: 'print' });
  try {
    // Only the document shows: the sheet (hidden on screen) is laid out, the console is not.
    const printedDoc = page.locator('print-sheet article');
    expect(await printedDoc.isVisible()).toBe(true);
    expect(await page.locator('liandong-app').isVisible()).toBe(false);
    return (await printedDoc.innerText()).replace(/\s+/g, ' ');
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

/**
 * What the station collected travels with the case, and the station prints its papers: a
 * community accepts a green-channel case with a material missing, prints the acceptance receipt
 * and the one-time notice (print media emulated: only the document shows), and the street sees
 * the materials and the green channel.
 */
describe('printed documents and collected materials in Chromium', () => {
  let net: ServedNetwork;
  let community: Profile;
  let street: Profile;

  beforeAll(async () => {
    net = await startServedNetwork();
    [community, street] = await Promise.all([launchProfile(), launchProfile()]);
  });

  afterAll(async () => {
    await Promise.allSettled([community, street].map((p) => p?.close()));
    await net?.stop();
  });

  it('a station finds the item by its initials, accepts, prints the receipt and the notice; the street sees what was collected', async () => {
    const page = community.page;
    await signIn(page, net.url, COMMUNITY, net.password(COMMUNITY));
    await page.click('community-view [data-tab="find"]');
    await page.fill('item-finder #q', 'jnjz');
    await page.waitForSelector(`item-finder [data-item="${ITEM}"] [data-why="initials"]`);
    expect(await page.locator(`item-finder [data-item="${ITEM}"] [data-why]`).textContent()).toBe('拼音首字母：jnjz（急难救助）');
    await page.click(`item-finder [data-item="${ITEM}"]`);

    const id = idNumber('34010219700203004');
    await page.fill('accept-form #name', '陈秀英');
    await page.fill('accept-form #idNumber', id);
    await page.fill('accept-form #phone', '13805517777');
    await page.uncheck('accept-form input[name=provided][value=hardship-proof]');
    await page.check('accept-form input[name=greenChannel]');
    await page.click('accept-form button[type=submit]');
    const done = (await page.locator('accept-form [data-accepted]').textContent({ timeout: 15_000 })) ?? '';
    const caseNumber = /LD\d{8}[A-Z0-9]{6}/.exec(done)?.[0];
    const queryCode = /查询码 (\d{6})/.exec(done)?.[1];
    expect(caseNumber).toBeDefined();
    expect(queryCode).toBeDefined();

    // What was collected, shown at once, with the papers to print.
    await page.waitForSelector('community-view case-materials [data-green-channel]');
    expect(await page.locator('community-view case-materials [data-not-provided]').textContent()).toContain('遭遇急难情况的相关证明');
    await countPrints(page);

    await page.click('community-view case-materials [data-print="receipt"]');
    await page.waitForFunction(() => document.body.dataset['printed'] === '1');
    const receipt = await printedText(page);
    for (const expected of ['受理回执', caseNumber ?? '?', queryCode ?? '?', '临时救助申请', 'HF-MZ-0002', '陈秀英', '340', '申请人居民身份证', '临时救助申请书',
      '绿色通道（优先办理）', '尚缺 1 项材料', '承诺办结日期', '个工作日', '杏花村社区服务站', '杏花村社区党群服务中心一楼', '0551-']) {
      expect(receipt, expected).toContain(expected);
    }
    expect(receipt).toMatch(/\d{4}年\d{1,2}月\d{1,2}日前/);
    expect(receipt).not.toContain(id);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'acceptance-receipt', { fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.locator('print-sheet article').isVisible()).toBe(false);

    await page.click('community-view case-materials [data-print="notice"]');
    await page.waitForFunction(() => document.body.dataset['printed'] === '2');
    const notice = await printedText(page);
    for (const expected of ['一次性告知书', caseNumber ?? '?', '陈秀英', '尚需补齐以下材料', '遭遇急难情况的相关证明', '送至杏花村社区服务站', '告知日期']) {
      expect(notice, expected).toContain(expected);
    }
    expect(notice).not.toContain('受理回执');

    // Printed again later from the case at the station.
    await page.click('community-view [data-tab="open"]');
    await page.click(`case-list [data-case="${caseNumber}"]`);
    await page.click('case-detail case-materials [data-print="receipt"]');
    await page.waitForFunction(() => document.body.dataset['printed'] === '3');
    expect(await printedText(page)).toContain(`办件编号 ${caseNumber}`);
    expect(await page.evaluate(() => document.body.dataset['violations'] ?? '')).toBe('');

    // The street that decides sees the green channel in its inbox and what was collected.
    await page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });
    await signIn(street.page, net.url, STREET, net.password(STREET));
    await street.page.waitForSelector(`case-list [data-case="${caseNumber}"] [data-green-channel]`, { timeout: 20_000 });
    await street.page.click(`case-list [data-case="${caseNumber}"]`);
    await street.page.waitForSelector('case-detail case-materials [data-green-channel]');
    expect(await street.page.locator('case-detail case-materials [data-received]').innerText()).toContain('申请人居民身份证');
    expect(await street.page.locator('case-detail case-materials [data-not-provided]').innerText()).toContain('遭遇急难情况的相关证明');
    // Only the accepting station prints.
    expect(await street.page.locator('case-detail case-materials [data-print]').count()).toBe(0);
  });
});
