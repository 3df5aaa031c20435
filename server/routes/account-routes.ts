import type { FastifyInstance } from 'fastify';
import { accountCreateBodySchema, type AccountCreateBody } from '../../schemas/api/admin-requests.schema.ts';
import { accountSchema } from '../../schemas/json/account.schema.ts';
import type { AccountAdmin } from '../services/account-admin.ts';
import { doc, requireArea } from './admin-access.ts';

const usernameParams = { type: 'object', required: ['username'], properties: { username: accountSchema.properties.username } } as const;

/**
 * The city's administrator keeps workers' accounts: lists them (never their passwords), creates
 * one at a unit, gives one a new password, disables one (a lost device, a worker who left) or
 * enables it again. A name must fit the account schema's username, so nothing else in the
 * accounts database (a design document, say) can be reached through here. Every change is
 * recorded (`audit-log.ts`) and logged as a security event.
 */
export async function accountRoutes(app: FastifyInstance, opts: { accounts: AccountAdmin }): Promise<void> {
  app.get('/api/accounts', { schema: doc('Every account, without its password (administrator)') }, async (request) => {
    await requireArea(app, request, 'accounts');
    return { accounts: await opts.accounts.list() };
  });

  app.post<{ Body: AccountCreateBody }>('/api/accounts', { schema: { ...doc('Create a worker\'s account; its first password is generated and answered once (administrator)'), body: accountCreateBodySchema } }, async (request, reply) => {
    const actor = await requireArea(app, request, 'accounts');
    const issued = await opts.accounts.create(actor, request.body);
    request.log.warn({ event: 'account_created', username: issued.account.username, unitId: issued.account.unitId, role: issued.account.role, by: actor.workerId }, 'account created');
    return reply.status(201).send(issued);
  });

  app.post<{ Params: { username: string } }>('/api/accounts/:username/password', { schema: { ...doc('A new generated password; every session of the account ends (administrator)'), params: usernameParams } }, async (request) => {
    const actor = await requireArea(app, request, 'accounts');
    const issued = await opts.accounts.resetPassword(actor, request.params.username);
    request.log.warn({ event: 'account_password_reset', username: issued.account.username, by: actor.workerId }, 'password reset');
    return issued;
  });

  app.post<{ Params: { username: string }; Body: { disabled: boolean } }>('/api/accounts/:username/disabled', {
    schema: {
      ...doc('Disable an account (every session ends, also after enabling again) or enable it (administrator)'),
      params: usernameParams,
      body: { type: 'object', additionalProperties: false, required: ['disabled'], properties: { disabled: { type: 'boolean' } } },
    },
  }, async (request) => {
    const actor = await requireArea(app, request, 'accounts');
    const account = await opts.accounts.setDisabled(actor, request.params.username, request.body.disabled);
    request.log.warn({ event: account.disabled ? 'account_disabled' : 'account_enabled', username: account.username, by: actor.workerId }, account.disabled ? 'account disabled' : 'account enabled');
    return { username: account.username, disabled: account.disabled };
  });
}
