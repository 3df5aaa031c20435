import { describe, expect, it } from 'vitest';
import { idCheckChar, isValidIdNumber, maskIdNumber } from '../../../client/src/domain/id-number.ts';
import { isValidPhone, maskPhone } from '../../../client/src/domain/phone.ts';

describe('mainland ID numbers (GB 11643)', () => {
  it('accepts numbers whose check character matches, including X', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber(`34010219850312002${idCheckChar('34010219850312002')}`)).toBe(true);
  });

  it('refuses a wrong check character, a bad birth date, a future birth date and wrong lengths', () => {
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    const feb30 = `34010219900230123`;
    expect(isValidIdNumber(`${feb30}${idCheckChar(feb30)}`)).toBe(false);
    const future = '34010230000101123';
    expect(isValidIdNumber(`${future}${idCheckChar(future)}`, Date.UTC(2026, 0, 1))).toBe(false);
    expect(isValidIdNumber('11010519491231')).toBe(false);
  });

  it('masks all but the first three and last two characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110*************2X');
  });
});

describe('phone numbers', () => {
  it('accepts mobiles and landlines with area codes', () => {
    for (const p of ['13805510001', '+86 138 0551 0001', '0551-63501234', '05516350123']) expect(isValidPhone(p)).toBe(true);
  });

  it('refuses short, foreign-looking and letter-bearing numbers', () => {
    for (const p of ['12345', '23805510001', '1380551000a', '551-6350']) expect(isValidPhone(p)).toBe(false);
  });

  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13805510001')).toBe('138****0001');
  });
});
