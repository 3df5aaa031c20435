import { hubDatabaseName } from '../../schemas/collections.ts';
import { CASES_INDEX } from '../../server/sync/changes-reader.ts';
import type { CaseDoc } from '../../schemas/types.ts';
import type { TestNetwork } from '../helpers/test-network.ts';
import { benchHub, benchStation, buildView, docCount, directReplica, recreateDatabase, replicateDirect } from './bench-kit.ts';
import { buildStationCases } from './case-factory.ts';
import { describeUsage, RequestStats, startPhase, type PhaseUsage } from './resources.ts';
import { fmtMs, log, nowMs, perSecond, waitFor } from './timing.ts';

export interface PushPullFigures {
  readonly docs: number;
  readonly gatewayPushMs: number;
  readonly gatewayPullMs: number;
  readonly directPushMs: number;
  readonly directPullMs: number;
}

export interface PushPullRun {
  readonly label: string;
  readonly communityId: string;
  readonly streetId: string;
  readonly docs: number;
  /** undefined: the station's defaults (pull 100, push 50). */
  readonly stationBatchSize?: number;
  readonly directPushBatch: number;
  readonly directPullBatch: number;
  readonly directDb: string;
  readonly seed: number;
  /** Print CPU use and per-request figures for each phase. */
  readonly details: boolean;
}

/**
 * One community station's backlog of `docs` cases pushed through the gateway, then pulled by a
 * fresh replica of its street; then the same documents pushed and pulled with RxDB's own CouchDB
 * replication straight against a separate database of the same hub.
 */
export async function runPushPull(network: TestNetwork, run: PushPullRun): Promise<PushPullFigures> {
  const hub = benchHub(network);
  const casesDb = hubDatabaseName('cases');
  log(`\n== ${run.label}: ${run.docs} cases, station batch ${run.stationBatchSize ?? 'default (pull 100 / push 50)'}, direct push ${run.directPushBatch} / pull ${run.directPullBatch}`);
  const details = (stats: RequestStats, usage: PhaseUsage): void => {
    if (!run.details) return;
    log(`    ${describeUsage(usage)}`);
    for (const line of stats.lines()) log(`    ${line}`);
  };

  // ---- gateway push
  let stats = new RequestStats();
  const community = await benchStation(network, run.communityId, stats);
  const actor = (await network.login(network.account(run.communityId).username)).actor;
  let t = nowMs();
  const docs: CaseDoc[] = buildStationCases({ actor, deviceId: `dev-bench-${run.seed}`, count: run.docs, startMs: Date.now() - run.docs, seed: run.seed });
  log(`built ${docs.length} cases through the rules in ${fmtMs(nowMs() - t)}`);
  t = nowMs();
  const inserted = await community.db.cases.bulkInsert(docs);
  if (inserted.error.length > 0) throw new Error(`bench: ${inserted.error.length} local inserts failed`);
  log(`bulk-inserted them into the station's memory RxDB (sync not yet running) in ${fmtMs(nowMs() - t)}`);

  const hubBefore = await docCount(hub, casesDb);
  let phase = startPhase(hub.pid, hub.url);
  const pushStarted = nowMs();
  await community.startSync(run.stationBatchSize);
  const push = await waitFor('the hub to hold the station\'s cases', () => docCount(hub, casesDb), (n) => n >= hubBefore + run.docs, { startedAt: pushStarted, everyMs: 100 });
  log(`gateway push: hub holds all ${run.docs} after ${fmtMs(push.ms)} -> ${perSecond(run.docs, push.ms)} docs/s`);
  details(stats, phase());
  const sync = community.sync;
  if (sync === null) throw new Error('bench: station sync did not start');
  const confirmed = await waitFor('receipts back at the station', () => sync.status().pendingOutbound, (n) => n === 0, { startedAt: pushStarted });
  await sync.awaitInSync();
  log(`  station saw every event confirmed (receipts pulled back) after ${fmtMs(confirmed.ms)}; in sync after ${fmtMs(nowMs() - pushStarted)}`);
  const refused = sync.status().refused.length;
  if (refused > 0) log(`  WARNING: the gateway refused ${refused} documents`);
  await community.stop();

  // A production CouchDB indexes in the background; the embedded hub builds a view when queried.
  t = nowMs();
  await buildView(hub, casesDb, CASES_INDEX.ddoc, CASES_INDEX.view);
  log(`  (${CASES_INDEX.view} index brought up to date in ${fmtMs(nowMs() - t)}, outside the timings)`);

  // ---- gateway pull by a fresh street hall
  stats = new RequestStats();
  const street = await benchStation(network, run.streetId, stats);
  phase = startPhase(hub.pid, hub.url);
  const pullStarted = nowMs();
  await street.startSync(run.stationBatchSize);
  const pull = await waitFor('the street hall to hold the cases', () => street.caseIds.size, (n) => n >= run.docs, { startedAt: pullStarted });
  log(`gateway pull: street hall holds all ${run.docs} after ${fmtMs(pull.ms)} -> ${perSecond(run.docs, pull.ms)} docs/s`);
  details(stats, phase());
  await street.stop();

  // ---- direct push, same documents, fresh collection
  await recreateDatabase(hub, run.directDb);
  const source = await directReplica();
  const sourceInsert = await source.cases.bulkInsert(docs);
  if (sourceInsert.error.length > 0) throw new Error(`bench: ${sourceInsert.error.length} inserts into the direct source failed`);
  stats = new RequestStats();
  phase = startPhase(hub.pid, hub.url);
  const directPushStarted = nowMs();
  replicateDirect(source, hub, run.directDb, { push: run.directPushBatch }, stats);
  const directPush = await waitFor('the direct database to hold the cases', () => docCount(hub, run.directDb), (n) => n >= run.docs, { startedAt: directPushStarted, everyMs: 100 });
  log(`direct push (replicateCouchDB): hub holds all ${run.docs} after ${fmtMs(directPush.ms)} -> ${perSecond(run.docs, directPush.ms)} docs/s`);
  details(stats, phase());
  await source.stop();

  // ---- direct pull into another fresh collection
  stats = new RequestStats();
  const target = await directReplica();
  phase = startPhase(hub.pid, hub.url);
  const directPullStarted = nowMs();
  replicateDirect(target, hub, run.directDb, { pull: run.directPullBatch }, stats);
  const directPull = await waitFor('the direct replica to hold the cases', () => target.caseIds.size, (n) => n >= run.docs, { startedAt: directPullStarted });
  log(`direct pull (replicateCouchDB): replica holds all ${run.docs} after ${fmtMs(directPull.ms)} -> ${perSecond(run.docs, directPull.ms)} docs/s`);
  details(stats, phase());
  await target.stop();

  return { docs: run.docs, gatewayPushMs: push.ms, gatewayPullMs: pull.ms, directPushMs: directPush.ms, directPullMs: directPull.ms };
}
