import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { build } from '../../server/app.ts';
import { rawHeartbeat, rawNewCase, toWire } from '../helpers/raw-cases.ts';
import { onExternalHub } from '../helpers/test-hub.ts';
import { eventually, startTestNetwork, TEST_TOKEN_SECRET, type Session, type TestNetwork } from '../helpers/test-network.ts';

const TOKEN = 'metrics-token-for-the-tests-0123456789';
const UNIT = 'community-xinghuacun';
const OTHER = 'community-liuanlu';

/** The value of one series (`name{labels}`), or undefined when it is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics in Prometheus format', () => {
  let network: TestNetwork;
  let worker: Session;
  const scrape = async (token: string | null = TOKEN): Promise<{ status: number; type: string; text: string }> => {
    const answer = await fetch(`${network.url}/metrics`, token === null ? {} : { headers: { authorization: `Bearer ${token}` } });
    return { status: answer.status, type: answer.headers.get('content-type') ?? '', text: await answer.text() };
  };
  const sync = (path: string, init: RequestInit = {}): Promise<Response> => fetch(`${network.url}/sync/${UNIT}/${path}`, { ...init, headers: { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' } });

  beforeAll(async () => {
    network = await startTestNetwork({ gateway: { metricsToken: TOKEN } });
    worker = await network.login(UNIT);
  });
  afterAll(async () => {
    await network.stop();
  });

  it('answers only the metrics token, and is off without one', async () => {
    expect((await scrape(null)).status).toBe(401);
    const wrong = await scrape('not-the-token-not-the-token');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.text)).toMatchObject({ code: 'ERR_METRICS_TOKEN', reason_zh: expect.stringContaining('LIANDONG_METRICS_TOKEN') });
    const ok = await scrape();
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const off = await build({ hub: network.hubPort, tokenSecret: TEST_TOKEN_SECRET });
    try {
      const answer = await off.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      expect(answer.statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('counts requests by route, times the hub, keeps open long-polls and refused writes by code', async () => {
    expect((await sync('cases/_changes?since=0')).status).toBe(200);
    const poll = sync('cases/_changes?feed=longpoll&since=now&timeout=3000');
    await eventually(async () => sample((await scrape()).text, 'liandong_longpolls_open'), (n) => n === 1, 10_000, 'one long-poll open');
    expect((await poll).status).toBe(200);
    const item = DEMO_CATALOG.find((i) => i.acceptTiers.includes('community'));
    if (item === undefined) throw new Error('no community item');
    // A case signed by another unit: refused on its own row.
    const forged = await sync('cases/_bulk_docs', { method: 'POST', body: JSON.stringify({ docs: [toWire(rawNewCase(item, { unitId: OTHER, workerId: worker.actor.workerId }))] }) });
    const rows = (await forged.json()) as { code?: string }[];
    const code = rows[0]?.code ?? '';
    expect(code).toMatch(/^ERR_/);

    const { text } = await scrape();
    expect(sample(text, 'liandong_longpolls_open')).toBe(0);
    expect(sample(text, 'liandong_http_requests_total{method="GET",route="/sync/:unitId/:collection/_changes",status="200"}')).toBeGreaterThanOrEqual(2);
    expect(sample(text, `liandong_writes_refused_total{collection="cases",code="${code}"}`)).toBe(1);
    // The first read walks the per-unit index on the hub (the long-poll's read is the feed's tail in memory).
    expect(sample(text, 'liandong_hub_request_duration_seconds_count{database="cases",operation="viewPage"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'liandong_http_request_duration_seconds_count{method="GET",route="/sync/:unitId/:collection/_changes"}'), 'long-polls are not timed with the rest').toBe(1);
    expect(sample(text, 'liandong_hub_up')).toBe(1);
    expect(text).toContain('liandong_process_resident_memory_bytes');
  });

  it('gives the seconds since each unit\'s newest heartbeat', async () => {
    const beat = await sync('heartbeats/_bulk_docs', { method: 'POST', body: JSON.stringify({ docs: [rawHeartbeat(UNIT, 'metrics-probe')] }) });
    expect(beat.status).toBe(201);
    // The gateway writes heartbeats in batches: this one is on the hub once its batch is.
    await network.app.gateway.heartbeatBatches.flush();
    const { text } = await scrape();
    const age = sample(text, `liandong_station_heartbeat_age_seconds{unit="${UNIT}"}`);
    expect(age).toBeDefined();
    expect(age).toBeLessThan(60);
    expect(sample(text, `liandong_station_heartbeat_age_seconds{unit="${OTHER}"}`), 'a unit that never reported has no age').toBeUndefined();
    expect(sample(text, 'liandong_station_heartbeats_readable')).toBe(1);
  });

  it.skipIf(onExternalHub)('counts hub errors by code and says when the hub is down', async () => {
    network.killHub();
    await network.hub().exited;
    expect((await sync('cases/_changes?since=0')).status).toBe(503);
    const { text } = await scrape();
    const failed = text.split('\n').filter((l) => l.startsWith('liandong_hub_errors_total{') && l.includes('code="ERR_HUB_UNAVAILABLE"'));
    expect(failed.length, 'hub errors counted by database, operation and code').toBeGreaterThanOrEqual(1);
    await eventually(async () => sample((await scrape()).text, 'liandong_hub_up'), (up) => up === 0, 30_000, 'liandong_hub_up to fall to 0');
    expect(sample((await scrape()).text, 'liandong_station_heartbeats_readable')).toBe(0);
    await network.restartHub();
  });
});
