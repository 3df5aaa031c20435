import type { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HUB_COLLECTION_NAMES } from '../../schemas/collections.ts';
import type { Heartbeat } from '../../schemas/types.ts';
import { hubSnapshot, rawHeartbeat, stopNetworkBounded, type BulkAnswerRow } from '../helpers/raw-cases.ts';
import { httpRequest, unlimitedAgent } from '../helpers/raw-http.ts';
import { startTestNetwork, type Session, type TestNetwork } from '../helpers/test-network.ts';

const UNIT = 'community-xinghuacun';
const NEIGHBOUR = 'community-liuanlu';
/** Under another street; its heartbeats are planted straight in the hub, as an older gateway let them in. */
const LEGACY = 'community-longhe';
const CITY = 'hefei-center';
/** The default cap: the network below is started without setting it. */
const CAP = 20;
const REAL_DEVICE = 'web-0123456789abcdef';

/**
 * One unit writing heartbeats under 20,000 made-up device ids, over plain HTTP: only device ids of
 * the pattern real clients make are taken, a unit reports at most `CAP` devices (a new one beyond
 * is refused on its own row), and the city overview stays small and quick whatever the hub holds.
 */
describe('heartbeats: device ids, a cap per unit, a bounded overview', () => {
  let network: TestNetwork;
  let worker: Session;
  let neighbour: Session;
  let city: Session;
  let agent: Agent;

  beforeAll(async () => {
    network = await startTestNetwork();
    [worker, neighbour, city] = await Promise.all([network.login(UNIT), network.login(NEIGHBOUR), network.login(CITY)]);
    agent = unlimitedAgent();
  });

  afterAll(async () => {
    agent?.destroy();
    const problem = network === undefined ? null : await stopNetworkBounded(network);
    if (problem !== null) console.warn(`heartbeat-devices teardown: ${problem}`);
  });

  async function post(session: Session, docs: readonly unknown[]): Promise<BulkAnswerRow[]> {
    const answer = await httpRequest(`${network.url}/sync/${session.actor.unitId}/heartbeats/_bulk_docs`, { method: 'POST', token: session.token, body: JSON.stringify({ docs }), agent });
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    return answer.json as BulkAnswerRow[];
  }

  /** The gateway writes heartbeats in batches: what it accepted is on the hub once its batch is flushed. */
  async function flushed(): Promise<void> {
    await network.app.gateway.heartbeatBatches.flush();
  }

  async function overview(): Promise<{ ms: number; bytes: number; heartbeats: Heartbeat[] }> {
    await flushed();
    const started = Date.now();
    const answer = await httpRequest(`${network.url}/api/supervision/overview`, { token: city.token, agent });
    expect(answer.status, answer.text.slice(0, 300)).toBe(200);
    return { ms: Date.now() - started, bytes: Buffer.byteLength(answer.text), heartbeats: (answer.json as { heartbeats: Heartbeat[] }).heartbeats };
  }

  it('takes only device ids of the pattern clients make', async () => {
    const made = ['phone', 'WEB-0123456789ABCDEF', 'web-0123', 'dev-Upper', 'dev-../../etc', `dev-${'x'.repeat(70)}`];
    const rows = await post(worker, made.map((deviceId) => ({ ...rawHeartbeat(UNIT, REAL_DEVICE), deviceId, id: `${UNIT}:${deviceId}`, _id: `${UNIT}:${deviceId}` })));
    rows.forEach((row, i) => expect(row.code, `device id ${made[i]}: ${JSON.stringify(row)}`).toBe('ERR_SCHEMA'));
    // What real clients make: a browser profile's id, a test station's.
    for (const deviceId of [REAL_DEVICE, 'dev-st12abc123', 'dev-rst7k2j9xq']) {
      const [row] = await post(worker, [rawHeartbeat(UNIT, deviceId)]);
      expect(row?.ok, `device id ${deviceId}: ${JSON.stringify(row)}`).toBe(true);
    }
  });

  it(`20,000 made-up device ids: a unit reports at most ${CAP} devices, the rest are refused per document and change nothing`, async () => {
    await flushed();
    const before = await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES);
    const stored = Object.keys(before.heartbeats ?? {}).filter((id) => id.startsWith(`${UNIT}:`)).length;
    const rows: BulkAnswerRow[] = [];
    for (let batch = 0; batch < 40; batch += 1) {
      const docs = Array.from({ length: 500 }, (_, i) => rawHeartbeat(UNIT, `fake-${batch}-${i}`));
      rows.push(...(await post(worker, docs)));
    }
    const accepted = rows.filter((r) => r.ok === true);
    const refused = rows.filter((r) => r.ok !== true);
    expect(accepted).toHaveLength(CAP - stored);
    expect(refused).toHaveLength(20_000 - (CAP - stored));
    for (const row of refused.slice(0, 50)) {
      expect(row).toMatchObject({ error: 'forbidden', code: 'ERR_TOO_MANY_DEVICES' });
      expect(row.reason_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(row.id).toMatch(new RegExp(`^${UNIT}:dev-fake-`));
    }
    expect(new Set(refused.map((r) => r.code))).toEqual(new Set(['ERR_TOO_MANY_DEVICES']));

    // The hub holds what it held, plus the accepted heartbeats (and the hour they came in, in the
    // unit's presence record), and nothing else.
    await flushed();
    const after = await hubSnapshot(network.hubPort, HUB_COLLECTION_NAMES);
    const acceptedIds = new Set(accepted.map((r) => r.id));
    const { heartbeats: heartbeatsAfter, presence: presenceAfter, ...othersAfter } = after;
    const { heartbeats: heartbeatsBefore, presence: presenceBefore, ...othersBefore } = before;
    expect(othersAfter).toEqual(othersBefore);
    const othersPresence = (presence: Record<string, unknown> | undefined) => Object.entries(presence ?? {}).filter(([id]) => !id.startsWith(`${UNIT}:`));
    expect(othersPresence(presenceAfter)).toEqual(othersPresence(presenceBefore));
    expect(Object.keys(heartbeatsAfter ?? {}).filter((id) => !acceptedIds.has(id)).sort()).toEqual(Object.keys(heartbeatsBefore ?? {}).sort());

    // Devices the unit already reports go on as before; other units are not touched by its cap.
    const [known] = await post(worker, [rawHeartbeat(UNIT, REAL_DEVICE)]);
    expect(known?.ok, JSON.stringify(known)).toBe(true);
    const [next] = await post(worker, [rawHeartbeat(UNIT, 'one-more')]);
    expect(next?.code).toBe('ERR_TOO_MANY_DEVICES');
    const [theirs] = await post(neighbour, [rawHeartbeat(NEIGHBOUR, REAL_DEVICE)]);
    expect(theirs?.ok, JSON.stringify(theirs)).toBe(true);
  });

  it(`the city overview shows at most ${CAP} heartbeats per unit, newest first, and stays small and quick`, async () => {
    // An older gateway let 300 devices of one unit in: the overview still shows only its newest.
    const t0 = Date.now();
    const planted = Array.from({ length: 300 }, (_, i) => {
      const beat = rawHeartbeat(LEGACY, `legacy-${i}`);
      return { ...beat, receivedAt: t0 - i * 1000 };
    });
    const written = await network.hubPort.database('heartbeats').bulkWrite(planted);
    expect(written.filter((r) => r.error !== undefined)).toEqual([]);

    const { ms, bytes, heartbeats } = await overview();
    const perUnit = new Map<string, Heartbeat[]>();
    for (const beat of heartbeats) perUnit.set(beat.unitId, [...(perUnit.get(beat.unitId) ?? []), beat]);
    for (const [unitId, beats] of perUnit) expect(beats.length, `heartbeats of ${unitId}`).toBeLessThanOrEqual(CAP);
    expect(perUnit.get(UNIT)).toHaveLength(CAP);
    const legacy = perUnit.get(LEGACY) ?? [];
    expect(legacy.map((b) => b.deviceId)).toEqual(Array.from({ length: CAP }, (_, i) => `dev-legacy-${i}`));
    for (const beats of perUnit.values()) {
      const times = beats.map((b) => b.receivedAt ?? 0);
      expect(times, 'newest first').toEqual([...times].sort((a, b) => b - a));
    }
    // 13 units, at most 20 heartbeats each: tens of kilobytes, not megabytes.
    expect(bytes).toBeLessThan(200_000);
    expect(ms, 'overview time').toBeLessThan(10_000);
  });
});
