import type { FromSchema } from 'json-schema-to-ts';
import { bilingualTextSchema, isoTimeSchema, tierSchema, unitIdSchema } from '../json/shared-defs.ts';
import { ROLES } from '../types.ts';

/**
 * What `POST /api/auth/login` and `POST /api/auth/refresh` answer: a bearer token and the account
 * it speaks for, as the gateway issues it from a stored (schema-checked) account.
 */
export const sessionAnswerSchema = {
  title: 'session answer',
  type: 'object',
  required: ['token', 'unitId', 'unitName', 'tier', 'role', 'workerName', 'expiresAt'],
  properties: {
    token: { type: 'string', minLength: 1 },
    unitId: unitIdSchema,
    /** The unit's name, so the unlock screen can say where the device belongs before any data is open. */
    unitName: bilingualTextSchema,
    tier: tierSchema,
    role: { type: 'string', enum: ROLES },
    workerName: { type: 'string', minLength: 1, maxLength: 60 },
    expiresAt: isoTimeSchema,
  },
} as const;

export type SessionAnswer = FromSchema<typeof sessionAnswerSchema>;
