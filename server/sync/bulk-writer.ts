import { asCouchDoc, schemaFieldsOf } from '../../schemas/couch-doc.ts';
import { isWritableCollection, type DocumentOf, type StationCollectionName, type WritableCollectionName } from '../../schemas/collections.ts';
import { authorizeCaseWrite, type CatalogRules } from '../../schemas/rules/case-write.ts';
import { sameCase } from '../../schemas/rules/merge.ts';
import type { UnitTree } from '../../schemas/rules/unit-tree.ts';
import type { Actor, Heartbeat } from '../../schemas/types.ts';
import { describeSchemaErrors, validators } from '../../schemas/validators.ts';
import { ruleRefusalBody, type ErrorBody } from '../errors.ts';
import { isHubDoc, storedAs, type HubDoc } from '../hub/hub-doc.ts';
import type { HubDatabasePort, HubPort } from '../hub/hub-port.ts';
import { claimCaseNumbers } from './case-number-claims.ts';

/**
 * One row of our `_bulk_docs` answer: CouchDB's `{id, ok, rev}` or `{id, error, reason}` plus our
 * code. An accepted row also says what the writer must take back, so it holds the stored state at
 * once: a pull that crossed the push is skipped by the replication (local work was pending) and
 * would leave the replica stale. When the hub holds events the writer did not send, that is the
 * whole merged `doc`; otherwise only a `patch` of the fields the hub sets (receipts, visibility),
 * which keeps the answer small on a thin link. A heartbeat accepted for the next batch has no
 * `rev` yet, as CouchDB answers a write accepted with `batch=ok`.
 */
export type BulkRow = { id: string; ok: true; rev?: string; doc?: HubDoc; patch?: Record<string, unknown> } | ({ id: string } & ErrorBody);

export interface WriteContext {
  /** The hub, for what a collection's write touches besides its own database (case number claims). */
  readonly hub: HubPort;
  /** How far ahead a step may be stamped, how long a station may have been offline. */
  readonly caseTime?: { readonly maxClockAheadMs?: number; readonly offlineWindowMs?: number };
  readonly actor: Actor;
  readonly tree: UnitTree;
  readonly catalog: CatalogRules;
  readonly now: () => number;
  /** Told of every document stored, for fan-out without reading it back from the hub. */
  readonly written?: (doc: HubDoc) => void;
}

/** What a collection makes of one incoming document given the stored one. */
/** What the writer must take back from the stored document: all of it, or the fields the hub set. */
type TakeBack = 'document' | readonly string[];

type Decision = { kind: 'write'; doc: HubDoc; takeBack: TakeBack } | { kind: 'unchanged'; doc: HubDoc; takeBack: TakeBack } | { kind: 'refused'; body: ErrorBody };

type Decider = (incoming: Record<string, unknown>, id: string, stored: HubDoc | null, ctx: WriteContext) => Decision;

/** A document decided for writing, before the hub has it. */
interface PendingWrite {
  readonly index: number;
  readonly id: string;
  readonly doc: HubDoc;
  readonly takeBack: TakeBack;
  /** No document with this id was stored when it was decided. */
  readonly isNew: boolean;
}

/** What must hold besides the decision before a batch is written: refusals by document id. */
type Admission = (writes: readonly PendingWrite[], ctx: WriteContext) => Promise<Map<string, ErrorBody>>;

/** A new case is stored only once its number is bound to it (`claimCaseNumbers`). */
const admitNewCases: Admission = async (writes, ctx) => {
  const claims = writes.flatMap((w) => (w.isNew && typeof w.doc.caseNumber === 'string' ? [{ number: w.doc.caseNumber, caseId: w.id }] : []));
  const taken = await claimCaseNumbers(ctx.hub.database('caseNumbers'), claims);
  const refused = new Map<string, ErrorBody>();
  for (const claim of claims) {
    if (taken.has(claim.caseId)) refused.set(claim.caseId, ruleRefusalBody('ERR_CASE_NUMBER_TAKEN', `case number ${claim.number} is bound to another case`));
  }
  return refused;
};

const ADMISSIONS: Partial<Record<WritableCollectionName, Admission>> = { cases: admitNewCases };

/** Another writer between our read and our write: read again and decide again, a few times. */
const MAX_CONFLICT_RETRIES = 5;

/**
 * Apply a `_bulk_docs` batch document by document: each is checked on its own, refused ones get
 * their own error row and touch nothing, the rest are written. The answer keeps the input order.
 */
