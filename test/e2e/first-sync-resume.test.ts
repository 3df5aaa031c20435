import type { Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../schemas/types.ts';
import { buildStationCases } from '../bench/case-factory.ts';
import { hubVisibleCount, plantCases } from '../helpers/planted-cases.ts';
import { eventually } from '../helpers/test-network.ts';
import { launchProfile, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const COMMUNITY = 'community-liuanlu';
const PLANTED = 3_000;

interface IndicatorState {
  readonly online: boolean;
  /** The first-sync bar is showing. */
  readonly syncing: boolean;
  /** The cases the bar says are stored, when it shows a count. */
  readonly stored: number | null;
}

function indicator(page: Page): Promise<IndicatorState> {
  return page.evaluate(() => {
    const root = document.querySelector('liandong-app')?.shadowRoot?.querySelector('sync-indicator')?.shadowRoot ?? null;
    const stored = root?.querySelector<HTMLElement>('[data-stored]')?.dataset['stored'];
    return {
      online: root?.querySelector('[data-sync-state="on"]') !== null && root !== null,
      syncing: root?.querySelector('progress') !== null && root !== null,
      stored: stored === undefined ? null : Number(stored),
    };
  });
}

/** The cases this unit's database holds in IndexedDB, counted by the browser itself. */
function casesInIndexedDb(page: Page, unitId: string): Promise<number> {
  return page.evaluate(async (unit) => {
    const names = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith(`rxdb-dexie-liandong-${unit}--`) && n.endsWith('--cases'));
    let total = 0;
    for (const name of names) {
      total += await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(new Error(`cannot open ${name}`));
        open.onsuccess = () => {
          const db = open.result;
          const count = db.transaction('docs', 'readonly').objectStore('docs').count();
          count.onsuccess = () => {
            db.close();
            resolve(count.result);
          };
          count.onerror = () => reject(new Error(`cannot count ${name}`));
        };
      });
    }
    return total;
  }, unitId);
}

interface PullLog {
  readonly sinces: string[];
  docs: number;
}

/** Records the cases pulls a page makes: where each starts, and how many cases they bring. */
function logPulls(page: Page, unitId: string): PullLog {
  const log: PullLog = { sinces: [], docs: 0 };
  const isPull = (url: string): boolean => {
    const u = new URL(url);
    return u.pathname === `/sync/${unitId}/cases/_changes` && u.searchParams.get('feed') !== 'longpoll';
  };
  page.on('request', (request: Request) => {
    if (isPull(request.url())) log.sinces.push(new URL(request.url()).searchParams.get('since') ?? '');
  });
  page.on('response', (response: Response) => {
    if (!isPull(response.url())) return;
    void response.json().then((body: { results?: unknown[] }) => {
      log.docs += Array.isArray(body.results) ? body.results.length : 0;
    }, () => undefined);
  });
  return log;
}

/**
 * "Synced" must mean stored: a worker who sees it may go offline. A first sync whose tab is closed
 * half-way resumes from what the device stored, and says it is done only when every case the hub
 * lets the unit see is in the device's IndexedDB.
 */
describe('a first sync in Chromium, interrupted', () => {
  let net: ServedNetwork;
  let device: Profile;
  let visible = 0;

  beforeAll(async () => {
    net = await startServedNetwork();
    const actor: Actor = { unitId: COMMUNITY, tier: 'community', role: 'community_worker', workerId: COMMUNITY };
    await plantCases(net.running.hub.database('cases'), buildStationCases({ actor, deviceId: 'dev-e2e-planted', count: PLANTED, startMs: Date.now() - 86_400_000, seed: 31 }), Date.now());
    const hub = net.running.embeddedHub;
    if (hub === null) throw new Error('no embedded hub');
    visible = await hubVisibleCount(hub, COMMUNITY);
    device = await launchProfile();
  });

  afterAll(async () => {
    await device?.close();
    await net?.stop();
  });

  it('resumes from what was stored after the tab is closed mid-way, and shows done only with every visible case stored', async () => {
    expect(visible).toBeGreaterThanOrEqual(PLANTED);
    const page = device.page;
    await page.goto(net.url);
    await page.fill('login-form #username', COMMUNITY);
    await page.fill('login-form #password', net.password(COMMUNITY));
    await page.click('login-form button[type=submit]');
    // Part of the way: some cases stored, the bar still showing.
    const before = await eventually(() => indicator(page), (s) => s.syncing && (s.stored ?? 0) >= 300, 120_000, 'some cases stored');
    expect(before.stored ?? 0).toBeLessThan(visible);
    await device.restart();

    const reopened = device.page;
    const pulls = logPulls(reopened, COMMUNITY);
    await reopened.goto(net.url);
    await reopened.waitForSelector('unlock-form');
    await reopened.fill('unlock-form #password', net.password(COMMUNITY));
    await reopened.click('unlock-form button[type=submit]');

    // What was stored before the tab closed is there at once; the bar shows until everything is.
    const seen: IndicatorState[] = [];
    const done = await eventually(async () => {
      const state = await indicator(reopened);
      seen.push(state);
      if (!state.online || state.syncing) return null;
      return casesInIndexedDb(reopened, COMMUNITY);
    }, (stored) => stored !== null, 180_000, 'the resumed first sync to show done');
    expect(done, 'cases in IndexedDB when done showed').toBe(visible);
    const counts = seen.flatMap((s) => (s.stored === null ? [] : [s.stored]));
    expect(Math.min(...counts), 'stored counts shown after the restart').toBeGreaterThanOrEqual(before.stored ?? 0);
    expect(Math.max(...counts), 'a count shown while the bar still showed').toBeLessThanOrEqual(visible);
    expect(pulls.sinces[0], 'the first pull after the restart').not.toBe('0');
    expect(pulls.docs, 'cases pulled after the restart').toBeLessThanOrEqual(visible - (before.stored ?? 0) + 300);
  });
});
