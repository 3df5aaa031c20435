import { tierSchema, unitIdSchema } from './shared-defs.ts';

/**
 * A worker's account at a unit. Lives only on the hub, behind the gateway: never replicated to a
 * device, since it holds the password hash.
 */
export const accountSchema = {
  title: 'account',
  version: 0,
  primaryKey: 'username',
  type: 'object',
  additionalProperties: false,
  required: ['username', 'unitId', 'tier', 'role', 'workerName', 'password', 'disabled'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]*$' },
    unitId: unitIdSchema,
    tier: tierSchema,
    role: { type: 'string', enum: ['community_worker', 'street_clerk', 'city_supervisor', 'catalog_editor', 'admin'] },
    workerName: { type: 'string', minLength: 1, maxLength: 60 },
    password: {
      type: 'object',
      additionalProperties: false,
      required: ['algorithm', 'n', 'r', 'p', 'salt', 'hash'],
      properties: {
        algorithm: { const: 'scrypt' },
        n: { type: 'integer', minimum: 1024 },
        r: { type: 'integer', minimum: 1 },
        p: { type: 'integer', minimum: 1 },
        salt: { type: 'string', minLength: 8 },
        hash: { type: 'string', minLength: 16 },
      },
    },
    disabled: { type: 'boolean' },
    /**
     * Milliseconds since the epoch, set when the account is disabled: a session signed in before
     * it stays dead after the account is enabled again. Accounts stored without it are untouched.
     */
    tokensValidAfter: { type: 'integer', minimum: 0 },
  },
} as const;
