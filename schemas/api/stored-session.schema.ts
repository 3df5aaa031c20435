import type { FromSchema } from 'json-schema-to-ts';
import { offlineVerifierSchema } from './offline-verifier.schema.ts';
import { sessionAnswerSchema } from './session-answer.schema.ts';

/**
 * The signed-in worker as a console keeps it in localStorage (client/src/data/session-store.ts):
 * the gateway's session answer, the account name typed at sign-in, and the offline verifier.
 * The unit's name is optional: a session stored before answers carried it must still open offline.
 */
export const storedSessionSchema = {
  title: 'stored session',
  type: 'object',
  additionalProperties: false,
  required: ['username', 'token', 'unitId', 'tier', 'role', 'workerName', 'expiresAt', 'verifier'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    ...sessionAnswerSchema.properties,
    verifier: offlineVerifierSchema,
  },
} as const;

export type StoredSession = FromSchema<typeof storedSessionSchema>;
