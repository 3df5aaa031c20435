/**
 * Personal data as it may be shown where a case is looked up rather than worked on (the citizen's
 * own page, the city's search results): enough for its owner to recognise, not enough to identify
 * anyone. Pure.
 */

/** Every character but the first hidden: 张建华 → 张**. */
export function maskName(name: string): string {
  const characters = [...name.trim()];
  if (characters.length === 0) return '';
  return characters[0] + '*'.repeat(Math.max(1, characters.length - 1));
}

/** The first four (the issuing city) and the last four kept: 34010219800101001X → 3401**********001X. */
export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 8) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, 4)}${'*'.repeat(idNumber.length - 8)}${idNumber.slice(-4)}`;
}

/** The first three and the last four digits kept: 13905510000 → 139****0000. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/[^0-9]/g, '');
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

export interface MaskedApplicant {
  readonly name: string;
  readonly idNumber: string;
  readonly phone: string;
}

export function maskApplicant(applicant: { readonly name: string; readonly idNumber: string; readonly phone: string }): MaskedApplicant {
  return { name: maskName(applicant.name), idNumber: maskIdNumber(applicant.idNumber), phone: maskPhone(applicant.phone) };
}
