const dateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10 } as const;

/**
 * One year of a working-day calendar (工作日历): the weekday holidays and the weekend make-up
 * working days (调休) the State Council published for it. The city maintains it; every unit
 * replicates it and counts deadlines with it. A year not yet published is `provisional` (only its
 * fixed-date holidays are known) until the city enters the notice.
 */
export const calendarYearSchema = {
  title: 'calendar year',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'calendarId', 'year', 'status', 'notice', 'holidays', 'makeupWorkdays'],
  properties: {
    /** `<calendarId>:<year>`. */
    id: { type: 'string', maxLength: 48, pattern: '^[a-z0-9-]+:[0-9]{4}$' },
    calendarId: { type: 'string', minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$' },
    year: { type: 'integer', minimum: 2000, maximum: 2100, multipleOf: 1 },
    status: { type: 'string', enum: ['published', 'provisional'] },
    /** Where the dates come from: the notice's title and date, or why the year is provisional. */
    notice: { type: 'string', minLength: 1, maxLength: 500 },
    /** Weekday days off ('YYYY-MM-DD'): weekend days off rest anyway. */
    holidays: { type: 'array', maxItems: 60, items: dateSchema },
    /** Weekend days that are working days ('YYYY-MM-DD'). */
    makeupWorkdays: { type: 'array', maxItems: 20, items: dateSchema },
  },
} as const;
