// The consoles' budget, measured in Debian's Chromium against the real server:
// - the gzipped size of the JavaScript a fresh browser loads to show the app (fetched before the
//   shell's first screen: the console's code, fetched after it, is not start-up);
// - the bytes of that script and its styles as the gateway sends them, brotli and gzip (the
//   build's precompressed copies, or the file where it has none);
// - the time from an offline reload to an interactive case list with 5,000 local cases;
// - a first load in a fresh browser (nothing cached, no service worker) to the sign-in form on a
//   thin link, 256 kbit/s each way with 400 ms latency (Chromium's own network emulation, over
//   CDP), against the same load on loopback.
// Targets: <= 350 KB gz of script, <= 150 KB of script and styles as brotli, <= 1.5 s, < 6 s.
// `measureClientBudget()` prints its figures and returns them.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_CLIENT_DIR } from '../../server/routes/static-routes.ts';
import { awaitServiceWorker, launchProfile, signIn, startServedNetwork, type ServedNetwork } from '../e2e/browser.ts';
import { plantCases } from '../helpers/planted-cases.ts';
import { buildStationCases } from './case-factory.ts';

export interface ClientBudgetFigures {
  readonly startJsGzipBytes: number;
  readonly startJsFiles: readonly string[];
  /** Script and styles at start, as served to a browser that takes brotli / only gzip. */
  readonly startServedBrBytes: number;
  readonly startServedGzipBytes: number;
  readonly localCases: number;
  readonly firstSyncMs: number;
  readonly offlineReloadToListMs: number;
  readonly coldLoad: ColdLoadFigures;
  readonly targets: { readonly jsGzipBytes: number; readonly servedBrBytes: number; readonly reloadMs: number; readonly coldLoadSlowLinkMs: number };
  readonly met: { readonly js: boolean; readonly served: boolean; readonly reload: boolean; readonly coldLoadSlowLink: boolean };
}

export interface ColdLoadFigures {
  /** A fresh browser's first load to the sign-in form: on loopback, and on the thin link. */
  readonly loopbackMs: number;
  readonly slowLinkMs: number;
  /** Bytes the page fetched from the gateway on the thin link, as sent (encoded). */
  readonly slowLinkBytes: number;
  /** The encodings the gateway answered the page's scripts and styles with. */
  readonly encodings: readonly string[];
}

/** 256 kbit/s each way, 400 ms latency: a township link on a bad day. */
const THIN_LINK = { offline: false, latency: 400, downloadThroughput: 256_000 / 8, uploadThroughput: 256_000 / 8 } as const;

/** A fresh browser's first load of the consoles to the sign-in form, on `link` when given. */
async function coldLoadMs(net: ServedNetwork, link: typeof THIN_LINK | null): Promise<{ ms: number; bytes: number; encodings: Set<string> }> {
  const profile = await launchProfile();
  try {
    const cdp = await profile.context.newCDPSession(profile.page);
    await cdp.send('Network.enable');
    if (link !== null) await cdp.send('Network.emulateNetworkConditions', link);
    let bytes = 0;
    cdp.on('Network.loadingFinished', (event) => {
      bytes += event.encodedDataLength;
    });
    const encodings = new Set<string>();
    profile.page.on('response', (r) => {
      const kind = r.request().resourceType();
      if (kind === 'script' || kind === 'stylesheet') encodings.add(r.headers()['content-encoding'] ?? 'identity');
    });
    const t0 = performance.now();
    await profile.page.goto(net.url, { timeout: 120_000 });
    await profile.page.waitForSelector('login-form', { timeout: 120_000 });
    return { ms: performance.now() - t0, bytes, encodings };
  } finally {
    await profile.close();
  }
}

/** The size of a built file as served with `suffix`'s encoding: its precompressed copy, or itself. */
async function servedBytes(path: string, suffix: '.br' | '.gz'): Promise<number> {
  const file = join(DEFAULT_CLIENT_DIR, path);
  try {
    return (await stat(file + suffix)).size;
  } catch {
    return (await stat(file)).size;
  }
}

const COMMUNITY = 'community-xinghuacun';

/** The user-timing mark the shell sets as its first screen is rendered (`client/src/components/liandong-app.ts`). */
const FIRST_SCREEN_MARK = 'liandong:first-screen';

