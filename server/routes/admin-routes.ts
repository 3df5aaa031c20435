import type { FastifyInstance } from 'fastify';
import {
  calendarYearBodySchema,
  itemAddBodySchema,
  itemChangeBodySchema,
  unitAddBodySchema,
  unitClosureBodySchema,
  type CalendarYearBody,
  type ItemAddBody,
  type ItemChangeBody,
  type UnitAddBody,
  type UnitClosureBody,
} from '../../schemas/api/admin-requests.schema.ts';
import { calendarYearSchema } from '../../schemas/json/calendar-year.schema.ts';
import { auditRecordSchema } from '../../schemas/json/audit-record.schema.ts';
import { serviceItemSchema } from '../../schemas/json/service-item.schema.ts';
import { unitSchema } from '../../schemas/json/unit.schema.ts';
import type { Administration } from '../services/administration.ts';
import { doc, requireAdministration, requireArea } from './admin-access.ts';

const params = (name: string, schema: object) => ({ type: 'object', required: [name], properties: { [name]: schema } }) as const;

/**
 * The city's administration of the catalog, the working-day calendars and the network's units
 * (accounts: `account-routes.ts`), and the record of every change. Each route checks the role for
 * its area (`schemas/rules/admin-areas.ts`), then one service runs the pure edit rules, records the
 * change and makes it. The documents replicate to every unit as data.
 */
export async function adminRoutes(app: FastifyInstance, opts: { admin: Administration }): Promise<void> {
  const { admin } = opts;

  app.post<{ Body: ItemAddBody }>('/api/catalog', { schema: { ...doc('Add a service item; the gateway adds its pinyin initials (catalog editor)'), body: itemAddBodySchema } }, async (request, reply) => {
    const actor = await requireArea(app, request, 'catalog');
    const item = await admin.catalog.add(actor, request.body.item);
    request.log.info({ event: 'admin_change', action: 'item_added', target: item.code, by: actor.workerId }, 'catalog item added');
    return reply.status(201).send({ item });
  });

  app.put<{ Params: { code: string }; Body: ItemChangeBody }>('/api/catalog/:code', {
    schema: { ...doc('Change a service item, over the version the editor saw (catalog editor)'), params: params('code', serviceItemSchema.properties.code), body: itemChangeBodySchema },
  }, async (request) => {
    const actor = await requireArea(app, request, 'catalog');
    const item = await admin.catalog.change(actor, request.params.code, request.body.item, request.body.basedOn);
    request.log.info({ event: 'admin_change', action: 'item_changed', target: item.code, by: actor.workerId }, 'catalog item changed');
    return { item };
  });

  app.put<{ Params: { id: string }; Body: CalendarYearBody }>('/api/calendars/:id', {
    schema: { ...doc('Enter or replace one year of a working-day calendar (catalog editor)'), params: params('id', calendarYearSchema.properties.id), body: calendarYearBodySchema },
  }, async (request) => {
    const actor = await requireArea(app, request, 'calendars');
    const year = await admin.calendars.set(actor, request.params.id, request.body.year, request.body.basedOn);
    request.log.info({ event: 'admin_change', action: 'calendar_year_set', target: year.id, by: actor.workerId }, 'calendar year set');
    return { year };
  });

  app.post<{ Body: UnitAddBody }>('/api/units', { schema: { ...doc('Add a community station under a street hall, or a street hall under the city (administrator)'), body: unitAddBodySchema } }, async (request, reply) => {
    const actor = await requireArea(app, request, 'units');
    const unit = await admin.units.add(actor, request.body.unit);
    request.log.info({ event: 'admin_change', action: 'unit_added', target: unit.id, by: actor.workerId }, 'unit added');
    return reply.status(201).send({ unit });
  });

  app.get<{ Params: { id: string } }>('/api/units/:id/open-work', { schema: { ...doc('What a unit still has to finish, and what its devices have not uploaded (administrator)'), params: params('id', unitSchema.properties.id) } }, async (request) => {
    await requireArea(app, request, 'units');
    return admin.units.standing(request.params.id);
  });

  app.post<{ Params: { id: string }; Body: UnitClosureBody }>('/api/units/:id/closure', {
    schema: { ...doc('Close a unit nothing waits on; its accounts are disabled (administrator)'), params: params('id', unitSchema.properties.id), body: unitClosureBodySchema },
  }, async (request) => {
    const actor = await requireArea(app, request, 'units');
    const closed = await admin.units.close(actor, { unitId: request.params.id, note: request.body.note, abandonUnsynced: request.body.abandonUnsynced === true });
    request.log.warn({ event: 'admin_change', action: 'unit_closed', target: closed.unit.id, disabledAccounts: closed.disabledAccounts.length, by: actor.workerId }, 'unit closed');
    return closed;
  });

  app.get<{ Querystring: { before?: string; limit?: number } }>('/api/changes', {
    schema: {
      ...doc('The record of the administration\'s changes, newest first, in pages (catalog editor, administrator)'),
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { before: auditRecordSchema.properties.id, limit: { type: 'integer', minimum: 1, maximum: 200 } },
      },
    },
  }, async (request) => {
    await requireAdministration(app, request);
    return admin.audit.list(request.query.before ?? null, request.query.limit ?? 50);
  });
}
