import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isStationCollectionName, type StationCollectionName } from '../../schemas/collections.ts';
import type { Actor } from '../../schemas/types.ts';
import { deadlineSignal } from '../../schemas/runtime/deadline-signal.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayServices } from '../gateway-services.ts';
import { sendFlushedBody } from '../plugins/compression.ts';
import { decideHeartbeats, writeBatch, type BulkRow, type WriteContext } from '../sync/bulk-writer.ts';
import { documentsByIds, nowPosition, readChanges, startPosition, type ChangesAnswer, type ReaderContext } from '../sync/changes-reader.ts';
import { LongPollSlots } from '../sync/longpoll-slots.ts';
import { encodeSeq, decodeSeq, MAX_SEQ_TOKEN_LENGTH, type SeqPosition } from '../sync/seq-token.ts';
import { mayRead, SYNC_COLLECTIONS } from '../sync/sync-collections.ts';
import { copiesAllItSees } from '../../schemas/rules/case-copies.ts';

export interface SyncRouteOptions {
  readonly services: GatewayServices;
  /** The longest a long-poll is held open, whatever the client asks. */
  readonly longpollMaxMs: number;
  /** Long-polls one sign-in token may hold at once; more are refused at once with 429. */
  readonly longpollsPerToken: number;
  readonly caseTime: CaseTimeLimits;
}

/** The time limits of case writes (defaults in schemas/rules: 5 minutes ahead, 30 days offline). */
export interface CaseTimeLimits {
  readonly maxClockAheadMs?: number;
  readonly offlineWindowMs?: number;
}

type SyncParams = { unitId: string; collection: string };

const paramsSchema = {
  type: 'object',
  required: ['unitId', 'collection'],
  properties: { unitId: { type: 'string', maxLength: 64 }, collection: { type: 'string', maxLength: 32 } },
} as const;

const changesQuery = {
  type: 'object',
  properties: {
    since: { type: 'string', maxLength: MAX_SEQ_TOKEN_LENGTH },
    limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    feed: { type: 'string', enum: ['normal', 'longpoll'], default: 'normal' },
    timeout: { type: 'integer', minimum: 0, maximum: 3_600_000 },
    heartbeat: { anyOf: [{ type: 'integer', minimum: 1000, maximum: 600_000 }, { type: 'boolean' }] },
    include_docs: { type: 'boolean' },
    style: { type: 'string', enum: ['main_only', 'all_docs'] },
  },
} as const;

interface ChangesQuery {
  since?: string;
  limit: number;
  feed: 'normal' | 'longpoll';
  timeout?: number;
  heartbeat?: number | boolean;
}

/**
 * `/sync/<unitId>/<collection>/`: the CouchDB endpoints our replication client speaks (db info,
 * `_changes`, `_all_docs` by keys, `_bulk_docs`), each answering only what the unit may see or
 * write. Nothing from the client is passed through to the hub.
 */
