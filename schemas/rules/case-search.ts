/**
 * What the city's case search box takes: a case number or a full ID number, searched exactly.
 * Anything else gets a reason (a name, a phone number, part of an ID number) rather than a blank
 * answer. Pure: the server decides by it, the console can say so before asking.
 */
export type SearchText =
  | { readonly kind: 'none' }
  | { readonly kind: 'caseNumber'; readonly value: string }
  | { readonly kind: 'idNumber'; readonly value: string }
  | { readonly kind: 'unsupported'; readonly reason: 'name' | 'phone' | 'partialId' | 'text' };

const HAN = /\p{Script=Han}/u;

export function classifySearchText(input: string): SearchText {
  const text = input.trim();
  if (text === '') return { kind: 'none' };
  // A name: Chinese characters, or words of letters (a name in pinyin or another script).
  if (HAN.test(text) || /^[A-Za-z]+(?:[ .·'-][A-Za-z]+)+$/.test(text)) return { kind: 'unsupported', reason: 'name' };
  const compact = text.replace(/[\s]+/g, '').toUpperCase();
  if (/^\d{17}[\dX]$/.test(compact) || /^\d{15}$/.test(compact)) return { kind: 'idNumber', value: compact };
  const digits = compact.replace(/[-+()]/g, '');
  if (/^(?:\+?86)?1[3-9]\d{9}$/.test(digits) || (/^[\d\-+()]+$/.test(compact) && /^0\d{9,11}$/.test(digits))) return { kind: 'unsupported', reason: 'phone' };
  if (/^\d{3,17}X?$/.test(compact)) return { kind: 'unsupported', reason: 'partialId' };
  if (/^[A-Z][A-Z0-9-]{5,39}$/.test(compact)) return { kind: 'caseNumber', value: compact };
  if (/^[A-Za-z]+$/.test(text)) return { kind: 'unsupported', reason: 'name' };
  return { kind: 'unsupported', reason: 'text' };
}
