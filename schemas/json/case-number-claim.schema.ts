/**
 * A case number (办件号) bound to its case. The hub's document ids are unique, so the first claim of
 * a number wins, atomically, across gateways: no second case can carry a number already bound,
 * and the city's search by number finds exactly the case it belongs to. Hub-only.
 */
export const caseNumberClaimSchema = {
  title: 'case number claim',
  version: 0,
  primaryKey: 'number',
  type: 'object',
  additionalProperties: false,
  required: ['number', 'caseId'],
  properties: {
    number: { type: 'string', minLength: 6, maxLength: 40 },
    caseId: { type: 'string', minLength: 6, maxLength: 100 },
  },
} as const;
