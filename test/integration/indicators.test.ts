import { Ajv } from 'ajv';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareHub } from '../../ops/prepare-hub.ts';
import { CN_MAINLAND } from '../../ops/seed/cn-mainland-calendar.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { indicatorsAnswerSchema, type IndicatorRow, type IndicatorsAnswer } from '../../schemas/api/indicators.schema.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { isWorkingHour } from '../../schemas/rules/availability.ts';
import { dayNumberOfDate, isWorkingDayNumber, localDayNumber, localDayStartMs, workCalendarOf, type WorkCalendar } from '../../schemas/rules/calendar.ts';
import { RECTIFICATION_DAYS } from '../../schemas/rules/case-steps.ts';
import { addWorkingDays, caseWarning, isOnTime } from '../../schemas/rules/deadline.ts';
import { DEFAULT_OFFLINE_WINDOW_MS, receiptTimes, stepTimeMs } from '../../schemas/rules/event-order.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { replyDueMs } from '../../schemas/rules/follow-up-deadlines.ts';
import { parsePeriod, type Period } from '../../schemas/rules/periods.ts';
import type { CalendarYear, CaseDoc, PresenceDay, Tier, Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { storedAs } from '../../server/hub/hub-doc.ts';
import { createNanoHub } from '../../server/hub/nano-hub.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { IndicatorService } from '../../server/services/indicators.ts';
import { randomCaseHistories, randomPresence, seededRandom } from '../helpers/random-histories.ts';
import { dropDatabases, EXTERNAL_HUB, freshDatabasePrefix } from '../helpers/test-hub.ts';
import { startTestNetwork, type TestNetwork } from '../helpers/test-network.ts';

/**
 * The indicators the gateway counts from the hub's views (sums, compact rows, the calendars) are
 * the numbers one gets by folding every case and counting by hand: for every unit and every month,
 * quarter and year, over random histories planted in a real hub (the embedded one, or Apache
 * CouchDB with COUCHDB_TEST_URL).
 */

const HOUR = 3_600_000;
const local = (iso: string): number => Date.parse(`${iso}+08:00`);
/** "Now" for the random runs: a Wednesday morning in July 2026, so July, Q3 and 2026 are still under way. */
const NOW = local('2026-07-15T10:30:00');
const FROM = local('2025-11-01T00:00:00');

/** A second calendar, so that cases count in their accepting unit's and hours in each unit's own. */
const ALT = 'alt-test';
const ALT_YEARS: CalendarYear[] = [
  { id: `${ALT}:2025`, calendarId: ALT, year: 2025, status: 'published', notice: 'test calendar', holidays: ['2025-11-03', '2025-11-04', '2025-12-25'], makeupWorkdays: ['2025-11-08', '2025-12-27'] },
  { id: `${ALT}:2026`, calendarId: ALT, year: 2026, status: 'published', notice: 'test calendar', holidays: ['2026-01-02', '2026-03-09', '2026-03-10', '2026-06-19'], makeupWorkdays: ['2026-01-04', '2026-03-14', '2026-07-11'] },
];
/** The Sanli'an street and its communities count in the second calendar. */
const UNITS: Unit[] = DEMO_UNITS.map((u) => (u.id === 'street-sanlian' || u.parentId === 'street-sanlian' ? { ...u, calendarId: ALT } : u));

const PERIODS: Period[] = [
  ...['2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'],
  ...['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'],
  ...['2025', '2026'],
].map((id) => {
  const period = parsePeriod(id);
  if (period === null) throw new Error(id);
  return period;
});

type Counted = Omit<IndicatorRow, 'tier' | 'parentId'>;

/**
 * The recount: fold every case, and for the moment the backlog is counted at, fold it again from
 * the steps taken by then; count by hand what each indicator says.
 */
function recount(docs: readonly CaseDoc[], presence: readonly PresenceDay[], calendarOf: (unitId: string) => WorkCalendar, period: Period, nowMs: number): Map<string, Counted> {
  const asOf = Math.min(period.endMs - 1, nowMs);
  const within = (ms: number | null | undefined): boolean => ms !== null && ms !== undefined && ms >= period.startMs && ms < period.endMs;
  const rows = new Map<string, Counted & { workingDaysSum: number }>();
  const row = (unitId: string) => {
    let r = rows.get(unitId);
    if (r === undefined) {
      r = {
        unitId, accepted: 0, concluded: 0, withdrawn: 0, onTime: 0, onTimeRate: null, averageWorkingDays: null, backlog: 0, overdue: 0, urgesReceived: 0, urgesAnsweredOnTime: 0,
        rated: 0, ratedGood: 0, satisfactionRate: null, rectifications: 0, rectificationsClosedOnTime: 0, workingHours: 0, presentHours: 0, availability: null, workingDaysSum: 0,
      };
      rows.set(unitId, r);
    }
    return r;
  };
  for (const doc of docs) {
    const state = foldCase(doc.events, doc.receipts);
    if (state === null) continue;
    const cal = calendarOf(state.acceptedUnitId);
    if (within(state.acceptedAtMs)) row(state.acceptedUnitId).accepted += 1;
    if (within(state.concludedAtMs) && state.status === 'withdrawn') row(state.acceptedUnitId).withdrawn += 1;
    if (within(state.concludedAtMs) && state.status !== 'withdrawn') {
      const r = row(state.holderUnitId);
      r.concluded += 1;
      if (isOnTime(state, cal) === true) r.onTime += 1;
      const concludedAt = state.concludedAtMs ?? 0;
      for (let day = localDayNumber(state.acceptedAtMs) + 1; day <= localDayNumber(concludedAt); day += 1) {
        const paused = state.pauses.some((p) => localDayNumber(p.startMs) <= day && day <= localDayNumber(Math.max(p.endMs ?? concludedAt, p.startMs)));
        if (isWorkingDayNumber(day, cal) && !paused) r.workingDaysSum += 1;
      }
    }
    if (state.rating !== null && within(state.ratedAtMs)) {
      row(state.holderUnitId).rated += 1;
      if (state.rating >= 4) row(state.holderUnitId).ratedGood += 1;
    }
    for (const item of state.supervision) {
      if (!within(item.openedAtMs)) continue;
      row(item.addressedTo).urgesReceived += 1;
      if (item.reply !== null && item.reply.atMs <= replyDueMs(item, cal)) row(item.addressedTo).urgesAnsweredOnTime += 1;
    }
    const r = state.rectification;
    if (r !== null && within(r.openedAtMs)) {
      row(r.unitId).rectifications += 1;
      if (r.closedAtMs !== null && r.closedAtMs <= addWorkingDays(r.openedAtMs, RECTIFICATION_DAYS, cal)) row(r.unitId).rectificationsClosedOnTime += 1;
    }
    // The case as it stood at the moment counted at: only the steps taken by then.
    const received = receiptTimes(doc.receipts);
    const then = foldCase(doc.events.filter((e) => stepTimeMs(e, received, DEFAULT_OFFLINE_WINDOW_MS) <= asOf), doc.receipts);
    if (then !== null && then.concludedAtMs === null) {
      row(then.holderUnitId).backlog += 1;
      if (caseWarning(then, cal, asOf) === 'red') row(then.holderUnitId).overdue += 1;
    }
  }
  for (const record of presence) {
    const day = dayNumberOfDate(record.day);
    for (const hour of record.hours) {
      const begins = localDayStartMs(day) + hour * HOUR;
      if (begins >= period.startMs && begins <= asOf && isWorkingHour(hour) && isWorkingDayNumber(day, calendarOf(record.unitId))) row(record.unitId).presentHours += 1;
    }
  }
  for (const unit of UNITS) {
    const r = row(unit.id);
    for (let begins = period.startMs; begins <= asOf && begins < period.endMs; begins += HOUR) {
      const hour = new Date(begins + 8 * HOUR).getUTCHours();
      if (isWorkingHour(hour) && isWorkingDayNumber(localDayNumber(begins), calendarOf(unit.id))) r.workingHours += 1;
    }
  }
  const counted = new Map<string, Counted>();
  for (const [unitId, { workingDaysSum, ...r }] of rows) {
    counted.set(unitId, {
      ...r,
      onTimeRate: r.concluded === 0 ? null : r.onTime / r.concluded,
      averageWorkingDays: r.concluded === 0 ? null : workingDaysSum / r.concluded,
      satisfactionRate: r.rated === 0 ? null : r.ratedGood / r.rated,
      availability: r.workingHours === 0 ? null : r.presentHours / r.workingHours,
    });
  }
  return counted;
}

describe('indicators from the hub\'s views equal a recount that folds every case', () => {
  let network: TestNetwork;
  const prefixes: string[] = [];

  beforeAll(async () => {
    network = await startTestNetwork();
  });
  afterAll(async () => {
    if (EXTERNAL_HUB !== null) for (const prefix of prefixes) await dropDatabases(EXTERNAL_HUB, prefix).catch(() => undefined);
    await network.stop();
  });

  /** A hub of its own for one run: fresh databases on the same hub, prepared as `npm start` prepares them. */
  async function freshHub(): Promise<HubPort> {
    const prefix = EXTERNAL_HUB !== null ? freshDatabasePrefix(EXTERNAL_HUB) : `ind${prefixes.length}_${Date.now().toString(36)}_`;
    prefixes.push(prefix);
    const hub = createNanoHub({ url: network.hubAddress.urls, credentials: network.hubAddress.admin, databasePrefix: prefix });
    await prepareHub(hub);
    return hub;
  }

  async function plant(hub: HubPort, docs: readonly CaseDoc[], presence: readonly PresenceDay[]): Promise<void> {
    const writes: [HubPort, 'units' | 'calendars' | 'cases' | 'presence', { _id: string }[]][] = [
      [hub, 'units', UNITS.map((u) => asCouchDoc('units', u))],
      [hub, 'calendars', ALT_YEARS.map((y) => asCouchDoc('calendars', y))],
      [hub, 'cases', docs.map((d) => asCouchDoc('cases', d))],
      [hub, 'presence', presence.map((p) => asCouchDoc('presence', p))],
    ];
    for (const [port, name, all] of writes) {
      for (let i = 0; i < all.length; i += 2000) {
        const failed = (await port.database(name).bulkWrite(all.slice(i, i + 2000))).filter((r) => r.error !== undefined);
        expect(failed, `planting ${name}`).toEqual([]);
      }
    }
  }

  it('for every unit and every month, quarter and year, over random histories', async () => {
    /** Every indicator some run has seen non-zero: the histories must exercise them all. */
    const seen = new Set<string>();
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
      const random = seededRandom(seed);
      const docs = randomCaseHistories({ units: UNITS, count: 120, fromMs: FROM, toMs: NOW - 5 * 24 * HOUR, nowMs: NOW, random });
      const presence = randomPresence(UNITS, FROM, NOW, random, 0.04);
      const hub = await freshHub();
      await plant(hub, docs, presence);
      const years = (await hub.database('calendars').allDocs()).flatMap((d) => storedAs(d, validators.calendarYear));
      const calendarOf = (unitId: string): WorkCalendar => workCalendarOf(UNITS.find((u) => u.id === unitId)?.calendarId ?? '', years);
      // Pages of 2 rows: every range is read in many pages, many of them all of one key.
      const service = new IndicatorService(hub, { pageRows: 2 });
      for (const period of PERIODS) {
        const { answer, skippedRows } = await service.indicators({ tier: 'city', unitId: 'hefei-center' }, period, NOW);
        expect(skippedRows).toBe(0);
        const expected = recount(docs, presence, calendarOf, period, NOW);
        expect(answer.rows.map((r) => r.unitId).sort()).toEqual(UNITS.map((u) => u.id).sort());
        for (const got of answer.rows) {
          // Where the unit stands in the tree is the network's; everything else is counted.
          expect(got, `${period.id} ${got.unitId} (seed ${seed})`).toEqual({ ...expected.get(got.unitId), tier: got.tier, parentId: got.parentId });
          for (const [field, value] of Object.entries(got)) if (typeof value === 'number' && value > 0) seen.add(field);
        }
      }
    }), { numRuns: 3 });
    expect([...seen].sort()).toEqual([
      'accepted', 'availability', 'averageWorkingDays', 'backlog', 'concluded', 'onTime', 'onTimeRate', 'overdue', 'presentHours', 'rated', 'ratedGood', 'rectifications',
      'rectificationsClosedOnTime', 'satisfactionRate', 'urgesAnsweredOnTime', 'urgesReceived', 'withdrawn', 'workingHours',
    ]);
  });
});

