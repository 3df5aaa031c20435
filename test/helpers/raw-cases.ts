import type { FastifyInstance } from 'fastify';
import { DEMO_UNITS } from '../../ops/seed/demo-units.ts';
import { STATION_COLLECTION_NAMES, type HubCollectionName } from '../../schemas/collections.ts';
import { schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { materializeCase } from '../../schemas/rules/case-doc.ts';
import { newCaseId, newCaseNumber, newEventId, newQueryCode } from '../../schemas/rules/case-ids.ts';
import { formatHlc, initialHlc, receiveHlc, tickHlc } from '../../schemas/rules/hlc.ts';
import { validators } from '../../schemas/validators.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import type { TestNetwork } from './test-network.ts';
import type { Actor, CaseDoc, CaseEvent, CaseEventType, Heartbeat, ServiceItem } from '../../schemas/types.ts';

/**
 * Raw documents and requests for tests that talk to the gateway the way a hostile or broken client
 * would: hand-built cases and events, direct `_bulk_docs` posts, and snapshots of the hub to prove
 * that a refused request changed nothing.
 */

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

/** Who an event claims to be from; defaults to the actor itself. */
export interface Signature {
  readonly unitId: string;
  readonly workerId: string;
}

export function signatureOf(actor: Actor): Signature {
  return { unitId: actor.unitId, workerId: actor.workerId };
}

let deviceCounter = 0;

/** A well-formed event stamped after `afterHlc` (or now), signed as `by`. */
export function rawEvent(type: CaseEventType, data: CaseEvent['data'], by: Signature, afterHlc: string | null = null): CaseEvent {
  deviceCounter += 1;
  const deviceId = `raw-device-${deviceCounter}`;
  const nowMs = Date.now();
  const clock = afterHlc === null ? tickHlc(initialHlc(deviceId), nowMs) : receiveHlc(initialHlc(deviceId), afterHlc, nowMs);
  return {
    id: newEventId(random),
    type,
    unitId: by.unitId,
    workerId: by.workerId,
    deviceId,
    deviceTime: new Date(nowMs).toISOString(),
    hlc: formatHlc(clock),
    data,
  };
}

export const APPLICANT = { name: '测试申请人', idNumber: '34010219800101001X', phone: '13905510000' } as const;

export function itemSnapshot(item: ServiceItem): NonNullable<CaseEvent['data']['item']> {
  return { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays };
}

/** A brand-new case accepted by `by` (whose unit the id is minted for), as a station would send it. */
export function rawNewCase(item: ServiceItem, by: Signature, snapshot: NonNullable<CaseEvent['data']['item']> = itemSnapshot(item)): CaseDoc {
  const nowMs = Date.now();
  const accept = rawEvent('accept', {
    caseNumber: newCaseNumber(nowMs, random),
    queryCode: newQueryCode(random),
    item: snapshot,
    applicant: { ...APPLICANT },
  }, by);
  const doc = materializeCase(newCaseId(by.unitId, nowMs, random), [accept], [], [by.unitId]);
  if (doc === null) throw new Error('a case with an accept event must materialize');
  return doc;
}

/** The case with one more event, as a station would send it (derived fields left as they were). */
export function withEvent(doc: CaseDoc, event: CaseEvent): CaseDoc {
  return { ...doc, events: [...doc.events, event] };
}

/** A case document as `_bulk_docs` takes it. */
export function toWire<T extends { id: string }>(doc: T, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...doc, _id: doc.id, ...extra };
}

/** A shallow copy without the fields named. */
export function omit(doc: object, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(doc).filter(([key]) => !keys.includes(key)));
}

/** A case as the hub stores it, bookkeeping fields dropped; throws if it is not a valid case. */
export function caseFields(stored: unknown): CaseDoc {
  const fields = typeof stored === 'object' && stored !== null ? schemaFieldsOf(stored) : {};
  if (!validators.case(fields)) throw new Error(`not a stored case: ${JSON.stringify(stored).slice(0, 300)}`);
  return fields;
}

/**
 * A well-formed heartbeat as `_bulk_docs` takes it, from the test device `dev-<name>` (a name that
 * already is a device id, `dev-…` or `web-…`, is taken as it is).
 */
export function rawHeartbeat(unitId: string, name: string): Heartbeat & { _id: string } {
  const deviceId = /^(dev|web)-/.test(name) ? name : `dev-${name}`;
  return { _id: `${unitId}:${deviceId}`, id: `${unitId}:${deviceId}`, unitId, deviceId, deviceTime: new Date().toISOString(), lastSyncAt: null, pendingOutbound: 0, appVersion: 'test-0.0.0' };
}

/** One row of a `_bulk_docs` answer. */
export interface BulkAnswerRow {
  readonly id: string;
  readonly ok?: boolean;
  readonly rev?: string;
  readonly error?: string;
  readonly code?: string;
  readonly reason?: string;
  readonly reason_zh?: string;
  readonly detail?: string;
  /** Accepted rows may carry the document as the hub now holds it. */
  readonly doc?: Record<string, unknown>;
}

