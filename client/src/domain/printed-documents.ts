import { localDateOf, type WorkCalendar } from '../../../schemas/rules/calendar.ts';
import { caseDeadline } from '../../../schemas/rules/deadline.ts';
import { foldCase } from '../../../schemas/rules/fold.ts';
import type { CaseDoc, ServiceItem, Unit } from '../../../schemas/types.ts';
import { collectedMaterials, stillMissing, type MaterialLine } from './case-materials.ts';
import { maskIdNumber } from './id-number.ts';

/**
 * The documents a station prints for the citizen: the acceptance receipt (受理回执) and the one-time
 * notice of what is missing (一次性告知书). Official papers handed over the counter, so they are in
 * Chinese whatever the console's language; dates are local (UTC+8) calendar dates, YYYY-MM-DD.
 */

/** A material as printed: its Chinese name (or its id, when the item no longer lists it) and the counts. */
export interface PrintedMaterial {
  readonly name: string;
  readonly originals: number | null;
  readonly copies: number | null;
}

/** Where the citizen brings things and asks: the accepting station, from its unit document. */
export interface StationContact {
  readonly name: string;
  readonly address: string;
  readonly phone: string;
}

export interface AcceptanceReceiptContent {
  readonly caseNumber: string;
  readonly queryCode: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly kind: 'instant' | 'commitment';
  readonly promisedDays: number;
  readonly applicantName: string;
  /** Masked: the region's first digits and the last two. */
  readonly applicantId: string;
  readonly acceptedDate: string;
  /** The end of the promised limit (承诺时限), in working days of the station's calendar, pauses taken out. */
  readonly promisedDueDate: string;
  readonly received: readonly PrintedMaterial[];
  /** Not received at acceptance: a one-time notice goes with the receipt. */
  readonly missingCount: number;
  readonly greenChannel: boolean;
  readonly station: StationContact;
}

export interface OneTimeNoticeContent {
  readonly caseNumber: string;
  readonly itemCode: string;
  readonly itemName: string;
  readonly applicantName: string;
  readonly applicantId: string;
  /** Why: not provided at acceptance, or asked for in a 补正 by the handling unit. */
  readonly reason: 'not_provided' | 'supplement_requested';
  readonly missing: readonly PrintedMaterial[];
  /** The handling unit's note with its 补正 request ('' when none). */
  readonly note: string;
  readonly date: string;
  readonly station: StationContact;
}

function printed(line: MaterialLine): PrintedMaterial {
  return { name: line.name?.zh ?? line.id, originals: line.originals, copies: line.copies };
}

function contactOf(station: Unit | null, unitId: string): StationContact {
  return { name: station?.name.zh ?? unitId, address: station?.address ?? '', phone: station?.phone ?? '' };
}

/**
 * The receipt of a case as the accepting station prints it; null when the case has no acceptance
 * to print. `calendar` is the station's working-day calendar, `nowMs` the time printed at (open
 * pauses are taken to end then).
 */
export function acceptanceReceiptOf(doc: CaseDoc, item: ServiceItem | null, station: Unit | null, calendar: WorkCalendar, nowMs: number): AcceptanceReceiptContent | null {
  const state = foldCase(doc.events, doc.receipts);
  const accept = doc.events.find((e) => e.type === 'accept');
  const applicant = accept?.data.applicant;
  if (state === null || accept === undefined || applicant === undefined) return null;
  const materials = collectedMaterials(doc, item);
  return {
    caseNumber: doc.caseNumber,
    queryCode: accept.data.queryCode ?? '',
    itemCode: state.itemCode,
    itemName: item?.name.zh ?? state.itemCode,
    kind: state.kind,
    promisedDays: state.promisedDays,
    applicantName: applicant.name,
    applicantId: maskIdNumber(applicant.idNumber),
    acceptedDate: localDateOf(state.acceptedAtMs),
    promisedDueDate: localDateOf(caseDeadline(state, calendar, nowMs).promisedDueMs),
    received: materials.received.map(printed),
    missingCount: materials.notProvided.length,
    greenChannel: materials.greenChannel,
    station: contactOf(station, state.acceptedUnitId),
  };
}

/**
 * The one-time notice of a case: everything the citizen still has to bring, in one paper, and
 * where to bring it (the accepting station). Null when nothing is missing.
 */
export function oneTimeNoticeOf(doc: CaseDoc, item: ServiceItem | null, station: Unit | null, nowMs: number): OneTimeNoticeContent | null {
  const state = foldCase(doc.events, doc.receipts);
  const applicant = doc.events.find((e) => e.type === 'accept')?.data.applicant;
  if (state === null || applicant === undefined) return null;
  const materials = collectedMaterials(doc, item);
  const missing = stillMissing(materials);
  if (missing.length === 0) return null;
  return {
    caseNumber: doc.caseNumber,
    itemCode: state.itemCode,
    itemName: item?.name.zh ?? state.itemCode,
    applicantName: applicant.name,
    applicantId: maskIdNumber(applicant.idNumber),
    reason: materials.requested.length > 0 ? 'supplement_requested' : 'not_provided',
    missing: missing.map(printed),
    note: materials.requestNote,
    date: localDateOf(nowMs),
    station: contactOf(station, state.acceptedUnitId),
  };
}

/** A YYYY-MM-DD date as printed on Chinese documents: 2026年3月5日. */
export function chineseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) return date;
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** A document a station prints for the citizen. */
export type PrintableDocument =
  | { readonly kind: 'receipt'; readonly receipt: AcceptanceReceiptContent }
  | { readonly kind: 'notice'; readonly notice: OneTimeNoticeContent };

/** The receipt or the notice of a case, ready to print; null when there is nothing to print (no acceptance, nothing missing). */
export function printableDocument(kind: PrintableDocument['kind'], doc: CaseDoc, item: ServiceItem | null, station: Unit | null, calendar: WorkCalendar, nowMs: number): PrintableDocument | null {
  if (kind === 'receipt') {
    const receipt = acceptanceReceiptOf(doc, item, station, calendar, nowMs);
    return receipt === null ? null : { kind, receipt };
  }
  const notice = oneTimeNoticeOf(doc, item, station, nowMs);
  return notice === null ? null : { kind, notice };
}
