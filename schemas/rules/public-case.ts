import { PUBLIC_STEPS, type PublicCaseAnswer, type PublicStep } from '../api/public-case.schema.ts';
import type { Actor, CaseDoc, CaseEvent, Role, ServiceItem, Tier, Unit } from '../types.ts';
import { dateOfDayNumber, localDayNumber, type WorkCalendar } from './calendar.ts';
import type { CaseState } from './case-state.ts';
import { inStatusGroup } from './case-status.ts';
import { CASE_STEPS } from './case-steps.ts';
import { caseDeadline } from './deadline.ts';
import { DEFAULT_OFFLINE_WINDOW_MS, receiptTimes, stepTimeMs } from './event-order.ts';
import { maskApplicant } from './personal-data.ts';

/**
 * The citizen's own page (政务公开: the basis, process and result are open to the one concerned):
 * what a case shows to whoever holds its number and query code. Pure; names of units and items
 * come in as data.
 */

type Name = Unit['name'];

/** The notes a unit writes to the citizen: a refusal's reason, what to bring, why the clock stopped. */
const STEPS_WITH_PUBLIC_NOTES: ReadonlySet<PublicStep> = new Set(['request_supplement', 'suspend', 'approve', 'refuse', 'withdraw']);

function isPublicStep(type: CaseEvent['type']): type is PublicStep {
  return (PUBLIC_STEPS as readonly string[]).includes(type);
}

export interface PublicCaseInput {
  readonly doc: CaseDoc;
  readonly state: CaseState;
  /** The catalog's item (null when the catalog no longer has it: its code stands for its name). */
  readonly item: Pick<ServiceItem, 'code' | 'name' | 'materials'> | null;
  readonly unitName: (unitId: string) => Name;
  /** The accepting unit's calendar: the case's limit counts in it. */
  readonly calendar: WorkCalendar;
  readonly nowMs: number;
}

/** Whether the citizen may rate the case now: the rate step's own statuses and guard, from the registry. */
export function citizenMayRate(state: CaseState): boolean {
  const rate = CASE_STEPS.rate;
  return rate.from.includes(state.status) && rate.guard(state);
}

export function publicCaseView(input: PublicCaseInput): PublicCaseAnswer {
  const { doc, state, item, unitName, calendar, nowMs } = input;
  const lost = new Set(state.conflicts.map((c) => c.eventId));
  const received = receiptTimes(doc.receipts);
  const accept = doc.events.find((e) => e.type === 'accept' && !lost.has(e.id));
  const applicant = accept?.data.applicant ?? { name: '', idNumber: '', phone: '' };
  const timeline: PublicCaseAnswer['timeline'] = [];
  for (const event of doc.events) {
    if (lost.has(event.id) || !isPublicStep(event.type)) continue;
    const toUnitId = event.type === 'forward' ? event.data.toUnitId : undefined;
    const note = STEPS_WITH_PUBLIC_NOTES.has(event.type) ? event.data.note : undefined;
    timeline.push({
      step: event.type,
      at: new Date(stepTimeMs(event, received, DEFAULT_OFFLINE_WINDOW_MS)).toISOString(),
      unit: unitName(event.unitId),
      ...(toUnitId === undefined ? {} : { toUnit: unitName(toUnitId) }),
      ...(event.type === 'rate' && event.data.rating !== undefined ? { rating: event.data.rating } : {}),
      ...(event.type === 'pickup' ? { doorToDoor: event.data.deliveryMode === 'door_to_door' } : {}),
      ...(note === undefined || note === '' ? {} : { note }),
    });
  }
  const underWay = inStatusGroup(state.status, 'underWay');
  const materials = new Map((item?.materials ?? []).map((m) => [m.id, m.name]));
  return {
    caseNumber: state.caseNumber,
    item: { code: state.itemCode, name: item?.name ?? { zh: state.itemCode, en: state.itemCode } },
    status: state.status,
    acceptedAt: new Date(state.acceptedAtMs).toISOString(),
    acceptedBy: unitName(state.acceptedUnitId),
    heldBy: unitName(state.holderUnitId),
    dueDate: underWay ? dateOfDayNumber(localDayNumber(caseDeadline(state, calendar, nowMs).promisedDueMs)) : null,
    clockPaused: inStatusGroup(state.status, 'paused'),
    applicant: maskApplicant(applicant),
    missing: state.status === 'supplement_requested' ? state.missingMaterials.map((id) => ({ id, name: materials.get(id) ?? { zh: id, en: id } })) : [],
    timeline,
    rating: { given: state.rating, open: citizenMayRate(state) },
  };
}

/** The role that works on cases at each tier: a public rating is recorded as one of the accepting unit's. */
const CASE_ROLE_OF_TIER: Record<Tier, Role> = { community: 'community_worker', street: 'street_clerk', city: 'city_supervisor' };

/** Who a rating from the public page is recorded as: the citizen, on the accepting unit's behalf. */
export const PUBLIC_PAGE_WORKER_ID = 'citizen-public-page';
export const PUBLIC_PAGE_DEVICE_ID = 'public-page';

/**
 * The actor a rating given on the public page is written as: the accepting unit (the rate step
 * belongs to it), the role that works cases there, and the citizen as the worker: the step goes
 * through the same write rules as every other.
 */
export function publicRatingActor(unit: Pick<Unit, 'id' | 'tier'>): Actor {
  return { unitId: unit.id, tier: unit.tier, role: CASE_ROLE_OF_TIER[unit.tier], workerId: PUBLIC_PAGE_WORKER_ID };
}
