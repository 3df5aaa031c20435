/**
 * Case ids, numbers and query codes from randomness passed in (no I/O here): ids are unique
 * without coordination, so an offline station can accept cases safely.
 */
export type RandomBytes = (length: number) => Uint8Array;

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

function code(bytes: Uint8Array): string {
  return [...bytes].map((b) => BASE32[b % BASE32.length]).join('');
}

/** The date part of a case number, in China's time (UTC+8, no daylight saving). */
function chinaDate(nowMs: number): string {
  return new Date(nowMs + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * A new case's id starts with `c_<accepting unit id>_` (unit ids have no `_`, so the prefix is
 * unambiguous): a write under another unit's id is refused for its form, whether or not such a
 * case exists, so a refusal never tells a unit which cases exist elsewhere.
 */
export function caseIdPrefix(unitId: string): string {
  return `c_${unitId}_`;
}

export function newCaseId(unitId: string, nowMs: number, random: RandomBytes): string {
  return `${caseIdPrefix(unitId)}${nowMs.toString(36)}_${code(random(6))}`;
}

/** What the citizen is told: short, readable aloud, dated. */
export function newCaseNumber(nowMs: number, random: RandomBytes): string {
  return `LD${chinaDate(nowMs)}${code(random(6))}`;
}

/** Six digits the citizen uses with the case number to look up progress. */
export function newQueryCode(random: RandomBytes): string {
  return [...random(6)].map((b) => String(b % 10)).join('');
}

export function newEventId(random: RandomBytes): string {
  return `e_${code(random(16))}`;
}
