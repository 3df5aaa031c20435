import { demoAccountsFor } from '../../ops/seed/demo-accounts.ts';
import { buildDemoCases } from '../../ops/seed/demo-cases.ts';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { WARMED_CASE_VIEWS } from '../../server/services/indicators.ts';
import { CASES_INDEX } from '../../server/sync/changes-reader.ts';
import { hubDatabaseName } from '../../schemas/collections.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { unitTreeOf } from '../../schemas/rules/unit-tree.ts';
import type { TestNetwork } from '../helpers/test-network.ts';
import { benchHub, benchStation, buildView, bulkWrite, directReplica, docCount, recreateDatabase, replicateDirect, settleHub, withId } from './bench-kit.ts';
import { DEMO_CATALOG_RULES, extraCommunities } from './case-factory.ts';
import { describeUsage, RequestStats, startPhase, type PhaseUsage } from './resources.ts';
import { fmtMs, log, nowMs, sleep, waitFor } from './timing.ts';

export interface FirstSyncFigures {
  readonly ownCases: number;
  readonly hubCases: number;
  readonly firstSyncOneOfFiftyMs: number;
  readonly firstSyncOwnCasesDirectMs: number;
}

export interface FirstSyncRun {
  readonly communities: number;
  readonly casesPerCommunity: number;
  readonly communityId: string;
  readonly directDb: string;
  readonly pullBatch: number;
  /** Print CPU use and per-request figures for each phase. */
  readonly details: boolean;
  /** Timed rounds, each a fresh station then a fresh direct replica; the figures are medians. */
  readonly rounds: number;
}

/**
 * The hub holds every community's cases; one demo community's fresh station syncs through the
 * gateway until it holds its own. Baseline: RxDB's CouchDB replication pulling only that
 * community's cases from a database that holds nothing else.
 */
export async function runFirstSync(network: TestNetwork, run: FirstSyncRun): Promise<FirstSyncFigures> {
  const hub = benchHub(network);
  const casesDb = hubDatabaseName('cases', hub.prefix);
  // On Apache CouchDB the run's prefix names it too, so the run's clean-up drops it.
  const directDb = `${hub.prefix ?? ''}${run.directDb}`;
  const demoCommunities = DEMO_UNITS.filter((u) => u.tier === 'community').length;
  const extra = extraCommunities(run.communities - demoCommunities);
  const units = [...DEMO_UNITS, ...extra];
  const details = (stats: RequestStats, usage: PhaseUsage): void => {
    if (!run.details) return;
    log(`    ${describeUsage(usage)}`);
    for (const line of stats.lines()) log(`    ${line}`);
  };
  log(`\n== first sync of one community among ${run.communities} (${run.casesPerCommunity} cases each)`);

  let t = nowMs();
  await bulkWrite(hub, hubDatabaseName('units', hub.prefix), extra.map((u) => asCouchDoc('units', u)));
  const docs = buildDemoCases({
    units,
    catalog: DEMO_CATALOG,
    accounts: demoAccountsFor(units),
    tree: unitTreeOf(units),
    catalogRules: DEMO_CATALOG_RULES,
    nowMs: Date.now(),
    casesPerCommunity: run.casesPerCommunity,
  });
  log(`built ${docs.length} cases through the rules (${extra.length} extra communities) in ${fmtMs(nowMs() - t)}`);
  t = nowMs();
  await bulkWrite(hub, casesDb, docs.map(withId));
  const hubCases = await docCount(hub, casesDb);
  log(`wrote them to ${casesDb} in chunks of 1000 in ${fmtMs(nowMs() - t)} (hub doc_count ${hubCases})`);
  t = nowMs();
  await buildView(hub, casesDb, CASES_INDEX.ddoc, CASES_INDEX.view);
  log(`${CASES_INDEX.view} index built in ${fmtMs(nowMs() - t)} (outside the timings, as CouchDB indexes in the background)`);
  // The gateway keeps the indicators' and the search's views warm too, once writes pause: built
  // here, or their first build (tens of seconds for 50,000 cases on CouchDB) would run inside the
  // timed first sync, which a network that indexes as it goes never sees.
  t = nowMs();
  for (const view of WARMED_CASE_VIEWS) await buildView(hub, casesDb, view.ddoc, view.view);
  log(`the indicators' and the search's ${WARMED_CASE_VIEWS.length} views built in ${fmtMs(nowMs() - t)} (outside the timings too)`);
  // Let the gateway's changes follower and network cache digest the writes before timing.
  await sleep(2_000);
  const settledMs = await settleHub(hub, casesDb);
  if (settledMs > 0) log(`compacted ${casesDb} and its views, and waited for the hub's background tasks, in ${fmtMs(settledMs)} (outside the timings)`);

  const own = docs.filter((d) => d.visibleTo.includes(run.communityId));
  if (own.length !== run.casesPerCommunity) log(`  note: ${own.length} cases are visible to ${run.communityId}`);

  // The direct baseline's database, written and settled before any timing.
  await recreateDatabase(hub, directDb);
  await bulkWrite(hub, directDb, own.map(withId));
  const directSettledMs = await settleHub(hub, directDb);
  if (directSettledMs > 0) log(`compacted ${directDb} and waited for the hub's background tasks in ${fmtMs(directSettledMs)} (outside the timings)`);

  // Rounds alternate a fresh station and a fresh direct replica, so a load that comes and goes on
  // the machine weighs on both; the figures are each side's median.
  const gatewayMs: number[] = [];
  const directMs: number[] = [];
  for (let round = 1; round <= run.rounds; round += 1) {
    const label = run.rounds > 1 ? ` (round ${round} of ${run.rounds})` : '';
    let stats = new RequestStats();
    const station = await benchStation(network, run.communityId, stats);
    let phase = startPhase(hub.pid, hub.url);
    const started = nowMs();
    await station.startSync();
    const first = await waitFor(`${run.communityId} to hold its cases`, () => station.caseIds.size, (n) => n >= own.length, { startedAt: started, everyMs: 20 });
    gatewayMs.push(first.ms);
    log(`gateway first sync${label}: ${run.communityId} holds its ${own.length} cases after ${fmtMs(first.ms)}`);
    details(stats, phase());
    const sync = station.sync;
    if (sync !== null) {
      const done = await waitFor('initial sync of every collection', () => sync.status().initialSyncDone, (d) => d, { startedAt: started, everyMs: 20 });
      log(`  every collection (units, catalog, heartbeats too) initially synced after ${fmtMs(done.ms)}`);
    }
    if (station.caseIds.size !== own.length) log(`  WARNING: station holds ${station.caseIds.size} cases, expected ${own.length}`);
    await station.stop();

    stats = new RequestStats();
    const replica = await directReplica();
    phase = startPhase(hub.pid, hub.url);
    const directStarted = nowMs();
    replicateDirect(replica, hub, directDb, { pull: run.pullBatch }, stats);
    const direct = await waitFor('the direct replica to hold the own cases', () => replica.caseIds.size, (n) => n >= own.length, { startedAt: directStarted, everyMs: 20 });
    directMs.push(direct.ms);
    log(`direct pull of just its own ${own.length} cases${label} (replicateCouchDB, batch ${run.pullBatch}): ${fmtMs(direct.ms)}`);
    details(stats, phase());
    await replica.stop();
  }
  if (run.rounds > 1) log(`medians of ${run.rounds} rounds: gateway ${fmtMs(median(gatewayMs))}, direct ${fmtMs(median(directMs))}`);

  return { ownCases: own.length, hubCases, firstSyncOneOfFiftyMs: median(gatewayMs), firstSyncOwnCasesDirectMs: median(directMs) };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}
