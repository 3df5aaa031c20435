// Benchmarks of the sync gateway against RxDB's own CouchDB replication straight into the hub, in
// one process on one embedded hub. Prints figures; the last line is one JSON object.
//
//   npm run bench                      everything
//   BENCH_DOCS=2000 npm run bench      a quicker push/pull run
//   BENCH_VARIANT=0 npm run bench      skip the raised-batch-size variant
//   BENCH_DETAILS=0 npm run bench      no per-phase CPU and request figures
//   BENCH_CLIENT=0 npm run bench       skip the PWA budget in Chromium
//   BENCH_STORE=0 npm run bench        skip the station's store at scale in Chromium
//   BENCH_STREET_CASES, BENCH_STORE_CASES   its sizes (20,000 and 100,000)
//   BENCH_COUCHDB=0 npm run bench      skip the first sync on Apache CouchDB (BENCH_COUCHDB_URL: use a running one)
//   BENCH_FIRST_SYNC_ROUNDS=3          timed rounds of the first sync (medians)
//   BENCH_LIVE=0 npm run bench         skip the live stations
//   BENCH_LIVE_STEPS=200,500,1000      station counts tried, in order; BENCH_LIVE_SECONDS (60) each
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';
import { measureClientBudget } from './client-budget.ts';
import { runFirstSync, type FirstSyncFigures } from './first-sync.ts';
import { measureFirstSyncOnCouchDb } from './first-sync-couchdb.ts';
import { runLiveStations } from './live-stations.ts';
import { runPushPull, type PushPullFigures } from './push-pull.ts';
import { measureStoreAtScale } from './store-at-scale.ts';
import { fmtMs, log, nowMs, perSecond, ratio } from './timing.ts';

