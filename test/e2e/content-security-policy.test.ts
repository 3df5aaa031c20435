import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { acceptCase, awaitServiceWorker, idNumber, launchProfile, signIn, startServedNetwork, type Profile, type ServedNetwork } from './browser.ts';

const COMMUNITY = 'community-xinghuacun';
const CITY = 'hefei-center';

/** Everything the browser reports against the page's Content-Security-Policy, from every page of the profile. */
interface Violations {
  readonly events: string[];
  readonly console: string[];
  readonly pageErrors: string[];
}

async function watchViolations(context: BrowserContext, page: Page, into: Violations): Promise<void> {
  await context.exposeBinding('reportCspViolation', (_source, text: string) => {
    into.events.push(text);
  });
  // In every document before its own scripts run, so nothing blocked at start-up is missed.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /content security policy|unsafe-eval|refused to/i.test(message.text())) into.console.push(message.text());
  });
  page.on('pageerror', (error) => into.pageErrors.push(error.message));
}

/**
 * The consoles in Chromium under the gateway's Content-Security-Policy (no eval, no inline
 * script): signing in, syncing, reopening from the stored session and reading the city's figures
 * all run with nothing blocked. Each of those reads a validator, which the build generates as code:
 * compiling one in the browser would need 'unsafe-eval'.
 */
describe('the consoles under their Content-Security-Policy', () => {
  let net: ServedNetwork;
  let community: Profile;
  let city: Profile;
  const violations: Violations = { events: [], console: [], pageErrors: [] };

  beforeAll(async () => {
    net = await startServedNetwork();
    [community, city] = await Promise.all([launchProfile(), launchProfile()]);
    await watchViolations(community.context, community.page, violations);
    await watchViolations(city.context, city.page, violations);
  });

  afterAll(async () => {
    await Promise.allSettled([community?.close(), city?.close()]);
    await net?.stop();
  });

  it('the page is served with the CSP, and signing in, syncing, reopening and the city\'s figures cause no violation', async () => {
    const page = community.page;
    const response = await page.goto(net.url);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response?.headers()['x-frame-options']).toBe('DENY');

    try {
      await signIn(page, net.url, COMMUNITY, net.password(COMMUNITY));
      await awaitServiceWorker(page);
      await acceptCase(page, 'HF-MZ-0001', { name: '李建国', idNumber: idNumber('34010219620708101'), phone: '0551-63501234' });
      await page.waitForSelector('sync-indicator [data-pending="0"]', { timeout: 30_000 });
      // Reopened from the session kept on the device (checked against its schema), through the service worker.
      await page.reload();
      await page.waitForSelector('community-view');
      await page.waitForSelector('sync-indicator [data-sync-state="on"]', { timeout: 30_000 });

      // The city console validates the network overview it reads from the server.
      await signIn(city.page, net.url, CITY, net.password(CITY));
      await city.page.waitForSelector(`unit-tree [data-unit="${COMMUNITY}"][data-health="ok"]`, { timeout: 30_000 });
    } catch (err) {
      // A blocked script fails the flow somewhere; say what the browser blocked.
      throw new Error(`${err instanceof Error ? err.message : String(err)}\nCSP reports so far: ${JSON.stringify(violations)}`, { cause: err });
    }
    expect(violations).toEqual({ events: [], console: [], pageErrors: [] });
  });
});