export async function measureClientBudget(opts: { cases?: number; log?: (line: string) => void } = {}): Promise<ClientBudgetFigures> {
  const cases = opts.cases ?? 5_000;
  const log = opts.log ?? ((line: string) => console.log(line));
  const net = await startServedNetwork();
  const profile = await launchProfile();
  try {
    // 5,000 cases of one station, already on the hub with receipts (synced).
    const docs = buildStationCases({ actor: { unitId: COMMUNITY, tier: 'community', role: 'community_worker', workerId: COMMUNITY }, deviceId: 'bench-device', count: cases, startMs: Date.now() - cases * 1000, seed: 7 });
    await plantCases(net.running.hub.database('cases'), docs, Date.now());

    // JS loaded at start: every script the first page load fetches before its first screen is
    // shown, gzipped as a server would. The shell marks that moment (FIRST_SCREEN_MARK in
    // liandong-app.ts) and only then fetches the console's code, which is not start-up.
    await profile.page.goto(net.url);
    await profile.page.waitForSelector('login-form');
    const fetchedBefore = await profile.page.waitForFunction((mark) => {
      const shown = performance.getEntriesByName(mark, 'mark')[0];
      if (shown === undefined) return null;
      return performance.getEntriesByType('resource').filter((e) => e.startTime <= shown.startTime).map((e) => new URL(e.name).pathname);
    }, FIRST_SCREEN_MARK).then((handle) => handle.jsonValue());
    if (fetchedBefore === null) throw new Error('the first screen was never marked');
    const scripts = fetchedBefore.filter((path) => path.endsWith('.js'));
    const styles = fetchedBefore.filter((path) => path.endsWith('.css'));
    const unique = [...new Set(scripts)];
    let startJsGzipBytes = 0;
    for (const path of unique) startJsGzipBytes += gzipSync(await readFile(join(DEFAULT_CLIENT_DIR, path))).length;
    const startFiles = [...new Set([...unique, ...styles])];
    let startServedBrBytes = 0;
    let startServedGzipBytes = 0;
    for (const path of startFiles) {
      startServedBrBytes += await servedBytes(path, '.br');
      startServedGzipBytes += await servedBytes(path, '.gz');
    }

    const t0 = performance.now();
    await signIn(profile.page, net.url, COMMUNITY, net.password(COMMUNITY));
    const firstSyncMs = performance.now() - t0;
    await awaitServiceWorker(profile.page);
    await profile.page.waitForSelector('case-list [data-case]');

    await profile.context.setOffline(true);
    const t1 = performance.now();
    await profile.page.reload();
    await profile.page.locator('case-list [data-case]').first().waitFor();
    // Interactive: a click on the first case opens its detail.
    await profile.page.locator('case-list [data-case]').first().click();
    await profile.page.waitForSelector('case-detail');
    const offlineReloadToListMs = performance.now() - t1;

    const loopback = await coldLoadMs(net, null);
    const slow = await coldLoadMs(net, THIN_LINK);
    const coldLoad: ColdLoadFigures = { loopbackMs: Math.round(loopback.ms), slowLinkMs: Math.round(slow.ms), slowLinkBytes: slow.bytes, encodings: [...slow.encodings] };

    const targets = { jsGzipBytes: 350 * 1024, servedBrBytes: 150 * 1024, reloadMs: 1500, coldLoadSlowLinkMs: 6000 };
    const figures: ClientBudgetFigures = {
      startJsGzipBytes,
      startJsFiles: unique,
      startServedBrBytes,
      startServedGzipBytes,
      localCases: cases,
      firstSyncMs: Math.round(firstSyncMs),
      offlineReloadToListMs: Math.round(offlineReloadToListMs),
      coldLoad,
      targets,
      met: { js: startJsGzipBytes <= targets.jsGzipBytes, served: startServedBrBytes <= targets.servedBrBytes, reload: offlineReloadToListMs <= targets.reloadMs, coldLoadSlowLink: coldLoad.slowLinkMs < targets.coldLoadSlowLinkMs },
    };
    log(`client budget: JS at start ${(startJsGzipBytes / 1024).toFixed(1)} KB gz in ${unique.length} file(s) (target <= 350 KB: ${figures.met.js ? 'met' : 'NOT met'}); ` +
      `script and styles as served ${(startServedBrBytes / 1024).toFixed(1)} KB brotli (target <= 150 KB: ${figures.met.served ? 'met' : 'NOT met'}), ${(startServedGzipBytes / 1024).toFixed(1)} KB gzip; ` +
      `offline reload to an interactive list of ${cases} local cases ${figures.offlineReloadToListMs} ms (target <= 1500 ms: ${figures.met.reload ? 'met' : 'NOT met'}); first sync of them ${figures.firstSyncMs} ms`);
    log(`first load of a fresh browser to the sign-in form: at 256 kbit/s and 400 ms ${coldLoad.slowLinkMs} ms, ${(coldLoad.slowLinkBytes / 1024).toFixed(1)} KB fetched, scripts and styles as ${coldLoad.encodings.join(', ')} ` +
      `(target < 6000 ms: ${figures.met.coldLoadSlowLink ? 'met' : 'NOT met'}); on loopback ${coldLoad.loopbackMs} ms`);
    return figures;
  } finally {
    await profile.close();
    await net.stop();
  }
}