const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const VARIANT_BATCH = Number(process.env.BENCH_VARIANT ?? 200);
const DETAILS = process.env.BENCH_DETAILS !== '0';
const COMMUNITIES = 50;
const CASES_PER_COMMUNITY = Number(process.env.BENCH_CASES_PER_COMMUNITY ?? 1_000);
const FIRST_SYNC_ROUNDS = Math.max(1, Number(process.env.BENCH_FIRST_SYNC_ROUNDS ?? 3));
const LIVE_STEPS = (process.env.BENCH_LIVE_STEPS ?? '200,500,1000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);

function verdict(met: boolean): string {
  return met ? 'met' : 'NOT met';
}

function summarize(label: string, f: PushPullFigures): { push: number; pull: number; directPush: number; directPull: number } {
  const push = perSecond(f.docs, f.gatewayPushMs);
  const pull = perSecond(f.docs, f.gatewayPullMs);
  const directPush = perSecond(f.docs, f.directPushMs);
  const directPull = perSecond(f.docs, f.directPullMs);
  log(`${label}: push gateway ${push} vs direct ${directPush} docs/s (${ratio(push, directPush)}, target >= 0.8x: ${verdict(push >= 0.8 * directPush)}); ` +
    `pull gateway ${pull} vs direct ${directPull} docs/s (${ratio(pull, directPull)}, target >= 0.8x: ${verdict(pull >= 0.8 * directPull)})`);
  return { push, pull, directPush, directPull };
}

async function withNetwork<T>(work: (network: TestNetwork) => Promise<T>): Promise<T> {
  const t = nowMs();
  const network = await startTestNetwork();
  log(`(network up: embedded hub + gateway at ${network.url}, in ${fmtMs(nowMs() - t)})`);
  try {
    return await work(network);
  } finally {
    await network.stop();
  }
}

async function main(): Promise<void> {
  const started = nowMs();
  log(`Liandong sync benchmark: node ${process.version}, ${DOCS} cases per push/pull run`);

  const pushPull = await withNetwork(async (network) => {
    const base = await runPushPull(network, {
      label: 'default batch sizes', communityId: 'community-xinghuacun', streetId: 'street-sanxiaokou', docs: DOCS,
      directPushBatch: 50, directPullBatch: 100, directDb: 'bench_direct', seed: 1, details: DETAILS,
    });
    // The station's one `batchSize` option sets pull and push alike; see whether raising it matters.
    const raised = VARIANT_BATCH > 0
      ? await runPushPull(network, {
        label: `batch size ${VARIANT_BATCH}`, communityId: 'community-anjuyuan', streetId: 'street-sanlian', docs: DOCS, stationBatchSize: VARIANT_BATCH,
        directPushBatch: VARIANT_BATCH, directPullBatch: VARIANT_BATCH, directDb: 'bench_direct_b', seed: 2, details: DETAILS,
      })
      : null;
    return { base, raised };
  });

  const firstSyncRun = {
    communities: COMMUNITIES, casesPerCommunity: CASES_PER_COMMUNITY, communityId: 'community-xinghuacun', directDb: 'bench_own_direct', pullBatch: 100, details: DETAILS,
    rounds: FIRST_SYNC_ROUNDS,
  };
  const firstSync: FirstSyncFigures = await withNetwork((network) => runFirstSync(network, firstSyncRun));

  // The same first sync on Apache CouchDB 3.4.3, when one is at hand (issue 11).
  log('\n== first sync on Apache CouchDB');
  const couchFirstSync = await measureFirstSyncOnCouchDb(firstSyncRun, log);

  // Live stations (issue 11): how many one gateway serves with p99 propagation < 2 s.
  const live = process.env.BENCH_LIVE === '0' ? null : await runLiveStations({
    steps: LIVE_STEPS,
    seconds: Number(process.env.BENCH_LIVE_SECONDS ?? 60),
    loginConcurrency: Number(process.env.BENCH_LIVE_LOGINS_AT_ONCE ?? 4),
    details: DETAILS,
  });

  // The PWA's budget (issue 3): JS loaded at start, and offline reload to a usable case list.
  log('\n== client budget (Chromium)');
  const client = process.env.BENCH_CLIENT === '0' ? null : await measureClientBudget({ log });

  // The station's own store at scale (issue 12): a 20,000-case street, a 100,000-case store.
  log('\n== the station\'s store at scale (Chromium)');
  const store = process.env.BENCH_STORE === '0' ? null : await measureStoreAtScale({
    log,
    streetCases: Number(process.env.BENCH_STREET_CASES ?? 20_000),
    storeCases: Number(process.env.BENCH_STORE_CASES ?? 100_000),
  });
  if (store !== null && client !== null) {
    log(`offline reload to list: ${store.streetCases} cases ${Math.round(store.streetOfflineReloadToListMs)} ms against ${client.localCases} cases ${client.offlineReloadToListMs} ms in the client budget (${ratio(store.streetOfflineReloadToListMs, client.offlineReloadToListMs)})`);
  }

  log('\n== summary');
  const base = summarize('default batch sizes (station pull 100 / push 50; direct the same)', pushPull.base);
  if (pushPull.raised !== null) summarize(`batch size ${VARIANT_BATCH} (both sides)`, pushPull.raised);
  const firstRatio = firstSync.firstSyncOneOfFiftyMs / firstSync.firstSyncOwnCasesDirectMs;
  log(`first sync of one community among ${COMMUNITIES} (${firstSync.hubCases} docs on the hub): ${fmtMs(firstSync.firstSyncOneOfFiftyMs)} vs direct own-cases pull ` +
    `${fmtMs(firstSync.firstSyncOwnCasesDirectMs)} (${firstRatio.toFixed(2)}x, target <= 3x: ${verdict(firstRatio <= 3)})`);
  const couchRatio = couchFirstSync === null ? null : couchFirstSync.firstSyncOneOfFiftyMs / couchFirstSync.firstSyncOwnCasesDirectMs;
  if (couchFirstSync !== null && couchRatio !== null) {
    log(`first sync on Apache CouchDB (${couchFirstSync.hubCases} docs on the hub): ${fmtMs(couchFirstSync.firstSyncOneOfFiftyMs)} vs direct own-cases pull ` +
      `${fmtMs(couchFirstSync.firstSyncOwnCasesDirectMs)} (${couchRatio.toFixed(2)}x, target <= 3x: ${verdict(couchRatio <= 3)})`);
  }
  if (live !== null) {
    log(`live stations: ${live.liveStations} served with p99 propagation < 2 s and no errors (target 1000: ${verdict(live.liveStations >= 1000)}); ` +
      `p99 ${live.liveP99PropagationMs ?? 'n/a'} ms at ${live.steps.find((s) => s.stations === 500)?.stations ?? live.steps.at(-1)?.stations ?? 0} stations`);
  }
  log(`whole bench: ${fmtMs(nowMs() - started)}`);
  log(JSON.stringify({
    gatewayPushDocsPerSec: base.push,
    gatewayPullDocsPerSec: base.pull,
    directPushDocsPerSec: base.directPush,
    directPullDocsPerSec: base.directPull,
    firstSyncOneOfFiftyMs: Math.round(firstSync.firstSyncOneOfFiftyMs),
    firstSyncOwnCasesDirectMs: Math.round(firstSync.firstSyncOwnCasesDirectMs),
    ...(couchRatio === null ? {} : { couchdbFirstSyncRatio: Number(couchRatio.toFixed(2)) }),
    ...(live === null ? {} : { liveStations: live.liveStations, liveP99PropagationMs: live.liveP99PropagationMs }),
    ...(client === null ? {} : { coldLoadSlowLinkMs: client.coldLoad.slowLinkMs, clientStartJsGzipBytes: client.startJsGzipBytes, clientStartServedBrBytes: client.startServedBrBytes, clientStartServedGzipBytes: client.startServedGzipBytes, offlineReloadToListMs: Math.round(client.offlineReloadToListMs) }),
    ...(store === null ? {} : {
      streetCases: store.streetCases,
      streetFirstSyncMs: Math.round(store.streetFirstSyncMs),
      streetTransferOnlyMs: Math.round(store.streetTransferOnlyMs),
      streetPeakHeapMb: Math.round(store.streetPeakHeapMb),
      streetOfflineReloadToListMs: Math.round(store.streetOfflineReloadToListMs),
      streetListMs: Math.round(store.streetListMs),
      streetMoreMs: Math.round(store.streetMoreMs),
      storeCases: store.storeCases,
      cityCopiedCases: store.cityCopiedCases,
      storeFirstSyncMs: Math.round(store.storeFirstSyncMs),
      storePeakHeapMb: Math.round(store.storePeakHeapMb),
      coldStartToFirstPullMs: Math.round(store.coldStartToFirstPullMs),
      cityColdStartToFirstPullMs: Math.round(store.cityColdStartToFirstPullMs),
      coldStartToFirstPullSmallStoreMs: Math.round(store.coldStartToFirstPullSmallStoreMs),
    }),
  }));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
