import type { Actor, CaseEvent, CaseEventType, CaseStatus, Role } from '../types.ts';
import type { CatalogRules } from './case-write.ts';
import { isOpenRectification, supervisionItem, type CaseState } from './case-state.ts';
import type { RuleRefusal } from './rule-errors.ts';
import type { UnitTree } from './unit-tree.ts';

/** A field of an event's `data` (see caseEventSchema). */
export type StepDataField = keyof CaseEvent['data'];

/**
 * How a step treats one data field. `required` must be there; `nonempty` must be there with at
 * least one entry; `option` must be there, and comes from one of the step's options (the unit a
 * case goes to, the urge a reply answers), not typed by the worker; `offered` may be left out, and
 * the console offers it; `optional` may be left out, and the console does not ask for it. Fields
 * not named are refused.
 */
export type DataNeed = 'required' | 'nonempty' | 'option' | 'offered' | 'optional';

export type StepDataSpec = { readonly [F in StepDataField]?: DataNeed };

/**
 * How the unit taking a step must stand to the case where the step lands: holding it, having
 * accepted it, above its holder (urge, supervise), being the unit an urge or supervision named
 * (a reply), having opened it (closing a supervision), or owing a rectification.
 */
export type StepRelation = 'holder' | 'acceptor' | 'holder-or-acceptor' | 'above-holder' | 'addressee' | 'opener' | 'rectifier';

/** What a step's own write check may look at: never the case's changing state beyond its fixed facts. */
export interface StepWriteCheck {
  readonly event: CaseEvent;
  readonly caseId: string;
  readonly actor: Actor;
  readonly tree: UnitTree;
  /** Where the event says it is: `event <id> (<type>) of case <id>`, for refusal details. */
  readonly where: string;
}

export interface FollowStepWriteCheck extends StepWriteCheck {
  readonly state: CaseState;
}

export interface StartStepWriteCheck extends StepWriteCheck {
  readonly catalog: CatalogRules;
  /** The events already stored for this case id (an accept among them means it exists). */
  readonly history: readonly CaseEvent[];
}

/** How the timeline names a step: a message key, and the unit or rating it mentions. */
export interface StepLabel<Key extends string = string> {
  readonly key: Key;
  readonly unitId?: string;
  readonly rating?: number;
}

/** What every step declares. */
interface StepBase {
  /** Its data fields: what it needs, what it may carry. */
  readonly data: StepDataSpec;
  /** The roles that may record it at all. */
  readonly roles: readonly Role[];
  /** Units that may see the case once this step has taken effect (their ancestors too). */
  readonly opensTo: (event: CaseEvent) => readonly string[];
  /** How the timeline names it. */
  readonly timeline: (event: CaseEvent) => StepLabel;
}

/** The one step that starts a case (受理). */
export interface StartStep extends StepBase {
  /** The case's first state, the acceptance happening at `atMs`. */
  readonly start: (event: CaseEvent, atMs: number) => CaseState;
  /** What the gateway checks when the case is written, besides who wrote it and its data. */
  readonly checkWrite: (check: StartStepWriteCheck) => RuleRefusal | null;
}

/** A step taken on an accepted case. */
export interface FollowStep extends StepBase {
  readonly relation: StepRelation;
  /** The statuses it applies from. */
  readonly from: readonly CaseStatus[];
  /** Any further condition on the state it applies to, and on the step's own data (null: none). */
  readonly guard: ((state: CaseState, event: CaseEvent) => boolean) | null;
  /** The state after it, at `atMs` (the step's time). */
  readonly apply: (state: CaseState, event: CaseEvent, atMs: number) => CaseState;
  /**
   * What the gateway checks when it is written, besides who wrote it and its data: only what no
   * concurrent step can change. Every step says what that is, `foldDecides` included.
   */
  readonly checkWrite: (check: FollowStepWriteCheck) => RuleRefusal | null;
  /**
   * The data its `option` fields may take for this actor now, sensible first: the units a case
   * goes to, the urges a unit may answer (null: the step has no such field, one plain option).
   */
  readonly options: ((state: CaseState, actor: Actor, tree: UnitTree) => readonly CaseEvent['data'][]) | null;
  /** It cannot be undone: the console asks the worker to confirm. */
  readonly confirm: boolean;
  /**
   * How many times one unit may take it on one case (null: the case's state bounds it). Steps a
   * unit can repeat without the holder (urges) are bounded, so nobody can fill a case's history.
   */
  readonly limitPerUnit: number | null;
}

export type FollowStepType = Exclude<CaseEventType, 'accept'>;

/** Every step has its entry; a step without one does not compile. */
export type CaseStepRegistry = { readonly accept: StartStep } & { readonly [K in FollowStepType]: FollowStep };

/**
 * The write check of a step with no condition that holds regardless of the case's state: who may
 * take it and its data are checked for every step, and whether it fits the case where it lands is
 * the fold's question (a concurrent step may have moved the case on).
 */
export function foldDecides(): null {
  return null;
}

/**
 * Whether the unit taking `event` stands to the case as `relation` says. Whether one unit is above
 * another needs the unit tree, which the fold does not have: the caller says how to tell (the
 * gateway checks it against the tree when the step is written).
 */
export function standsInRelation(relation: StepRelation, state: CaseState, event: Pick<CaseEvent, 'unitId' | 'data'>, isAbove: (unitId: string, belowUnitId: string) => boolean): boolean {
  const unitId = event.unitId;
  switch (relation) {
    case 'holder':
      return unitId === state.holderUnitId;
    case 'acceptor':
      return unitId === state.acceptedUnitId;
    case 'holder-or-acceptor':
      return unitId === state.holderUnitId || unitId === state.acceptedUnitId;
    case 'above-holder':
      return isAbove(unitId, state.holderUnitId);
    case 'addressee':
      return supervisionItem(state, event.data.replyTo)?.addressedTo === unitId;
    case 'opener':
      return supervisionItem(state, event.data.replyTo)?.openedBy === unitId;
    case 'rectifier':
      return isOpenRectification(state.rectification) && state.rectification.unitId === unitId;
  }
}
