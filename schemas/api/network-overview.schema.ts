import type { FromSchema } from 'json-schema-to-ts';
import { heartbeatSchema } from '../json/heartbeat.schema.ts';
import { unitSchema } from '../json/unit.schema.ts';

/**
 * `GET /api/supervision/overview` (see `network-overview.ts`): units and heartbeats as their own
 * document schemas say (the server reads them through those), counts as the hub view gives them.
 */
export const networkOverviewSchema = {
  title: 'network overview',
  type: 'object',
  required: ['generatedAt', 'units', 'counts', 'heartbeats'],
  properties: {
    generatedAt: { type: 'number' },
    units: { type: 'array', items: unitSchema },
    counts: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['unitId', 'status', 'count'],
        properties: {
          unitId: { type: 'string' },
          status: { type: 'string' },
          count: { type: 'integer', minimum: 0 },
        },
      },
    },
    heartbeats: { type: 'array', items: heartbeatSchema },
  },
} as const;

export type NetworkOverviewAnswer = FromSchema<typeof networkOverviewSchema>;
