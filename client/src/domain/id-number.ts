/**
 * Mainland resident ID numbers (GB 11643-1999): 17 digits, then a check character computed from
 * them with ISO 7064 MOD 11-2; digits 7–14 are the birth date.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '?';
}

function isRealBirthDate(yyyymmdd: string, nowMs: number): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const date = Date.UTC(year, month - 1, day);
  const back = new Date(date);
  return year >= 1900 && back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day && date <= nowMs;
}

export function isValidIdNumber(input: string, nowMs: number = Date.now()): boolean {
  const id = normalizeIdNumber(input);
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (!isRealBirthDate(id.slice(6, 14), nowMs)) return false;
  return idCheckChar(id.slice(0, 17)) === id[17];
}

/** What is shown after acceptance: the region's first digits and the last two, nothing between. */
export function maskIdNumber(id: string): string {
  if (id.length < 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 5)}${id.slice(-2)}`;
}
