import { randomBytes } from 'node:crypto';
import type { AuditRecord, Actor } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import { storedAs } from '../hub/hub-doc.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';

/** The hub view of audit records by id, which starts with the time: newest first when read descending. */
const BY_TIME = { ddoc: 'liandong', view: 'by_time' } as const;

/** What a change is, as the administration asks for it. */
export interface AuditEntry {
  readonly action: AuditRecord['action'];
  readonly target: AuditRecord['target'];
  readonly before: Readonly<Record<string, unknown>> | null;
  readonly after: Readonly<Record<string, unknown>> | null;
  readonly note?: string;
}

/** What applying a change gave, and anything the record should say that was known only then. */
export interface Applied<T> {
  readonly result: T;
  readonly after?: Readonly<Record<string, unknown>> | null;
  readonly effects?: NonNullable<AuditRecord['effects']>;
}

export interface ChangePage {
  readonly records: AuditRecord[];
  /** Pass as `before` for the next (older) page; null when there is none. */
  readonly next: string | null;
}

/** Anything may be in a failure's message; the record keeps a bounded amount of it. */
function failureOf(err: unknown): string {
  const text = err instanceof GatewayError ? `${err.code}${err.detail === undefined ? '' : `: ${err.detail}`}` : err instanceof Error ? err.message : String(err);
  return text.slice(0, 500);
}

/**
 * The record of every change the city's administration makes (who, when, what), in a hub
 * database stations never see. `run` records the change as `pending` before making it and marks it
 * `applied` (or `failed`) after: a change is never made unrecorded, and a record still `pending`
 * says a change was attempted whose outcome the gateway could not confirm.
 */
export class AuditLog {
  constructor(
    private readonly db: HubDatabasePort,
    private readonly now: () => number,
  ) {}

  async run<T>(by: Actor, entry: AuditEntry, apply: () => Promise<Applied<T>>): Promise<T> {
    const at = this.now();
    const record: AuditRecord = {
      id: `a${String(at).padStart(13, '0')}-${randomBytes(4).toString('hex')}`,
      at,
      by: { username: by.workerId, workerName: by.workerName ?? '', unitId: by.unitId, role: by.role },
      action: entry.action,
      target: entry.target,
      before: entry.before,
      after: entry.after,
      ...(entry.note === undefined ? {} : { note: entry.note.slice(0, 500) }),
      outcome: 'pending',
    };
    if (!validators.auditRecord(record)) throw new GatewayError('ERR_INTERNAL', 'an audit record does not fit its schema');
    const [written] = await this.db.bulkWrite([{ ...record, _id: record.id }]);
    if (written?.rev === undefined) throw new GatewayError('ERR_HUB_UNAVAILABLE', `the change record was not stored: ${written?.error ?? 'no answer'}`);
    let applied: Applied<T>;
    try {
      applied = await apply();
    } catch (err) {
      await this.settle(record, written.rev, { outcome: 'failed', failure: failureOf(err) });
      throw err;
    }
    await this.settle(record, written.rev, {
      outcome: 'applied',
      ...(applied.after === undefined ? {} : { after: applied.after }),
      ...(applied.effects === undefined ? {} : { effects: applied.effects }),
    });
    return applied.result;
  }

  /** Newest first, `limit` at most, older than the record `before` when given. */
  async list(before: string | null, limit: number): Promise<ChangePage> {
    const docs = await this.db.viewDocs(BY_TIME.ddoc, BY_TIME.view, { descending: true, limit: limit + 2, ...(before === null ? {} : { startkey: before }) });
    const older = docs.flatMap((doc) => storedAs(doc, validators.auditRecord)).filter((r) => before === null || r.id < before);
    const records = older.slice(0, limit);
    return { records, next: older.length > limit ? (records.at(-1)?.id ?? null) : null };
  }

  /** The outcome, written once; if even that fails the record stays `pending`, which says as much. */
  private async settle(record: AuditRecord, rev: string, change: Partial<AuditRecord>): Promise<void> {
    await this.db.bulkWrite([{ ...record, ...change, _id: record.id, _rev: rev }]).catch(() => undefined);
  }
}
