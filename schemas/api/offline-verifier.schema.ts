import type { FromSchema } from 'json-schema-to-ts';

/**
 * The offline unlock kept on a device (client/src/data/offline-verifier.ts): a PBKDF2 (SHA-256)
 * hash of the password with a random salt. Never the password itself.
 */
export const offlineVerifierSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['algorithm', 'iterations', 'salt', 'hash'],
  properties: {
    algorithm: { const: 'PBKDF2-SHA256' },
    iterations: { type: 'integer', minimum: 1 },
    salt: { type: 'string', minLength: 1 },
    hash: { type: 'string', minLength: 1 },
  },
} as const;

export type OfflineVerifier = FromSchema<typeof offlineVerifierSchema>;
