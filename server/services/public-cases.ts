import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PublicCaseAnswer } from '../../schemas/api/public-case.schema.ts';
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import { workCalendarOf } from '../../schemas/rules/calendar.ts';
import { newEventId } from '../../schemas/rules/case-ids.ts';
import type { CaseState } from '../../schemas/rules/case-state.ts';
import { foldCase } from '../../schemas/rules/fold.ts';
import { formatHlc } from '../../schemas/rules/hlc.ts';
import { citizenMayRate, PUBLIC_PAGE_DEVICE_ID, publicCaseView, publicRatingActor } from '../../schemas/rules/public-case.ts';
import type { CaseDoc, CaseEvent, Unit } from '../../schemas/types.ts';
import { validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import type { GatewayServices } from '../gateway-services.ts';
import { storedAs } from '../hub/hub-doc.ts';
import { caseIdOfNumber } from '../sync/case-number-claims.ts';
import { writeBatch } from '../sync/bulk-writer.ts';
import { FailureThrottle } from './failure-throttle.ts';

/** How the citizen's page holds against guessing (all per gateway process). */
export interface PublicPageLimits {
  /** Look-ups (and ratings) from one network address per window: beyond, 429. */
  readonly perAddress: number;
  readonly perAddressWindowMs: number;
  /** Look-ups of one case number per window, whatever the address: beyond, 429, known number or not. */
  readonly perNumber: number;
  readonly perNumberWindowMs: number;
  /** A refusal never leaves sooner than this after its request came: a wrong code and an unknown number take as long. */
  readonly minRefusalMs: number;
}

export const DEFAULT_PUBLIC_PAGE_LIMITS: PublicPageLimits = {
  perAddress: 30,
  perAddressWindowMs: 60_000,
  perNumber: 10,
  perNumberWindowMs: 10 * 60_000,
  minRefusalMs: 60,
};

/** The workerName a public rating carries in the case's history. */
const PUBLIC_PAGE_WORKER_NAME = '群众（公开查询页）';

const NUMBER_FORM = /^[A-Z0-9-]{6,40}$/;
const CODE_FORM = /^[0-9]{6}$/;

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

interface FoundCase {
  readonly doc: CaseDoc;
  readonly state: CaseState;
}

/**
 * The citizen's own page: a case found by its number and query code, shown without anything that
 * names a worker, and rated once. Whatever is wrong (no such number, a wrong code, a malformed
 * one), the answer is one and the same refusal, after the same work (a claim read, a case read)
 * and no sooner than `minRefusalMs`.
 */
export class PublicCaseService {
  private readonly numbers: FailureThrottle;

  constructor(
    private readonly services: GatewayServices,
    private readonly limits: PublicPageLimits,
    private readonly caseTime: { readonly maxClockAheadMs?: number; readonly offlineWindowMs?: number },
  ) {
    this.numbers = new FailureThrottle(limits.perNumber, limits.perNumberWindowMs, 10_000);
  }

  async view(caseNumber: string, code: string): Promise<PublicCaseAnswer> {
    const found = await this.find(caseNumber, code);
    return this.present(found);
  }

  /**
   * The citizen's rating, once: written as the rate step of the accepting unit, by the citizen,
   * through the same write rules as a station's (`writeBatch`). A second rating, or one that lost
   * to another given at the same moment, is refused.
   */
  async rate(caseNumber: string, code: string, rating: number, note: string | undefined): Promise<PublicCaseAnswer> {
    const found = await this.find(caseNumber, code);
    if (!citizenMayRate(found.state)) throw new GatewayError(found.state.rating === null ? 'ERR_PUBLIC_NOT_RATABLE' : 'ERR_ALREADY_RATED');
    const { tree, catalog } = await this.services.network.current();
    const unit = tree.get(found.state.acceptedUnitId);
    if (unit === undefined) throw new GatewayError('ERR_INTERNAL', `case ${found.doc.id}: its accepting unit ${found.state.acceptedUnitId} is not in the network`);
    const actor = { ...publicRatingActor(unit), workerName: PUBLIC_PAGE_WORKER_NAME };
    const nowMs = this.services.now();
    const trimmed = note?.trim() ?? '';
    const event: CaseEvent = {
      id: newEventId((n) => new Uint8Array(randomBytes(n))),
      type: 'rate',
      unitId: actor.unitId,
      workerId: actor.workerId,
      workerName: PUBLIC_PAGE_WORKER_NAME,
      deviceId: PUBLIC_PAGE_DEVICE_ID,
      deviceTime: new Date(nowMs).toISOString(),
      hlc: formatHlc({ wallMs: nowMs, counter: 0, node: PUBLIC_PAGE_DEVICE_ID }),
      data: { rating, via: 'public_page', ...(trimmed === '' ? {} : { note: trimmed }) },
    };
    const cases = this.services.databases.cases;
    const [row] = await writeBatch('cases', cases, [{ ...asCouchDoc('cases', found.doc), events: [...found.doc.events, event] }], {
      hub: this.services.hub,
      caseTime: this.caseTime,
      actor,
      tree,
      catalog,
      now: this.services.now,
      written: (doc) => this.services.followers.cases.noteWritten(doc),
    });
    if (row === undefined || !('ok' in row)) throw new GatewayError('ERR_INTERNAL', `the public rating of case ${found.doc.id} was refused: ${row !== undefined && 'code' in row ? `${row.code} ${row.detail ?? ''}` : 'no answer'}`);
    const stored = storedAs(await cases.get(found.doc.id), validators.case)[0];
    const state = stored === undefined ? null : foldCase(stored.events, stored.receipts);
    if (stored === undefined || state === null) throw new GatewayError('ERR_HUB_UNAVAILABLE', `case ${found.doc.id} could not be read back`);
    // Two ratings at once both pass the check above; the fold keeps the one the hub took first.
    if (state.conflicts.some((c) => c.eventId === event.id)) throw new GatewayError('ERR_ALREADY_RATED');
    return this.present({ doc: stored, state });
  }

  /** The case this number and code open, or the one refusal. Counts the look-up against the number first. */
  private async find(caseNumber: string, code: string): Promise<FoundCase> {
    const started = performance.now();
    const number = caseNumber.trim().toUpperCase();
    if (!this.numbers.admit(number, this.services.now())) throw new GatewayError('ERR_PUBLIC_RATE_LIMITED', 'too many look-ups of one case number');
    const found = NUMBER_FORM.test(number) ? await this.lookUp(number, code) : null;
    if (found !== null) {
      this.numbers.clear(number);
      return found;
    }
    const wait = this.limits.minRefusalMs - (performance.now() - started);
    if (wait > 0) await sleep(wait);
    throw new GatewayError('ERR_PUBLIC_CASE_NOT_FOUND');
  }

  /** Two hub reads whatever the number: its claim, then its case (or an id no case has). */
  private async lookUp(number: string, code: string): Promise<FoundCase | null> {
    const caseId = await caseIdOfNumber(this.services.databases.caseNumbers, number);
    const raw = await this.services.databases.cases.get(caseId ?? `c_no-such-case_${number}`);
    const doc = storedAs(raw, validators.case)[0] ?? null;
    const accept = doc?.events.find((e) => e.type === 'accept');
    const expected = accept?.data.queryCode ?? '';
    // Compared as digests, in constant time, whether or not there was anything to compare with.
    const matches = timingSafeEqual(digest(CODE_FORM.test(code) ? code : ''), digest(expected)) && expected !== '';
    if (doc === null || !matches || doc.caseNumber !== number) return null;
    const state = foldCase(doc.events, doc.receipts);
    return state === null ? null : { doc, state };
  }

  private async present(found: FoundCase): Promise<PublicCaseAnswer> {
    // Only the units this case names, not the network: a look-up costs the same in a city of 2,000 units.
    const unitIds = new Set([found.state.acceptedUnitId, found.state.holderUnitId, ...found.doc.events.flatMap((e) => [e.unitId, ...(e.data.toUnitId === undefined ? [] : [e.data.toUnitId])])]);
    const [units, years, itemDoc] = await Promise.all([
      this.services.databases.units.fetchByIds([...unitIds]).then((docs) => [...docs.values()].flatMap((d) => storedAs(d, validators.unit))),
      this.services.databases.calendars.allDocs().then((docs) => docs.flatMap((d) => storedAs(d, validators.calendarYear))),
      this.services.databases.catalog.get(found.state.itemCode),
    ]);
    const byId = new Map<string, Unit>(units.map((u) => [u.id, u]));
    const item = storedAs(itemDoc, validators.serviceItem)[0] ?? null;
    return publicCaseView({
      doc: found.doc,
      state: found.state,
      item,
      unitName: (unitId) => byId.get(unitId)?.name ?? { zh: unitId, en: unitId },
      calendar: workCalendarOf(byId.get(found.state.acceptedUnitId)?.calendarId ?? '', years),
      nowMs: this.services.now(),
    });
  }
}
