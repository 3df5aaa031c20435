import type { OfflineVerifier } from '../../../schemas/api/offline-verifier.schema.ts';

/**
 * The offline unlock: a PBKDF2 (SHA-256) hash of the password with a random salt, kept on the
 * device (its schema: schemas/api/offline-verifier.schema.ts). Never the password itself. Web
 * Crypto only, so it works with no network.
 */
export type { OfflineVerifier };

const VERIFIER_ITERATIONS = 210_000;

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
  return new Uint8Array(bits);
}

export async function createVerifier(password: string, iterations = VERIFIER_ITERATIONS): Promise<OfflineVerifier> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { algorithm: 'PBKDF2-SHA256', iterations, salt: toBase64(salt), hash: toBase64(await derive(password, salt, iterations)) };
}

export async function checkVerifier(verifier: OfflineVerifier, password: string): Promise<boolean> {
  const hash = await derive(password, fromBase64(verifier.salt), verifier.iterations);
  const expected = fromBase64(verifier.hash);
  if (hash.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < hash.length; i += 1) diff |= (hash[i] ?? 0) ^ (expected[i] ?? 0);
  return diff === 0;
}
