import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { IndicatorsAnswer } from '../../../schemas/api/indicators.schema.ts';
import { parsePeriod } from '../../../schemas/rules/periods.ts';
import { fetchIndicators } from '../data/indicators-api.ts';
import { SupervisionCallError } from '../data/supervision-api.ts';
import { trendPoint, type TrendPoint } from '../domain/dashboard-charts.ts';
import { trendMonths } from '../domain/report-periods.ts';

/** How long an answer is reused before it is asked for again (a period under way changes by the minute). */
const REUSE_MS = 5 * 60_000;
/** Months of the trend read at once: each is a few hub view reads, and the gateway serves stations too. */
const PARALLEL = 3;

/** Answers already read, by account and period, kept while the page lives (a tab switch asks nothing again). */
const answers = new Map<string, { readonly answer: Promise<IndicatorsAnswer>; readonly atMs: number }>();

export interface IndicatorsFailure {
  readonly kind: SupervisionCallError['kind'];
  readonly message: string;
}

/**
 * The dashboard's figures from the server: the chosen period's indicators per unit
 * (`GET /api/indicators`), then the network's accepted and concluded for each month of the trend.
 * Nothing is cached on the device: offline, the dashboard says the figures need a link.
 */
export class IndicatorsController implements ReactiveController {
  /** The chosen period's answer, null until it is read. */
  answer: IndicatorsAnswer | null = null;
  trend: readonly TrendPoint[] = [];
  loading = false;
  failure: IndicatorsFailure | null = null;
  private wanted = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly token: () => string | null,
    /** Whose answers these are: the cache never hands one account's answers to another. */
    private readonly account: () => string,
    private readonly now: () => number = Date.now,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to start: reads happen when a period is shown.
  }

  hostDisconnected(): void {
    // Answers still on their way are dropped.
    this.wanted = '';
  }

  /** Reads a period (`2026-11`, `2026-Q4`, `2026`) and its trend; a later call supersedes an earlier one. */
  async show(periodId: string): Promise<void> {
    const period = parsePeriod(periodId);
    if (period === null) return;
    this.wanted = periodId;
    this.loading = true;
    this.failure = null;
    this.answer = null;
    // The trend stays while its months stay (a month and its quarter end alike).
    const months = trendMonths(period, this.now());
    if (this.trend.map((p) => p.periodId).join() !== months.join()) this.trend = [];
    this.host.requestUpdate();
    try {
      const answer = await this.read(periodId);
      if (this.wanted !== periodId) return;
      this.answer = answer;
    } catch (err) {
      if (this.wanted !== periodId) return;
      this.failure = failureOf(err);
    } finally {
      if (this.wanted === periodId) {
        this.loading = false;
        this.host.requestUpdate();
      }
    }
    if (this.wanted !== periodId || this.failure !== null) return;
    const points = await mapLimited(months, PARALLEL, async (month) => trendPoint(month, await this.read(month).catch(() => null)));
    if (this.wanted !== periodId) return;
    this.trend = points;
    this.host.requestUpdate();
  }

  private read(periodId: string): Promise<IndicatorsAnswer> {
    const key = `${this.account()}|${periodId}`;
    const now = this.now();
    const known = answers.get(key);
    if (known !== undefined && now - known.atMs < REUSE_MS) return known.answer;
    const token = this.token();
    if (token === null) return Promise.reject(new SupervisionCallError('refused', 'no session'));
    const answer = fetchIndicators(token, periodId);
    answers.set(key, { answer, atMs: now });
    // A failed read is not kept: the next showing asks again.
    answer.catch(() => {
      if (answers.get(key)?.answer === answer) answers.delete(key);
    });
    return answer;
  }
}

function failureOf(err: unknown): IndicatorsFailure {
  return err instanceof SupervisionCallError ? { kind: err.kind, message: err.message } : { kind: 'offline', message: err instanceof Error ? err.message : String(err) };
}

/** `work` over every item, at most `limit` at a time, results in the items' order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next;
      next += 1;
      const item = items[i];
      if (item !== undefined) results[i] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
