import { calendarYearEditProblems } from '../../schemas/rules/calendar-edit.ts';
import type { Actor, CalendarYear } from '../../schemas/types.ts';
import { describeSchemaErrors, validators } from '../../schemas/validators.ts';
import { GatewayError } from '../errors.ts';
import type { HubDatabasePort } from '../hub/hub-port.ts';
import type { AuditLog } from './audit-log.ts';
import { refuseIfAny } from './edit-refusal.ts';
import { readStored, sameDocument, writeStored } from './stored-documents.ts';

/**
 * The catalog editor's changes to the working-day calendars: one year of one calendar at a time
 * (its days off, its 调休 make-up working days, published or provisional). Every unit replicates
 * the calendars read-only and counts its deadlines with them.
 */
export class CalendarAdmin {
  constructor(
    private readonly db: HubDatabasePort,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {}

  /** Enters or replaces year `id`, if the stored year is still the one the editor saw (`basedOn`, null for a new year). */
  async set(by: Actor, id: string, year: CalendarYear, basedOn: object | null): Promise<CalendarYear> {
    const clean: CalendarYear = { ...year, notice: year.notice.trim(), holidays: [...year.holidays].sort(), makeupWorkdays: [...year.makeupWorkdays].sort() };
    const stored = await readStored(this.db, id, validators.calendarYear);
    const problems = calendarYearEditProblems(clean, stored?.doc ?? null, this.now());
    refuseIfAny(clean.id === id ? problems : [...problems, { field: 'id', code: 'calendar_year_id', params: { id } }]);
    if ((basedOn === null) !== (stored === null) || (basedOn !== null && stored !== null && !sameDocument(stored.doc, basedOn))) {
      throw new GatewayError('ERR_EDIT_STALE', `calendar year ${id} changed since the editor read it`);
    }
    if (!validators.calendarYear(clean)) throw new GatewayError('ERR_BAD_REQUEST', `the calendar year does not fit its schema: ${describeSchemaErrors(validators.calendarYear)}`);
    if (stored !== null && sameDocument(stored.doc, clean)) return stored.doc;
    await this.audit.run(by, { action: 'calendar_year_set', target: { kind: 'calendarYear', id }, before: stored?.doc ?? null, after: clean }, async () => ({
      result: await writeStored(this.db, 'calendars', clean, stored?.rev ?? null),
    }));
    return clean;
  }
}
