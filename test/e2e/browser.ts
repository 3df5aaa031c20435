import { hubCall } from '../helpers/hub-http.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startLiandong, type RunningLiandong } from '../../ops/start-network.ts';
import { ensureClientBuild } from '../../server/client-build.ts';
import { readConfig } from '../../server/config.ts';

/** Debian's Chromium, never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Profile {
  readonly dir: string;
  context: BrowserContext;
  page: Page;
  /** Closes the browser and starts it again on the same profile (a cold restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A browser with its own, new user-data-dir; pages log their errors to the test output. */
export async function launchProfile(dir?: string): Promise<Profile> {
  const profileDir = dir ?? (await mkdtemp(join(tmpdir(), 'liandong-chromium-')));
  const open = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: ARGS, viewport: { width: 1280, height: 860 }, locale: 'zh-CN', serviceWorkers: 'allow' });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (err) => console.warn(`[page error] ${err.message.slice(0, 400)}`));
    return { context, page };
  };
  const first = await open();
  const profile: Profile = {
    dir: profileDir,
    context: first.context,
    page: first.page,
    async restart() {
      await profile.context.close();
      const next = await open();
      profile.context = next.context;
      profile.page = next.page;
    },
    async close() {
      await profile.context.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true });
    },
  };
  return profile;
}

export interface ServedNetwork {
  readonly running: RunningLiandong;
  readonly url: string;
  readonly dataDir: string;
  password(username: string): string;
  /** Plain CouchDB HTTP to the embedded hub, as its admin: what a test plants or checks behind the gateway. */
  hub(method: 'GET' | 'PUT', path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

/** The real server (embedded hub, gateway, built PWA) on an ephemeral port with a temp DATA_DIR, removed on stop. */
export async function startServedNetwork(): Promise<ServedNetwork> {
  await ensureClientBuild();
  const dataDir = await mkdtemp(join(tmpdir(), 'liandong-e2e-'));
  let running: RunningLiandong;
  try {
    running = await startLiandong({ ...readConfig({ DATA_DIR: dataDir }), port: 0, host: '127.0.0.1' });
  } catch (err) {
    await rm(dataDir, { recursive: true, force: true });
    throw err;
  }
  let stopped = false;
  return {
    running,
    url: running.url,
    dataDir,
    password(username) {
      const entry = running.seed?.accounts.find((a) => a.username === username);
      if (entry === undefined) throw new Error(`no demo account ${username}`);
      return entry.password;
    },
    async hub(method, path, body) {
      const hub = running.embeddedHub;
      if (hub === null) throw new Error('the served network has no embedded hub');
      return hubCall(hub, method, path, body);
    },
    async stop() {
      if (stopped) return;
      await running.stop();
      stopped = true;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/**
 * The README's pictures (docs/screenshots/, tracked): written only when asked, with
 * `LIANDONG_SCREENSHOTS=1 npm run test:e2e`, so an ordinary run leaves the tree clean.
 */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.LIANDONG_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), ...opts });
}

export async function signIn(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.fill('login-form #username', username);
  await page.fill('login-form #password', password);
  await page.click('login-form button[type=submit]');
  await page.waitForSelector('sync-indicator [data-sync-state="on"]', { timeout: 30_000 });
  // First sync done: the progress bar is gone.
  await page.waitForFunction(() => {
    const app = document.querySelector('liandong-app');
    const indicator = app?.shadowRoot?.querySelector('sync-indicator');
    return indicator?.shadowRoot?.querySelector('progress') === null;
  }, undefined, { timeout: 60_000 });
}

/** Waits until the service worker controls the page, so a reload works offline. */
export async function awaitServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller === null) {
      await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
    }
  });
}

/** A valid mainland ID number (GB 11643 check digit) from 17 digits. */
export function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((n, d, i) => n + Number(d) * (weights[i] ?? 0), 0);
  return `${first17}${'10X98765432'[sum % 11] ?? ''}`;
}

export interface AcceptedCase {
  readonly caseNumber: string;
}

/** Accepts one case at a community console through the UI; returns the case number shown. */
export async function acceptCase(page: Page, itemCode: string, applicant: { name: string; idNumber: string; phone: string }): Promise<AcceptedCase> {
  await page.click('community-view [data-tab="find"]');
  await page.fill('item-finder #q', itemCode);
  await page.click(`item-finder [data-item="${itemCode}"]`);
  await page.fill('accept-form #name', applicant.name);
  await page.fill('accept-form #idNumber', applicant.idNumber);
  await page.fill('accept-form #phone', applicant.phone);
  const done = page.locator('accept-form [data-accepted]');
  const before = (await done.count()) > 0 ? await done.textContent() : null;
  await page.click('accept-form button[type=submit]');
  await done.waitFor({ timeout: 15_000 });
  await page.waitForFunction((old) => {
    const el = document.querySelector('liandong-app')?.shadowRoot?.querySelector('community-view')?.shadowRoot?.querySelector('accept-form')?.shadowRoot?.querySelector('[data-accepted]');
    return el !== null && el !== undefined && el.textContent !== old;
  }, before, { timeout: 15_000 });
  const text = (await done.textContent()) ?? '';
  const match = /LD\d{8}[A-Z0-9]{6}/.exec(text);
  if (match === null) throw new Error(`no case number in "${text}"`);
  return { caseNumber: match[0] };
}