export interface ErrorAnswer {
  readonly error: string;
  readonly code: string;
  readonly reason: string;
  readonly reason_zh: string;
  readonly detail?: string;
}

export interface InjectResult<T> {
  readonly status: number;
  readonly body: T;
}

/** The gateway's requests, made in-process (no socket) for speed. */
export class GatewayCalls {
  constructor(private readonly app: FastifyInstance) {}

  async post<T>(url: string, token: string | null, payload: unknown): Promise<InjectResult<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const answer = await this.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(payload) });
    return { status: answer.statusCode, body: answer.json<T>() };
  }

  async get<T>(url: string, token: string | null): Promise<InjectResult<T>> {
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const answer = await this.app.inject({ method: 'GET', url, headers });
    return { status: answer.statusCode, body: answer.json<T>() };
  }

  bulk(token: string | null, unitId: string, collection: string, docs: readonly unknown[]): Promise<InjectResult<BulkAnswerRow[] | ErrorAnswer>> {
    return this.post(`/sync/${unitId}/${collection}/_bulk_docs`, token, { docs });
  }

  /** Posts one document and returns its row, failing loudly if the batch as a whole was refused. */
  async bulkOne(token: string, unitId: string, collection: string, doc: unknown): Promise<BulkAnswerRow> {
    const answer = await this.bulk(token, unitId, collection, [doc]);
    if (answer.status !== 201 || !Array.isArray(answer.body)) throw new Error(`_bulk_docs as ${unitId} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const [row] = answer.body;
    if (row === undefined || answer.body.length !== 1) throw new Error(`_bulk_docs as ${unitId} answered ${answer.body.length} rows for one doc`);
    return row;
  }

  /** Every document of a collection visible to the unit, following `_changes` until nothing is pending. */
  async visibleIds(token: string, unitId: string, collection: string, since = '0'): Promise<string[]> {
    const ids: string[] = [];
    let position = since;
    for (let page = 0; page < 100; page += 1) {
      const answer = await this.get<{ results: { id: string; doc: { _id: string } }[]; last_seq: string; pending: number }>(
        `/sync/${unitId}/${collection}/_changes?since=${encodeURIComponent(position)}&limit=7&include_docs=true`,
        token,
      );
      if (answer.status !== 200) throw new Error(`_changes for ${unitId}/${collection} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      for (const row of answer.body.results) {
        if (row.doc._id !== row.id) throw new Error(`_changes row ${row.id} carries doc ${row.doc._id}`);
        ids.push(row.id);
      }
      position = answer.body.last_seq;
      if (answer.body.pending === 0 && answer.body.results.length === 0) return ids;
    }
    throw new Error(`_changes for ${unitId}/${collection} never ended`);
  }
}

/** Every stored document of the hub databases named, with its revision: equal snapshots, equal hub. */
export async function hubSnapshot(hub: HubPort, names: readonly HubCollectionName[] = STATION_COLLECTION_NAMES): Promise<Record<string, Record<string, unknown>>> {
  const snapshot: Record<string, Record<string, unknown>> = {};
  await Promise.all(names.map(async (name) => {
    const docs: Record<string, unknown> = {};
    for (const doc of await hub.database(name).allDocs()) docs[doc._id] = doc;
    snapshot[name] = docs;
  }));
  return snapshot;
}

/** The demo tree, read straight from the seed data: the tests' own idea of who is above whom. */
export function demoAncestors(unitId: string): string[] {
  const ancestors: string[] = [];
  let current = DEMO_UNITS.find((u) => u.id === unitId)?.parentId ?? null;
  while (current !== null) {
    ancestors.push(current);
    const parent: string | null = DEMO_UNITS.find((u) => u.id === current)?.parentId ?? null;
    current = parent;
  }
  return ancestors;
}

/** Who must see a case: where it was accepted, where it was forwarded, and everything above those. */
export function expectedVisibility(acceptedAt: string, forwardedTo: readonly string[]): string[] {
  const units = new Set<string>();
  for (const unit of [acceptedAt, ...forwardedTo]) {
    units.add(unit);
    for (const ancestor of demoAncestors(unit)) units.add(ancestor);
  }
  return [...units].sort();
}

/**
 * Stops the test network, but never hangs a test run: if the gateway has not closed within `ms`
 * (its hub long-polls can outlive their abort signal after a garbage collection), the hub is
 * killed, which ends those long-polls, and the stop completes. Returns what went wrong, or null.
 */
export async function stopNetworkBounded(network: TestNetwork, ms = 10_000): Promise<string | null> {
  const stopping = network.stop();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = await Promise.race([
    stopping.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), ms);
    }),
  ]);
  clearTimeout(timer);
  if (!timedOut) return null;
  network.killHub();
  await stopping;
  return `network.stop() did not finish within ${ms} ms (gateway close hung); the hub was killed to end it`;
}
