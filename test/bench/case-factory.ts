import { DEMO_CATALOG } from '../../ops/seed/demo-catalog.ts';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { newCaseId, newCaseNumber, newEventId, newQueryCode, type RandomBytes } from '../../schemas/rules/case-ids.ts';
import { authorizeCaseWrite, type CatalogRules } from '../../schemas/rules/case-write.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import { unitTreeOf, type UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Actor, CaseDoc, CaseEvent, ServiceItem, Unit } from '../../schemas/types.ts';

/**
 * Deterministic bytes (mulberry32), so every run builds the same cases. It was xorshift32 taking
 * the state's low byte: case numbers take 5 bits of a byte, and those low bits repeated often
 * enough that two bench runs' case numbers collided (the gateway refuses the second,
 * ERR_CASE_NUMBER_TAKEN, and the push never completes).
 */
export function seededRandom(seed: number): RandomBytes {
  let state = seed >>> 0;
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      out[i] = ((t ^ (t >>> 14)) >>> 24) & 0xff;
    }
    return out;
  };
}

export const DEMO_CATALOG_RULES: CatalogRules = new Map(DEMO_CATALOG.map((i) => [i.code, i]));

export interface StationCaseInput {
  /** The community worker whose station accepts the cases (as the gateway's token names them). */
  readonly actor: Actor;
  readonly deviceId: string;
  readonly count: number;
  readonly startMs: number;
  readonly seed: number;
  readonly units?: readonly Unit[];
}

/**
 * Cases a community station could have accepted offline, built exactly as the station's desk
 * builds them (the pure rules: authorize, then materialize with no hub receipts yet). Seven in
 * ten are just accepted; three in ten are also forwarded to the street.
 */
export function buildStationCases(input: StationCaseInput): CaseDoc[] {
  const tree: UnitTree = unitTreeOf(input.units ?? DEMO_UNITS);
  const parentId = tree.get(input.actor.unitId)?.parentId;
  if (parentId === null || parentId === undefined) throw new Error(`bench: ${input.actor.unitId} has no parent unit`);
  const items = DEMO_CATALOG.filter((i) => i.acceptTiers.includes('community') && i.kind === 'commitment');
  if (items.length === 0) throw new Error('bench: the demo catalog has no commitment item accepted at communities');
  const random = seededRandom(input.seed);
  // Judged as the hub would judge them just after the last one was stamped.
  const ctx = { actor: input.actor, tree, catalog: DEMO_CATALOG_RULES, nowMs: input.startMs + input.count };
  const docs: CaseDoc[] = [];
  for (let i = 0; i < input.count; i += 1) {
    const t = input.startMs + i;
    const item = items[i % items.length] as ServiceItem;
    let counter = 0;
    // One device, one case at a time: the case's steps tick the clock within its millisecond.
    const stamp = (): string => formatHlc({ wallMs: t, counter: counter++, node: input.deviceId });
    const event = (type: CaseEvent['type'], data: CaseEvent['data']): CaseEvent => ({
      id: newEventId(random),
      type,
      unitId: input.actor.unitId,
      workerId: input.actor.workerId,
      deviceId: input.deviceId,
      deviceTime: new Date(t).toISOString(),
      hlc: stamp(),
      data,
    });
    const events: CaseEvent[] = [
      event('accept', {
        caseNumber: newCaseNumber(t, random),
        queryCode: newQueryCode(random),
        item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
        applicant: { name: `申请人${i}`, idNumber: '34010219800101001X', phone: `1390551${String(i % 10_000).padStart(4, '0')}` },
        provided: item.materials.map((m) => m.id),
      }),
    ];
    if (i % 10 >= 7) events.push(event('forward', { toUnitId: parentId, note: '转街道审核 / to the street for review' }));
    const id = newCaseId(input.actor.unitId, t, random);
    const verdict = authorizeCaseWrite({ id, events }, null, ctx);
    if (!verdict.ok) throw new Error(`bench: case ${id} refused by the rules: ${verdict.code} ${verdict.detail}`);
    const doc = materializeCase(id, verdict.doc.events, [], verdict.doc.visibleTo);
    if (doc === null) throw new Error(`bench: case ${id} did not materialize`);
    docs.push(doc);
  }
  return docs;
}

/**
 * `count` more community units spread over the demo streets, shaped like the demo ones, so that
 * the network has 9 + count communities.
 */
export function extraCommunities(count: number): Unit[] {
  const streets = DEMO_UNITS.filter((u) => u.tier === 'street');
  return Array.from({ length: count }, (_, i): Unit => {
    const street = streets[i % streets.length];
    if (street === undefined) throw new Error('bench: the demo network has no street');
    const n = String(i + 1).padStart(2, '0');
    return {
      id: `community-bench-${n}`,
      name: { zh: `压测${n}社区服务站`, en: `Bench Community ${n} Service Station` },
      tier: 'community',
      parentId: street.id,
      calendarId: street.calendarId,
      address: `合肥市压测${n}社区党群服务中心（示例地址）`,
      phone: `0551-6999 ${String(1000 + i)}`,
    };
  });
}
