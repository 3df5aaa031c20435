// The national working-day calendar, added where a hub does not have it yet. Years the city has
// entered or corrected are never overwritten.
import { asCouchDoc } from '../../schemas/couch-doc.ts';
import type { HubPort } from '../../server/hub/hub-port.ts';
import { CN_MAINLAND_YEARS } from '../seed/cn-mainland-calendar.ts';

/** Adds the calendar years the hub lacks. Returns how many it added. */
export async function addMissingCalendarYears(hub: HubPort): Promise<number> {
  const calendars = hub.database('calendars');
  const present = await calendars.fetchByIds(CN_MAINLAND_YEARS.map((y) => y.id));
  const missing = CN_MAINLAND_YEARS.filter((y) => !present.has(y.id)).map((y) => asCouchDoc('calendars', y));
  const failed = (await calendars.bulkWrite(missing)).filter((r) => r.error !== undefined && r.error !== 'conflict');
  if (failed.length > 0) throw new Error(`adding calendar years failed: ${failed.map((f) => `${f.id}: ${f.error ?? ''}`).join(', ')}`);
  return missing.length;
}
