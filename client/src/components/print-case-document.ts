import type { CalendarYear, CaseDoc, ServiceItem, Unit } from '../../../schemas/types.ts';
import { printableDocument, type PrintableDocument } from '../domain/printed-documents.ts';
import { calendarOf } from '../domain/work-calendar.ts';
import { printDocument } from './print-sheet.ts';

/**
 * Prints a case's receipt or one-time notice as its accepting station issues it: the station's
 * name, address and phone from its unit document, the deadline in its working-day calendar.
 * Nothing happens when there is nothing to print (no acceptance; nothing missing for a notice).
 */
export async function printCaseDocument(kind: PrintableDocument['kind'], doc: CaseDoc, catalog: readonly ServiceItem[], units: readonly Unit[], calendars: readonly CalendarYear[]): Promise<void> {
  const item = catalog.find((i) => i.code === doc.itemCode) ?? null;
  const station = units.find((u) => u.id === doc.acceptedUnitId) ?? null;
  const printable = printableDocument(kind, doc, item, station, calendarOf(station, calendars), Date.now());
  if (printable !== null) await printDocument(printable);
}
