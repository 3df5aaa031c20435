/** JSON Schema fragments shared by several document schemas. */

export const unitIdSchema = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' } as const;

/** A user-visible text in both of our languages. */
export const bilingualTextSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;

export const tierSchema = { type: 'string', enum: ['city', 'street', 'community'] } as const;

/** An ISO 8601 UTC timestamp as produced by `Date.prototype.toISOString`. */
export const isoTimeSchema = {
  type: 'string',
  maxLength: 30,
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?Z$',
} as const;
