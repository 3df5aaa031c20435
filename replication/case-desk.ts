import { materializeCase } from '../schemas/rules/case-doc.ts';
import { newCaseId, newCaseNumber, newEventId, newQueryCode, type RandomBytes } from '../schemas/rules/case-ids.ts';
import { authorizeCaseWrite } from '../schemas/rules/case-write.ts';
import { formatHlc, parseHlc, receiveHlc, tickHlc, type HlcState } from '../schemas/rules/hlc.ts';
import { RULE_ERRORS, type RuleErrorCode } from '../schemas/rules/rule-errors.ts';
import { unitTreeOf } from '../schemas/rules/visibility.ts';
import type { Actor, CaseDoc, CaseEvent, CaseEventType, ServiceItem } from '../schemas/types.ts';
import type { StationDatabase } from './station-database.ts';

/** A step the rules refuse, refused here on the device already, with the same words the gateway uses. */
export class CaseRuleError extends Error {
  readonly reasonZh: string;
  constructor(
    readonly code: RuleErrorCode,
    readonly detail: string,
  ) {
    super(RULE_ERRORS[code].en);
    this.reasonZh = RULE_ERRORS[code].zh;
  }
}

export interface AcceptCaseInput {
  readonly item: ServiceItem;
  readonly applicant: NonNullable<CaseEvent['data']['applicant']>;
  readonly provided?: readonly string[];
  readonly greenChannel?: boolean;
  readonly note?: string;
}

export type StepData = Omit<CaseEvent['data'], 'caseNumber' | 'queryCode' | 'item' | 'applicant'>;

export interface CaseDeskOptions {
  readonly db: StationDatabase;
  readonly actor: Actor;
  readonly deviceId: string;
  readonly now?: () => number;
  readonly random?: RandomBytes;
}

const HLC_LOCAL_ID = 'device-hlc';

/**
 * The use cases of a unit's desk (accept a case, record a step), working on the local database
 * only: they work the same with no link. Each step is checked by the same pure rules the gateway
 * applies, so a worker hears "no" at once rather than after the next sync.
 */
export class CaseDesk {
  private readonly now: () => number;
  private readonly random: RandomBytes;
  private clock: HlcState | null = null;

  constructor(private readonly opts: CaseDeskOptions) {
    this.now = opts.now ?? Date.now;
    this.random = opts.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n)));
  }

  async acceptCase(input: AcceptCaseInput): Promise<CaseDoc> {
    const nowMs = this.now();
    const { item } = input;
    const event = await this.newEvent('accept', {
      caseNumber: newCaseNumber(nowMs, this.random),
      queryCode: newQueryCode(this.random),
      item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
      applicant: input.applicant,
      ...(input.provided ? { provided: [...input.provided] } : {}),
      ...(input.greenChannel === undefined ? {} : { greenChannel: input.greenChannel }),
      ...(input.note === undefined ? {} : { note: input.note }),
    }, null);
    const id = newCaseId(this.opts.actor.unitId, nowMs, this.random);
    const doc = await this.checked(id, [event], null);
    await this.opts.db.cases.insert(doc);
    return doc;
  }

  /** Appends one step to a case, on top of whatever the local replica holds right now. */
  async record(caseId: string, type: Exclude<CaseEventType, 'accept'>, data: StepData = {}): Promise<CaseDoc> {
    const current = await this.opts.db.cases.findOne(caseId).exec();
    if (current === null) throw new CaseRuleError('ERR_CASE_NOT_VISIBLE', `no case ${caseId} on this device`);
    const event = await this.newEvent(type, data, current.lastHlc);
    let written: CaseDoc | null = null;
    let refusal: unknown = null;
    await current.incrementalModify((latest) => {
      try {
        written = this.checkedSync(caseId, [...latest.events, event], latest);
        return written;
      } catch (err) {
        refusal = err;
        return latest;
      }
    });
    if (refusal !== null) throw refusal;
    if (written === null) throw new Error(`case ${caseId} was not written`);
    return written;
  }

  private async checked(id: string, events: CaseEvent[], existing: CaseDoc | null): Promise<CaseDoc> {
    await this.loadNetwork();
    return this.checkedSync(id, events, existing);
  }

  private network: Parameters<typeof authorizeCaseWrite>[2] | null = null;

  private async loadNetwork(): Promise<void> {
    const [units, items] = await Promise.all([this.opts.db.units.find().exec(), this.opts.db.catalog.find().exec()]);
    this.network = {
      actor: this.opts.actor,
      tree: unitTreeOf(units.map((u) => u.toJSON())),
      catalog: new Map(items.map((i) => [i.code, { code: i.code, acceptTiers: [...i.acceptTiers], decisionTier: i.decisionTier, kind: i.kind }])),
      nowMs: 0,
    };
  }

  /** Same verdict as the gateway's; receipts stay the hub's to give. */
  private checkedSync(id: string, events: CaseEvent[], existing: CaseDoc | null): CaseDoc {
    if (this.network === null) throw new Error('network not loaded');
    const verdict = authorizeCaseWrite({ id, events }, existing, this.network);
    if (!verdict.ok) throw new CaseRuleError(verdict.code, verdict.detail);
    const doc = materializeCase(id, verdict.doc.events, existing?.receipts ?? [], verdict.doc.visibleTo);
    if (doc === null) throw new CaseRuleError('ERR_CASE_NOT_ACCEPTED', `case ${id} has no accept event`);
    return doc;
  }

  private async newEvent(type: CaseEventType, data: CaseEvent['data'], seenHlc: string | null): Promise<CaseEvent> {
    await this.loadNetwork();
    const nowMs = this.now();
    let clock = this.clock ?? (await this.loadClock());
    // Stamp after everything this case already holds, so the new step folds after what the worker saw.
    clock = seenHlc === null ? tickHlc(clock, nowMs) : receiveHlc(clock, seenHlc, nowMs);
    this.clock = clock;
    await this.opts.db.upsertLocal(HLC_LOCAL_ID, { stamp: formatHlc(clock) });
    const { actor, deviceId } = this.opts;
    return {
      id: newEventId(this.random),
      type,
      unitId: actor.unitId,
      workerId: actor.workerId,
      deviceId,
      deviceTime: new Date(nowMs).toISOString(),
      hlc: formatHlc(clock),
      data,
    };
  }

  private async loadClock(): Promise<HlcState> {
    const stored = await this.opts.db.getLocal<{ stamp: string }>(HLC_LOCAL_ID);
    const stamp = stored?.get('stamp');
    return typeof stamp === 'string' ? parseHlc(stamp) : { wallMs: 0, counter: 0, node: this.opts.deviceId };
  }
}