export async function writeBatch(collection: StationCollectionName, db: HubDatabasePort, docs: readonly unknown[], ctx: WriteContext): Promise<BulkRow[]> {
  const decide = isWritableCollection(collection) ? DECIDERS[collection] : readOnly;
  const rows = new Map<number, BulkRow>();
  let open: { index: number; id: string; fields: Record<string, unknown> }[] = [];
  docs.forEach((raw, index) => {
    const parsed = parseIncoming(raw);
    if ('body' in parsed) rows.set(index, { id: parsed.id, ...parsed.body });
    else open.push({ index, ...parsed });
  });

  for (let attempt = 0; open.length > 0; attempt += 1) {
    const stored = await db.fetchByIds(open.map((o) => o.id));
    let toWrite: PendingWrite[] = [];
    for (const item of open) {
      const decision = attempt > MAX_CONFLICT_RETRIES
        ? { kind: 'refused' as const, body: conflictBody(item.id) }
        : decide(item.fields, item.id, stored.get(item.id) ?? null, ctx);
      if (decision.kind === 'write') toWrite.push({ index: item.index, id: item.id, doc: decision.doc, takeBack: decision.takeBack, isNew: stored.get(item.id) === undefined });
      else if (decision.kind === 'unchanged') rows.set(item.index, accepted(item.id, decision.doc, decision.takeBack));
      else rows.set(item.index, { id: item.id, ...decision.body });
    }
    const admit = isWritableCollection(collection) ? ADMISSIONS[collection] : undefined;
    const refusedNow = admit === undefined ? new Map<string, ErrorBody>() : await admit(toWrite, ctx);
    for (const item of toWrite) {
      const body = refusedNow.get(item.id);
      if (body !== undefined) rows.set(item.index, { id: item.id, ...body });
    }
    toWrite = toWrite.filter((item) => !refusedNow.has(item.id));
    const written = await db.bulkWrite(toWrite.map((w) => w.doc));
    open = [];
    written.forEach((result, i) => {
      const item = toWrite[i];
      if (item === undefined) return;
      if (result.rev !== undefined && result.error === undefined) {
        const stored = { ...item.doc, _rev: result.rev };
        ctx.written?.(stored);
        rows.set(item.index, accepted(item.id, stored, item.takeBack));
      }
      else if (result.error === 'conflict') open.push({ index: item.index, id: item.id, fields: fieldsOf(docs[item.index]) });
      else rows.set(item.index, { id: item.id, error: result.error ?? 'unknown', code: 'ERR_HUB_REFUSED', reason: result.reason ?? 'The hub refused the document.', reason_zh: '数据中心拒绝了该文档。' });
    });
  }
  return docs.map((_, index) => rows.get(index) ?? { id: '', ...ruleRefusalBody('ERR_SCHEMA', 'no answer for this row') });
}

/**
 * Heartbeats judged without the hub: each checked on its own and stamped with its receipt time.
 * The accepted ones are for the caller to store (in batches, `heartbeat-batches.ts`); the rows
 * answer the station, in its order, with the receipt time to take back.
 */
export function decideHeartbeats(docs: readonly unknown[], ctx: WriteContext): { rows: BulkRow[]; toStore: HubDoc[] } {
  const toStore: HubDoc[] = [];
  const rows = docs.map((raw): BulkRow => {
    const parsed = parseIncoming(raw);
    if ('body' in parsed) return { id: parsed.id, ...parsed.body };
    const decision = decideHeartbeat(parsed.fields, parsed.id, null, ctx);
    if (decision.kind === 'refused') return { id: parsed.id, ...decision.body };
    toStore.push(decision.doc);
    // No revision yet: the hub assigns it at the flush, and stations do not use it.
    return accepted(parsed.id, decision.doc, decision.takeBack);
  });
  return { rows, toStore };
}

function accepted(id: string, doc: HubDoc, takeBack: TakeBack): BulkRow {
  const rev = doc._rev === undefined ? {} : { rev: doc._rev };
  if (takeBack === 'document') return { id, ok: true, ...rev, doc };
  return { id, ok: true, ...rev, patch: Object.fromEntries(takeBack.map((field) => [field, doc[field]])) };
}

/** What the hub, not the writer, decides in a stored case. */
const CASE_HUB_FIELDS = ['receipts', 'visibleTo'] as const;

