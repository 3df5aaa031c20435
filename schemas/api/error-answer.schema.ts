import type { FromSchema } from 'json-schema-to-ts';

/** Every refusal the gateway sends: `{error, code, reason, reason_zh}` (server/errors.ts). */
export const errorAnswerSchema = {
  title: 'error answer',
  type: 'object',
  required: ['code', 'reason', 'reason_zh'],
  properties: {
    error: { type: 'string' },
    code: { type: 'string', minLength: 1 },
    reason: { type: 'string' },
    reason_zh: { type: 'string' },
  },
} as const;

export type ErrorAnswer = FromSchema<typeof errorAnswerSchema>;
