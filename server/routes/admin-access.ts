import type { FastifyInstance, FastifyRequest } from 'fastify';
import { administers, mayAdminister, type AdminArea } from '../../schemas/rules/admin-areas.ts';
import type { Actor } from '../../schemas/types.ts';
import { GatewayError } from '../errors.ts';

/** The signed-in actor, if their role changes this area of the city's administration; 403 otherwise. */
export async function requireArea(app: FastifyInstance, request: FastifyRequest, area: AdminArea): Promise<Actor> {
  const actor = await app.requireActor(request);
  if (!mayAdminister(actor.role, area)) throw new GatewayError('ERR_ROLE_FORBIDS_API', `role ${actor.role} does not change ${area}`);
  return actor;
}

/** The signed-in actor, if their role administers anything (they read the record of changes); 403 otherwise. */
export async function requireAdministration(app: FastifyInstance, request: FastifyRequest): Promise<Actor> {
  const actor = await app.requireActor(request);
  if (!administers(actor.role)) throw new GatewayError('ERR_ROLE_FORBIDS_API', `role ${actor.role} administers nothing`);
  return actor;
}

/** What the OpenAPI document says of an administration route: its summary, its tag, and that it needs a token. */
export function doc(summary: string): { summary: string; tags: string[]; security: { bearer: never[] }[] } {
  return { summary, tags: ['admin'], security: [{ bearer: [] }] };
}
