// How long `GET /api/indicators` takes: on the demo network, and on a larger generated one (random
// lawful histories over the demo streets with 50 more communities, and a year of presence hours).
// Each period kind is timed cold (the first query after the cases were written, which brings the
// hub's views up to date) and warm (the median of five). Prints figures; the last line is JSON.
//
//   npx tsx test/bench/indicators.ts
//   BENCH_INDICATOR_CASES=20000 npx tsx test/bench/indicators.ts
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { asCouchDoc, schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { isWorkingHour } from '../../schemas/rules/availability.ts';
import type { PresenceDay, Unit } from '../../schemas/types.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';
import { prepareHub } from '../../ops/prepare-hub.ts';
import { build } from '../../server/app.ts';
import { randomCaseHistories, seededRandom } from '../helpers/random-histories.ts';
import { startTestNetwork, TEST_TOKEN_SECRET, type TestNetwork } from '../helpers/test-network.ts';
import { extraCommunities } from './case-factory.ts';
import { fmtMs, log, nowMs } from './timing.ts';

const CASES = Number(process.env.BENCH_INDICATOR_CASES ?? 20_000);
const DAY = 86_400_000;

interface PeriodFigures {
  readonly period: string;
  readonly coldMs: number;
  readonly warmMs: number;
  readonly units: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The local (UTC+8) month, quarter and year of a moment. */
function periodsOf(ms: number): string[] {
  const local = new Date(ms + 8 * 3_600_000);
  const month = local.getUTCMonth() + 1;
  return [`${local.getUTCFullYear()}-${String(month).padStart(2, '0')}`, `${local.getUTCFullYear()}-Q${Math.ceil(month / 3)}`, String(local.getUTCFullYear())];
}

/** Each period kind through the gateway, as the city asks: cold, then warm. */
async function timePeriods(network: TestNetwork, token: string, periods: readonly string[]): Promise<PeriodFigures[]> {
  const ask = async (period: string): Promise<{ ms: number; units: number }> => {
    const started = nowMs();
    const answer = await network.app.inject({ method: 'GET', url: `/api/indicators?period=${period}`, headers: { authorization: `Bearer ${token}` } });
    const ms = nowMs() - started;
    if (answer.statusCode !== 200) throw new Error(`bench: indicators ${period} answered ${answer.statusCode}: ${answer.body.slice(0, 300)}`);
    return { ms, units: answer.json<{ rows: unknown[] }>().rows.length };
  };
  // Every period cold first, then every one warm: by then a hub's background indexing (CouchDB's) has settled.
  const colds: { ms: number; units: number }[] = [];
  for (const period of periods) colds.push(await ask(period));
  const figures: PeriodFigures[] = [];
  for (const [i, period] of periods.entries()) {
    const warm: number[] = [];
    for (let n = 0; n < 5; n += 1) warm.push((await ask(period)).ms);
    const cold = colds[i] ?? { ms: 0, units: 0 };
    figures.push({ period, coldMs: Math.round(cold.ms), warmMs: Math.round(median(warm)), units: cold.units });
    log(`  ${period.padEnd(8)} cold ${fmtMs(cold.ms).padStart(8)}  warm ${fmtMs(median(warm)).padStart(8)}  (${cold.units} units)`);
  }
  return figures;
}

/** Hours each unit was heard from over the last year: nine in ten working hours of Monday to Friday, a record per unit and day. */
function presenceYear(units: readonly Unit[], nowMs: number): PresenceDay[] {
  const random = seededRandom(7);
  const records: PresenceDay[] = [];
  for (const unit of units) {
    for (let day = Math.floor((nowMs - 365 * DAY + 8 * 3_600_000) / DAY); day * DAY - 8 * 3_600_000 < nowMs; day += 1) {
      const weekday = (((day + 4) % 7) + 7) % 7;
      if (weekday === 0 || weekday === 6) continue;
      const date = new Date(day * DAY).toISOString().slice(0, 10);
      const hours = Array.from({ length: 24 }, (_, hour) => hour).filter((hour) => isWorkingHour(hour) && random() < 0.9);
      if (hours.length > 0) records.push({ id: `${unit.id}:${date}`, unitId: unit.id, day: date, hours });
    }
  }
  return records;
}

async function plant(hub: HubPort, name: 'cases' | 'units' | 'presence' | 'accounts', docs: readonly { _id: string }[]): Promise<void> {
  for (let i = 0; i < docs.length; i += 2_000) {
    const batch = docs.slice(i, i + 2_000);
    // Generating the cases keeps the event loop busy for a while: a kept-alive socket may have gone stale meanwhile.
    const results = await hub.database(name).bulkWrite(batch).catch(() => hub.database(name).bulkWrite(batch));
    const failed = results.filter((r) => r.error !== undefined);
    if (failed.length > 0) throw new Error(`bench: planting ${name}: ${failed.length} refused`);
  }
}

async function main(): Promise<void> {
  const network = await startTestNetwork({ sampleCases: true });
  try {
    const now = Date.now();
    const token = (await network.login('hefei-center')).token;
    const demoCases = (await network.hubPort.database('cases').allDocs()).filter((d) => !d._id.startsWith('_design/')).length;
    log(`Demo network: ${DEMO_UNITS.length} units, ${demoCases} cases`);
    const demo = await timePeriods(network, token, periodsOf(now));

    // The larger network: its own databases on the same hub, and a gateway reading them.
    const prefix = `bench_ind_${Date.now().toString(36)}_`;
    const hub = createNanoHub({ url: network.hubAddress.urls, credentials: network.hubAddress.admin, databasePrefix: prefix });
    await prepareHub(hub);
    const units = [...DEMO_UNITS, ...extraCommunities(50)];
    let started = nowMs();
    const docs = randomCaseHistories({ units, count: CASES, fromMs: now - 2 * 365 * DAY, toMs: now - DAY, nowMs: now, random: seededRandom(2026), maxSteps: 8 });
    log(`Larger network: ${units.length} units, ${docs.length} cases over two years (generated in ${fmtMs(nowMs() - started)})`);
    const presence = presenceYear(units, now);
    started = nowMs();
    await plant(hub, 'units', units.map((u) => asCouchDoc('units', u)));
    // The city's account, so that its token opens this network too.
    const account = await network.hubPort.database('accounts').get('hefei-center');
    if (account === null) throw new Error('bench: no city account');
    await plant(hub, 'accounts', [{ ...schemaFieldsOf(account), _id: account._id }]);
    await plant(hub, 'cases', docs.map((d) => asCouchDoc('cases', d)));
    await plant(hub, 'presence', presence.map((p) => asCouchDoc('presence', p)));
    log(`  planted with ${presence.length} presence days (${presence.reduce((n, p) => n + p.hours.length, 0)} hours) in ${fmtMs(nowMs() - started)}`);
    const app = await build({ hub, tokenSecret: TEST_TOKEN_SECRET });
    try {
      const larger = await timePeriods({ ...network, app }, token, [...periodsOf(now), ...periodsOf(now - 365 * DAY).slice(0, 1)]);
      log(JSON.stringify({ demo: { cases: demoCases, units: DEMO_UNITS.length, periods: demo }, larger: { cases: docs.length, units: units.length, presenceDays: presence.length, periods: larger } }));
    } finally {
      await app.close();
    }
  } finally {
    await network.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