/** Does the stored case hold events the writer did not send? */
function hasForeignEvents(incoming: Record<string, unknown>, stored: { events: readonly { id: string }[] }): boolean {
  const sent = new Set(Array.isArray(incoming.events) ? incoming.events.map((e: { id?: unknown }) => e.id) : []);
  return stored.events.some((e) => !sent.has(e.id));
}

function parseIncoming(raw: unknown): { id: string; fields: Record<string, unknown> } | { id: string; body: ErrorBody } {
  if (!isHubDoc(raw)) return { id: '', body: ruleRefusalBody('ERR_SCHEMA', 'each document needs a string _id') };
  if (raw._deleted === true) return { id: raw._id, body: ruleRefusalBody('ERR_CASE_DELETE', `document ${raw._id} asks to be deleted`) };
  return { id: raw._id, fields: schemaFieldsOf(raw) };
}

function fieldsOf(raw: unknown): Record<string, unknown> {
  return isHubDoc(raw) ? schemaFieldsOf(raw) : {};
}

function conflictBody(id: string): ErrorBody {
  return { error: 'conflict', code: 'ERR_CONFLICT_RETRIES', reason: `Document ${id} kept changing on the hub; it will be sent again.`, reason_zh: '该文档在数据中心频繁变动，稍后将自动重新发送。' };
}

function decideCase(incoming: Record<string, unknown>, id: string, stored: HubDoc | null, ctx: WriteContext): Decision {
  if (incoming.id !== id) return { kind: 'refused', body: ruleRefusalBody('ERR_SCHEMA', `_id ${id} and id ${String(incoming.id)} differ`) };
  if (!validators.case(incoming)) return { kind: 'refused', body: ruleRefusalBody('ERR_SCHEMA', describeSchemaErrors(validators.case)) };
  const current = storedAs(stored, validators.case)[0] ?? null;
  const verdict = authorizeCaseWrite(incoming, current, { actor: ctx.actor, tree: ctx.tree, catalog: ctx.catalog, nowMs: ctx.now(), ...ctx.caseTime });
  if (!verdict.ok) return { kind: 'refused', body: ruleRefusalBody(verdict.code, verdict.detail) };
  const takeBack: TakeBack = hasForeignEvents(incoming, verdict.doc) ? 'document' : CASE_HUB_FIELDS;
  if (stored !== null && current !== null && sameCase(verdict.doc, current)) return { kind: 'unchanged', doc: stored, takeBack };
  return { kind: 'write', doc: toHubDoc('cases', verdict.doc, stored), takeBack };
}

function decideHeartbeat(incoming: Record<string, unknown>, id: string, stored: HubDoc | null, ctx: WriteContext): Decision {
  const candidate = { ...incoming, receivedAt: ctx.now() };
  if (!validators.heartbeat(candidate)) return { kind: 'refused', body: ruleRefusalBody('ERR_SCHEMA', describeSchemaErrors(validators.heartbeat)) };
  const heartbeat: Heartbeat = candidate;
  if (heartbeat.unitId !== ctx.actor.unitId) return { kind: 'refused', body: ruleRefusalBody('ERR_EVENT_FORGED_UNIT', `heartbeat for ${heartbeat.unitId} sent by ${ctx.actor.unitId}`) };
  if (id !== heartbeat.id || heartbeat.id !== `${heartbeat.unitId}:${heartbeat.deviceId}`) {
    return { kind: 'refused', body: ruleRefusalBody('ERR_SCHEMA', `heartbeat id must be "${heartbeat.unitId}:${heartbeat.deviceId}"`) };
  }
  return { kind: 'write', doc: toHubDoc('heartbeats', heartbeat, stored), takeBack: ['receivedAt'] };
}

function readOnly(_incoming: Record<string, unknown>, id: string): Decision {
  return { kind: 'refused', body: { ...ruleRefusalBody('ERR_ROLE_FORBIDS', `${id} is in a read-only collection`) } };
}

/** One decider per collection stations may write; the others are read-only. */
const DECIDERS: Record<WritableCollectionName, Decider> = {
  cases: decideCase,
  heartbeats: decideHeartbeat,
};

function toHubDoc<N extends WritableCollectionName>(collection: N, doc: DocumentOf<N>, stored: HubDoc | null): HubDoc {
  const hubDoc = asCouchDoc(collection, doc);
  return stored?._rev === undefined ? hubDoc : { ...hubDoc, _rev: stored._rev };
}