describe('GET /api/indicators', () => {
  let network: TestNetwork;
  const validate = new Ajv({ strict: false }).compile<IndicatorsAnswer>(indicatorsAnswerSchema);
  const month = (): string => new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 7);

  beforeAll(async () => {
    network = await startTestNetwork({ sampleCases: true });
  });
  afterAll(async () => {
    await network.stop();
  });

  async function ask(username: string | null, period: string) {
    const headers = username === null ? {} : { authorization: `Bearer ${(await network.login(username)).token}` };
    return network.app.inject({ method: 'GET', url: `/api/indicators?period=${encodeURIComponent(period)}`, headers });
  }

  it('the city sees every unit, a street itself and its communities, a station itself; each row as the document says', async () => {
    const tiers = new Map<string, Tier>(DEMO_UNITS.map((u) => [u.id, u.tier]));
    const city = await ask('hefei-center', month());
    expect(city.statusCode).toBe(200);
    const body = city.json<IndicatorsAnswer>();
    expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
    expect(body.period).toBe(month());
    expect(body.rows.map((r) => r.unitId).sort()).toEqual(DEMO_UNITS.map((u) => u.id).sort());
    expect(body.rows.every((r) => r.tier === tiers.get(r.unitId))).toBe(true);
    // The demo's cases are recent: this month has acceptances, decisions and an overdue case urged.
    const total = (field: keyof IndicatorRow) => body.rows.reduce((sum, r) => sum + (typeof r[field] === 'number' ? r[field] : 0), 0);
    expect(total('accepted')).toBeGreaterThan(0);
    expect(total('backlog')).toBeGreaterThan(0);

    const street = (await ask(network.account('street-sanxiaokou').username, month())).json<IndicatorsAnswer>();
    expect(street.rows.map((r) => r.unitId).sort()).toEqual(['community-liuanlu', 'community-tongchenglu', 'community-xinghuacun', 'street-sanxiaokou']);
    const station = (await ask(network.account('community-xinghuacun').username, month().slice(0, 4))).json<IndicatorsAnswer>();
    expect(station.rows.map((r) => r.unitId)).toEqual(['community-xinghuacun']);
    // The same unit's figures do not depend on who asks.
    expect(street.rows.find((r) => r.unitId === 'community-xinghuacun')).toEqual(body.rows.find((r) => r.unitId === 'community-xinghuacun'));
  });

  it('a period of another form, or one not begun, is refused with a message saying what to give', async () => {
    for (const period of ['2026-13', '2026-Q5', '26-11', 'november', '1999', '']) {
      const answer = await ask('hefei-center', period);
      expect(answer.statusCode, period).toBe(400);
      expect(answer.json()).toMatchObject({ code: 'ERR_PERIOD_INVALID', reason: expect.stringContaining('2026-Q4'), reason_zh: expect.stringContaining('2026-Q4') });
    }
    const future = await ask('hefei-center', String(new Date().getUTCFullYear() + 2));
    expect(future.json()).toMatchObject({ code: 'ERR_PERIOD_NOT_BEGUN' });
    expect((await ask(null, month())).statusCode).toBe(401);
  });

  it('a station\'s heartbeats make its working hours present: availability counts them', async () => {
    const unitId = 'community-liuanlu';
    const station = await network.station(unitId);
    await station.sync.awaitInSync();
    // The station's first heartbeat is written as its sync starts; the hour it falls in is recorded in the day's record.
    const dayId = `${unitId}:${new Date(Date.now() + 8 * HOUR).toISOString().slice(0, 10)}`;
    const hour = new Date(Date.now() + 8 * HOUR).getUTCHours();
    let found = null;
    for (let i = 0; i < 100 && found === null; i += 1) {
      found = await network.hubPort.database('presence').get(dayId);
      if (found === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found).toMatchObject({ unitId, _id: dayId, hours: expect.arrayContaining([hour]) });
    const row = (await ask('hefei-center', month())).json<IndicatorsAnswer>().rows.find((r) => r.unitId === unitId);
    const years = (await network.hubPort.database('calendars').allDocs()).flatMap((d) => storedAs(d, validators.calendarYear));
    const workingNow = isWorkingHour(hour) && isWorkingDayNumber(localDayNumber(Date.now()), workCalendarOf(CN_MAINLAND, years));
    // Counted when the hour is a working one; otherwise heard but outside working hours.
    expect(row?.presentHours).toBe(workingNow ? 1 : 0);
  });
});
