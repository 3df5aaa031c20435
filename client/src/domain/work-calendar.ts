import { workCalendarOf, type UnitCalendar } from '../../../schemas/rules/calendar.ts';
import type { CalendarYear, Unit } from '../../../schemas/types.ts';

/**
 * The working-day calendar a unit counts its deadlines in: its `calendarId`, built from the calendar
 * years the city maintains and every unit replicates. Cases count in their accepting unit's.
 */
export function calendarOf(unit: Unit | null, years: readonly CalendarYear[]): UnitCalendar {
  return workCalendarOf(unit?.calendarId ?? '', years);
}

/** The calendar of the unit with this id, among the units the device knows. */
export function calendarOfUnit(unitId: string, units: readonly Unit[], years: readonly CalendarYear[]): UnitCalendar {
  return calendarOf(units.find((u) => u.id === unitId) ?? null, years);
}
