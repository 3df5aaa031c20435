import type { FastifyInstance } from 'fastify';
import { indicatorsAnswerSchema } from '../../schemas/api/indicators.schema.ts';
import type { HubPort } from '../hub/hub-port.ts';
import { IndicatorService } from '../services/indicators.ts';

export interface IndicatorRouteOptions {
  readonly hub: HubPort;
  readonly now: () => number;
}

/** `GET /api/indicators?period=2026-11`: each unit's indicators, for whoever may see them. */
export async function indicatorRoutes(app: FastifyInstance, opts: IndicatorRouteOptions): Promise<void> {
  const service = new IndicatorService(opts.hub);
  app.get<{ Querystring: { period?: string } }>('/api/indicators', {
    schema: {
      summary: 'Indicators (效能指标) per unit for a month, a quarter or a year',
      description: 'Counted from the hub\'s views and the working-day calendars, never from loaded cases. The city sees every unit, a street itself and its communities, a station itself. '
        + '400 `ERR_PERIOD_INVALID` for a period of another form, 400 `ERR_PERIOD_NOT_BEGUN` for one that has not begun.',
      tags: ['indicators'],
      security: [{ bearer: [] }],
      querystring: {
        type: 'object',
        properties: { period: { type: 'string', maxLength: 20, description: 'A month `2026-11`, a quarter `2026-Q4` or a year `2026` (local time, UTC+8).' } },
      },
      response: { 200: indicatorsAnswerSchema },
    },
  }, async (request) => {
    const actor = await app.requireActor(request);
    const nowMs = opts.now();
    const period = IndicatorService.period(request.query.period, nowMs);
    const started = performance.now();
    const { answer, skippedRows } = await service.indicators(actor, period, nowMs);
    if (skippedRows > 0) request.log.warn({ event: 'indicator_rows_skipped', rows: skippedRows, period: period.id }, 'view rows that fit no schema were left out of the indicators');
    request.log.info({ event: 'indicators_counted', period: period.id, units: answer.rows.length, ms: Math.round(performance.now() - started) }, 'indicators counted');
    return answer;
  });
}
