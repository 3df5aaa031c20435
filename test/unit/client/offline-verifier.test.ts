import { describe, expect, it } from 'vitest';
import { checkVerifier, createVerifier } from '../../../client/src/data/offline-verifier.ts';

describe('the offline unlock verifier', () => {
  it('checks the password without keeping it', async () => {
    const verifier = await createVerifier('correct horse battery staple', 1_000);
    expect(JSON.stringify(verifier)).not.toContain('horse');
    expect(await checkVerifier(verifier, 'correct horse battery staple')).toBe(true);
    expect(await checkVerifier(verifier, 'correct horse battery stapler')).toBe(false);
  });

  it('salts every verifier differently', async () => {
    const [a, b] = await Promise.all([createVerifier('same', 1_000), createVerifier('same', 1_000)]);
    expect(a.salt).not.toBe(b.salt);
    expect(a.hash).not.toBe(b.hash);
  });
});
