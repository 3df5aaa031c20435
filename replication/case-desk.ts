import { materializeCase } from '../schemas/rules/case-doc.ts';
import { newCaseId, newCaseNumber, newEventId, newQueryCode, type RandomBytes } from '../schemas/rules/case-ids.ts';
import { routeAfterAcceptance, type AcceptanceRouting } from '../schemas/rules/acceptance-routing.ts';
import type { FollowStepType } from '../schemas/rules/case-step.ts';
import { authorizeCaseWrite } from '../schemas/rules/case-write.ts';
import { foldCase } from '../schemas/rules/fold.ts';
import { formatHlc, isHlc, parseHlc, receiveHlc, tickHlc, type HlcState } from '../schemas/rules/hlc.ts';
import { RULE_ERRORS, type RuleErrorCode } from '../schemas/rules/rule-errors.ts';
import { unitTreeOf } from '../schemas/rules/unit-tree.ts';
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

/** A new case as stored, and what was done with it in the same write. */
export interface AcceptedCase {
  readonly doc: CaseDoc;
  readonly routing: AcceptanceRouting;
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

  /** 受理 alone: the case stays with this unit until a step moves it. */
  async acceptCase(input: AcceptCaseInput): Promise<CaseDoc> {
    const { id, accept } = await this.newAcceptance(input);
    return this.insertChecked(id, [accept]);
  }

  /**
   * 受理 as the console does it: in the same write, what follows at once (`routeAfterAcceptance`):
   * an instant item decided here is concluded, one decided elsewhere is forwarded towards its
   * deciding tier. One write, so the station never holds a case accepted but not yet routed.
   */
  async acceptAndRoute(input: AcceptCaseInput): Promise<AcceptedCase> {
    const { id, accept } = await this.newAcceptance(input);
    const accepted = foldCase([accept]);
    if (accepted === null || this.network === null) throw new Error(`case ${id} could not be folded from its acceptance`);
    const routing = routeAfterAcceptance(accepted, this.opts.actor, this.network.tree);
    const events = [accept];
    if (routing.kind === 'concluded') events.push(await this.newEvent('approve', {}, accept.hlc));
    if (routing.kind === 'forwarded') events.push(await this.newEvent('forward', { toUnitId: routing.toUnitId }, accept.hlc));
    return { doc: await this.insertChecked(id, events), routing };
  }

  private async newAcceptance(input: AcceptCaseInput): Promise<{ id: string; accept: CaseEvent }> {
    const nowMs = this.now();
    const { item } = input;
    const accept = await this.newEvent('accept', {
      caseNumber: newCaseNumber(nowMs, this.random),
      queryCode: newQueryCode(this.random),
      item: { code: item.code, kind: item.kind, decisionTier: item.decisionTier, promisedDays: item.promisedDays, legalDays: item.legalDays },
      applicant: input.applicant,
      ...(input.provided ? { provided: [...input.provided] } : {}),
      ...(input.greenChannel === undefined ? {} : { greenChannel: input.greenChannel }),
      ...(input.note === undefined ? {} : { note: input.note }),
    }, null);
    return { id: newCaseId(this.opts.actor.unitId, nowMs, this.random), accept };
  }

  private async insertChecked(id: string, events: CaseEvent[]): Promise<CaseDoc> {
    const doc = this.checkedSync(id, events, null);
    await this.opts.db.cases.insert(doc);
    return doc;
  }

  /** Appends one step to a case, on top of whatever the local replica holds right now. */
  async record(caseId: string, type: FollowStepType, data: StepData = {}): Promise<CaseDoc> {
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

  /**
   * Appends one step to a case read from the server rather than copied here (the city's network
   * lists and search): the case and the step are stored together, so the device never keeps a copy
   * it did not act on, and from then on sync keeps the copy current (its unit now works on it). A
   * case already copied here takes the step on top of the local copy, as `record` does.
   */
  async recordOnRead(read: CaseDoc, type: FollowStepType, data: StepData = {}): Promise<CaseDoc> {
    if ((await this.opts.db.cases.findOne(read.id).exec()) !== null) return this.record(read.id, type, data);
    const event = await this.newEvent(type, data, read.lastHlc);
    const doc = this.checkedSync(read.id, [...read.events, event], read);
    try {
      await this.opts.db.cases.insert(doc);
    } catch (err) {
      // Copied meanwhile (another tab, or sync): the step goes on top of that copy instead.
      if ((await this.opts.db.cases.findOne(read.id).exec()) === null) throw err;
      return this.record(read.id, type, data);
    }
    return doc;
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

  /** Same verdict as the gateway's, judged at this device's best idea of hub time; receipts stay the hub's to give. */
  private checkedSync(id: string, events: CaseEvent[], existing: CaseDoc | null): CaseDoc {
    if (this.network === null) throw new Error('network not loaded');
    const verdict = authorizeCaseWrite({ id, events }, existing, { ...this.network, nowMs: this.now() });
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
      ...(actor.workerName === undefined ? {} : { workerName: actor.workerName }),
      deviceId,
      deviceTime: new Date(nowMs).toISOString(),
      hlc: formatHlc(clock),
      data,
    };
  }

  /** The saved clock, or a fresh one when none is saved or it cannot be read: a bad save never stops the desk. */
  private async loadClock(): Promise<HlcState> {
    const stored = await this.opts.db.getLocal<{ stamp: string }>(HLC_LOCAL_ID);
    const stamp = stored?.get('stamp');
    const fresh: HlcState = { wallMs: 0, counter: 0, node: this.opts.deviceId };
    return typeof stamp === 'string' && isHlc(stamp) ? { ...parseHlc(stamp), node: this.opts.deviceId } : fresh;
  }
}
