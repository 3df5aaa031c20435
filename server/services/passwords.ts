import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt parameters: N=2^15 costs ~50 ms here, slow for guessing, fine for a sign-in. */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export interface PasswordHash {
  readonly algorithm: 'scrypt';
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly salt: string;
  readonly hash: string;
}

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: 256 * n * r * 2 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return { algorithm: 'scrypt', n: N, r: R, p: P, salt: salt.toString('base64'), hash: key.toString('base64') };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const key = await derive(password, Buffer.from(stored.salt, 'base64'), stored.n, stored.r, stored.p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A stand-in for a stored hash, with the parameters new hashes get: checking a password against it
 * costs what checking a real account costs, and never matches. An unknown username is checked
 * against it, so the time a sign-in takes does not tell which accounts exist.
 */
export const DECOY_HASH: PasswordHash = {
  algorithm: 'scrypt',
  n: N,
  r: R,
  p: P,
  salt: randomBytes(16).toString('base64'),
  hash: randomBytes(KEY_LENGTH).toString('base64'),
};

/** A password for generated accounts: 16 characters a person can still type. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}