export async function syncRoutes(app: FastifyInstance, opts: SyncRouteOptions): Promise<void> {
  const { services } = opts;
  const longPolls = new LongPollSlots(opts.longpollsPerToken);

  async function open(request: FastifyRequest<{ Params: SyncParams }>): Promise<{ actor: Actor; name: StationCollectionName; ctx: ReaderContext }> {
    const actor = await app.requireActor(request);
    if (request.params.unitId !== actor.unitId) throw new GatewayError('ERR_WRONG_UNIT', `token is for ${actor.unitId}`);
    const name = request.params.collection;
    if (!isStationCollectionName(name)) throw new GatewayError('ERR_UNKNOWN_COLLECTION', name);
    if (!SYNC_COLLECTIONS[name].roleMayUse(actor.role)) throw new GatewayError('ERR_ROLE_NO_CASES', `role ${actor.role} may not use ${name}`);
    const { tree } = await services.network.current().catch((err: unknown) => {
      throw new GatewayError('ERR_HUB_UNAVAILABLE', err instanceof Error ? err.message : String(err));
    });
    const scope = { collection: name, hub: await services.hubIdentity(name) };
    const mirror = services.mirrors[name];
    return { actor, name, ctx: { db: services.databases[name], rules: SYNC_COLLECTIONS[name], tree, unitId: actor.unitId, copiesAll: copiesAllItSees(actor.tier), scope, ...(mirror === undefined ? {} : { mirror }) } };
  }

  const dbInfo = async (request: FastifyRequest<{ Params: SyncParams }>): Promise<object> => {
    const { name, ctx } = await open(request);
    return { db_name: name, update_seq: encodeSeq(await nowPosition(ctx), ctx.scope), instance_start_time: '0' };
  };
  const dbInfoDocs = { summary: 'A unit\'s view of a collection (CouchDB db info): its update_seq, an opaque token', tags: ['sync'], security: [{ bearer: [] }] };
  app.get<{ Params: SyncParams }>('/sync/:unitId/:collection', { schema: { ...dbInfoDocs, params: paramsSchema } }, dbInfo);
  app.get<{ Params: SyncParams }>('/sync/:unitId/:collection/', { schema: { ...dbInfoDocs, params: paramsSchema } }, dbInfo);

  app.get<{ Params: SyncParams; Querystring: ChangesQuery }>('/sync/:unitId/:collection/_changes', {
    schema: {
      summary: 'The changes a unit may see (CouchDB _changes, normal or longpoll)',
      description: 'Only documents the unit may read; `since` and `last_seq` are opaque tokens of this gateway. A first sync walks the per-unit index, then follows the changes feed.',
      tags: ['sync'],
      security: [{ bearer: [] }],
      params: paramsSchema,
      querystring: changesQuery,
    },
  }, async (request, reply) => {
    const { name, ctx } = await open(request);
    const { feed, limit } = request.query;
    if (feed !== 'longpoll') return readChanges(ctx, await positionOf(request.query.since, ctx), limit);
    // Refused before anything is read: a token holding its share of long-polls costs the hub nothing more.
    const release = longPolls.take(request.headers.authorization ?? '');
    if (release === null) throw new GatewayError('ERR_TOO_MANY_LONGPOLLS', `at most ${longPolls.perHolder} long-polls at once per sign-in`);
    reply.raw.once('finish', release);
    reply.raw.once('close', release);
    const position = await positionOf(request.query.since, ctx);
    return longPoll(request, reply, { ctx, name, position, limit });
  });

  async function longPoll(
    request: FastifyRequest<{ Params: SyncParams; Querystring: ChangesQuery }>,
    reply: FastifyReply,
    job: { ctx: ReaderContext; name: StationCollectionName; position: SeqPosition; limit: number },
  ): Promise<ChangesAnswer | FastifyReply> {
    const closed = new AbortController();
    // The response closing before we answered means the client went away.
    reply.raw.once('close', () => closed.abort());
    const waitMs = Math.min(request.query.timeout ?? opts.longpollMaxMs, opts.longpollMaxMs);
    const deadline = deadlineSignal(waitMs, closed.signal);
    const giveUp = deadline.signal;
    // Listen before reading, so a change landing between the read and the wait still wakes us.
    const woken = services.followers[job.name].waitFor(job.ctx.unitId, giveUp).finally(() => deadline.dispose());
    const first = await readChanges(job.ctx, job.position, job.limit).catch((err: unknown) => {
      deadline.dispose();
      throw err;
    });
    if (first.results.length > 0 || giveUp.aborted) {
      deadline.dispose();
      return first;
    }

    const heartbeatMs = heartbeatOf(request.query.heartbeat);
    if (heartbeatMs === null) {
      await woken;
      return readChanges(job.ctx, job.position, job.limit);
    }
    // CouchDB keeps a waiting long-poll alive with newlines; JSON parsers skip them.
    const body = sendFlushedBody(request, reply);
    const beat = setInterval(() => body.write('\n'), heartbeatMs);
    void woken
      .then(() => (closed.signal.aborted ? first : readChanges(job.ctx, job.position, job.limit)))
      .catch(() => ({ results: [], last_seq: encodeSeq(job.position, job.ctx.scope), pending: 1 }))
      .then((answer) => {
        clearInterval(beat);
        body.end(JSON.stringify(answer));
      });
    return reply;
  }

  app.post<{ Params: SyncParams; Body: { keys: string[] } }>('/sync/:unitId/:collection/_all_docs', {
    schema: {
      summary: 'Documents by id (CouchDB _all_docs with keys)',
      description: 'A document the unit may not see answers exactly as a missing one.',
      tags: ['sync'],
      security: [{ bearer: [] }],
      params: paramsSchema,
      body: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', maxItems: 1000, items: { type: 'string', maxLength: 200 } } } },
    },
  }, async (request) => {
    const { ctx } = await open(request);
    const found = await documentsByIds(ctx, request.body.keys);
    // An invisible document answers exactly like a missing one: no leak of what exists.
    const rows = request.body.keys.map((key) => {
      const doc = found.get(key);
      if (doc === undefined || key.startsWith('_design/') || !mayRead(ctx.rules.audience(doc, ctx.tree), ctx.unitId)) return { key, error: 'not_found' };
      return { id: key, key, value: { rev: doc._rev ?? '' }, doc };
    });
    return { total_rows: rows.length, offset: 0, rows };
  });

  app.post<{ Params: SyncParams; Body: { docs: unknown[]; new_edits?: boolean } }>('/sync/:unitId/:collection/_bulk_docs', {
    schema: {
      summary: 'Write documents (CouchDB _bulk_docs): cases merged by their events, heartbeats',
      description: 'Each document is judged on its own: a refused one gets its own row with a code and a reason in English and Chinese, the rest are written. An accepted case row carries back what the hub set (receipts, visibility).',
      tags: ['sync'],
      security: [{ bearer: [] }],
      params: paramsSchema,
      body: { type: 'object', required: ['docs'], properties: { docs: { type: 'array', maxItems: 500 }, new_edits: { type: 'boolean' } } },
    },
  }, async (request, reply) => {
    const { actor, name, ctx } = await open(request);
    if (!ctx.rules.writable) throw new GatewayError('ERR_READ_ONLY', name);
    if (request.body.new_edits === false) throw new GatewayError('ERR_BAD_REQUEST', 'new_edits=false is not accepted: the gateway assigns revisions');
    const { catalog } = await services.network.current();
    const follower = services.followers[name];
    const writeCtx: WriteContext = { hub: services.hub, caseTime: opts.caseTime, actor, tree: ctx.tree, catalog, now: services.now, written: (doc) => follower.noteWritten(doc) };
    // Heartbeats are answered at once and stored with everyone else's at the next flush.
    const absorb = (docs: readonly unknown[]): Promise<BulkRow[]> => {
      const { rows, toStore } = decideHeartbeats(docs, writeCtx);
      services.heartbeatBatches.absorb(toStore);
      return Promise.resolve(rows);
    };
    // A unit reports heartbeats from a bounded number of devices.
    const rows = name === 'heartbeats' ? await services.heartbeatDevices.write(actor.unitId, request.body.docs, absorb) : await writeBatch(name, ctx.db, request.body.docs, writeCtx);
    // An accepted heartbeat: the unit was heard from this hour (station availability), recorded
    // with the other units' at the next flush. A failure to record it costs one hour's figure at
    // most, never the heartbeat.
    if (name === 'heartbeats' && rows.some((row) => 'ok' in row)) services.presence.heard(actor.unitId);
    // One line per refused row: its code and place in the batch, never the document.
    rows.forEach((row, index) => {
      if (!('code' in row)) return;
      request.log.warn({ event: 'write_refused', collection: name, code: row.code, row: index, unitId: actor.unitId, worker: actor.workerId }, 'document refused');
      app.metrics.writesRefused.inc({ collection: name, code: row.code });
    });
    return reply.status(201).send(rows);
  });
}

async function positionOf(since: string | undefined, ctx: ReaderContext): Promise<SeqPosition> {
  if (since === undefined || since === '0') return startPosition(ctx);
  if (since === 'now') return nowPosition(ctx);
  const decoded = decodeSeq(since, ctx.scope);
  if (decoded === undefined) throw new GatewayError('ERR_BAD_REQUEST', `since=${since.slice(0, 80)} is not a sequence this gateway issued`);
  if (decoded.kind === 'other-collection') throw new GatewayError('ERR_BAD_REQUEST', `since belongs to the ${decoded.collection.slice(0, 32)} collection, not ${ctx.scope.collection}`);
  // Issued by another hub (or before tokens named theirs): its position means nothing here, so
  // the station's sync starts over, which the idempotent merge makes safe.
  if (decoded.kind === 'other-hub') return startPosition(ctx);
  return decoded.position;
}

function heartbeatOf(value: number | boolean | undefined): number | null {
  if (value === undefined || value === false) return null;
  return value === true ? 60_000 : value;
}
