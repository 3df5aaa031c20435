import type { Tier, Unit } from '../types.ts';
import { problem, textProblem, type AdminProblem } from './admin-problems.ts';
import { CASE_STATUS_GROUPS } from './case-status.ts';

/** A unit as the administrator adds it. */
export type NewUnit = Omit<Unit, 'closed'>;

const UNIT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The tier a new unit's parent has, and the problem when it has not. */
const PARENT: Readonly<Record<Tier, { readonly tier: Tier; readonly problem: 'street_under_city' | 'station_under_street' } | null>> = {
  city: null,
  street: { tier: 'city', problem: 'street_under_city' },
  community: { tier: 'street', problem: 'station_under_street' },
};

export function isClosed(unit: Pick<Unit, 'closed'>): boolean {
  return unit.closed !== undefined;
}

/**
 * What is wrong with a unit the administrator wants to add; empty when nothing is. The tree stays
 * city → street halls → community stations (层级清晰), and nothing new goes under a closed unit.
 * `calendarIds`: the working-day calendars the network has.
 */
export function newUnitProblems(unit: NewUnit, units: readonly Unit[], calendarIds: readonly string[]): AdminProblem[] {
  const problems: AdminProblem[] = [];
  const add = (found: AdminProblem | null): void => {
    if (found !== null) problems.push(found);
  };
  if (!UNIT_ID.test(unit.id)) add(problem('id', 'unit_id_form'));
  else if (units.some((u) => u.id === unit.id)) add(problem('id', 'unit_id_taken', { id: unit.id }));
  add(textProblem('name.zh', unit.name.zh, 100));
  add(textProblem('name.en', unit.name.en, 200));
  if (unit.address !== undefined && unit.address.length > 200) add(problem('address', 'too_long', { max: 200 }));
  if (unit.phone !== undefined && unit.phone.length > 32) add(problem('phone', 'too_long', { max: 32 }));
  if (!calendarIds.includes(unit.calendarId)) add(problem('calendarId', 'calendar_unknown', { id: unit.calendarId, known: calendarIds.join(', ') }));

  const needed = PARENT[unit.tier];
  if (needed === null) {
    add(problem('tier', 'city_exists'));
    return problems;
  }
  const parent = units.find((u) => u.id === unit.parentId);
  if (parent === undefined || parent.tier !== needed.tier) add(problem('parentId', needed.problem));
  else if (isClosed(parent)) add(problem('parentId', 'parent_closed', { id: parent.id }));
  return problems;
}

/**
 * What a unit still has to do something about, from the hub's `open_work` view: cases it holds and
 * cases it accepted that are not closed (the citizen comes back to the accepting unit for the
 * result, to withdraw and to rate), rectifications it owes, supervision it opened, replies it owes.
 */
export interface UnitOpenWork {
  readonly held: number;
  readonly accepted: number;
  readonly rectifications: number;
  readonly supervisions: number;
  readonly repliesOwed: number;
}

/** One row of the hub's `open_work` view, grouped: `[unitId, relation, status]` and a count. */
export interface OpenWorkRow {
  readonly unitId: string;
  readonly relation: string;
  readonly status: string;
  readonly count: number;
}

const UNCLOSED: readonly string[] = CASE_STATUS_GROUPS.unclosed;
const isUnclosed = (status: string): boolean => UNCLOSED.includes(status);

/** A unit's open work from the view's rows (any status the view emits; only unclosed cases count as held or accepted). */
export function openWorkOf(unitId: string, rows: readonly OpenWorkRow[]): UnitOpenWork {
  const count = (relation: string, statusCounts: (status: string) => boolean): number =>
    rows.filter((r) => r.unitId === unitId && r.relation === relation && statusCounts(r.status)).reduce((n, r) => n + r.count, 0);
  return {
    held: count('holder', isUnclosed),
    accepted: count('acceptor', isUnclosed),
    rectifications: count('rectification', () => true),
    supervisions: count('supervision', () => true),
    repliesOwed: count('reply', () => true),
  };
}

/** What one device of the unit last reported: changes it still had to upload. */
export interface DeviceBacklog {
  readonly deviceId: string;
  readonly pendingOutbound: number;
}

export interface UnitClosure {
  readonly unitId: string;
  /** Why the unit closes (撤并, 搬迁 ...): kept on the unit and in the change record. */
  readonly note: string;
  /** The administrator has seen that devices of the unit hold unsynced changes, and gives them up. */
  readonly abandonUnsynced: boolean;
}

/**
 * What stops a unit from closing; empty when it may close. A closed unit can never act again, so
 * it closes only when nothing waits on it: no open unit under it, no case it holds or accepted
 * still unclosed, no rectification, supervision or reply it owes, and no device of it holding
 * changes not yet uploaded (unless the administrator gives those up knowingly).
 */
export function unitClosureProblems(closure: UnitClosure, units: readonly Unit[], work: UnitOpenWork, devices: readonly DeviceBacklog[]): AdminProblem[] {
  const unit = units.find((u) => u.id === closure.unitId);
  if (unit === undefined) return [problem('unitId', 'unit_missing', { id: closure.unitId })];
  if (isClosed(unit)) return [problem('unitId', 'unit_closed_already', { id: unit.id })];
  if (unit.parentId === null) return [problem('unitId', 'city_not_closable')];
  const problems: AdminProblem[] = [];
  const note = textProblem('note', closure.note, 200);
  if (note !== null) problems.push(note);
  const openChildren = units.filter((u) => u.parentId === unit.id && !isClosed(u)).length;
  if (openChildren > 0) problems.push(problem('unitId', 'open_children', { count: openChildren }));
  if (work.held > 0) problems.push(problem('unitId', 'holds_cases', { count: work.held }));
  if (work.accepted > 0) problems.push(problem('unitId', 'accepted_cases', { count: work.accepted }));
  if (work.rectifications > 0) problems.push(problem('unitId', 'open_rectifications', { count: work.rectifications }));
  if (work.supervisions > 0) problems.push(problem('unitId', 'open_supervisions', { count: work.supervisions }));
  if (work.repliesOwed > 0) problems.push(problem('unitId', 'replies_owed', { count: work.repliesOwed }));
  const unsynced = devices.reduce((n, d) => n + d.pendingOutbound, 0);
  if (unsynced > 0 && !closure.abandonUnsynced) problems.push(problem('abandonUnsynced', 'unsynced_devices', { count: unsynced }));
  return problems;
}

/** The unit as closed at `nowMs`. */
export function closedUnit(unit: Unit, note: string, nowMs: number): Unit {
  return { ...unit, closed: { at: nowMs, note: note.trim() } };
}
