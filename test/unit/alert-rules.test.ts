import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../server/services/gateway-metrics.ts';

/** The documented alert set names only metrics the gateway exports. */
describe('ops/deploy/prometheus-alerts.yml', () => {
  it('uses only metric names the gateway exports', async () => {
    const rules = await readFile(new URL('../../ops/deploy/prometheus-alerts.yml', import.meta.url), 'utf8');
    const used = new Set([...rules.matchAll(/\bliandong_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')));
    const metrics = new GatewayMetrics({ now: Date.now, hubReachable: async () => true, lastHeartbeats: async () => new Map() });
    const exported = new Set((await metrics.registry.getMetricsAsJSON()).map((m) => m.name));
    expect(used.size).toBeGreaterThanOrEqual(5);
    expect([...used].filter((name) => !exported.has(name))).toEqual([]);
  });
});
