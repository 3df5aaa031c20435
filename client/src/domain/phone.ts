/** Mainland mobile numbers (11 digits from 1[3-9]) and landlines with an area code. */
export function normalizePhone(input: string): string {
  return input.replace(/[\s()]/g, '');
}

export function isValidPhone(input: string): boolean {
  const phone = normalizePhone(input).replace(/^\+?86-?/, '');
  return /^1[3-9]\d{9}$/.test(phone) || /^0\d{2,3}-?\d{7,8}$/.test(phone);
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return phone;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}
