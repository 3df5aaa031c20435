import type { FastifyInstance } from 'fastify';
import { accountSchema } from '../../schemas/json/account.schema.ts';
import { GatewayError } from '../errors.ts';
import type { AccountService } from '../services/accounts.ts';

/**
 * The city's administrator disables and re-enables accounts (a lost device, a worker who left).
 * The name must fit the account schema's username, so nothing else in the accounts database (a
 * design document, say) can be reached through here.
 */
export async function accountRoutes(app: FastifyInstance, opts: { accounts: AccountService }): Promise<void> {
  app.post<{ Params: { username: string }; Body: { disabled: boolean } }>('/api/accounts/:username/disabled', {
    schema: {
      params: { type: 'object', required: ['username'], properties: { username: accountSchema.properties.username } },
      body: { type: 'object', additionalProperties: false, required: ['disabled'], properties: { disabled: { type: 'boolean' } } },
    },
  }, async (request) => {
    const actor = await app.requireActor(request);
    if (actor.role !== 'admin') throw new GatewayError('ERR_ROLE_FORBIDS_API');
    const account = await opts.accounts.setDisabled(request.params.username, request.body.disabled);
    request.log.warn({ event: account.disabled ? 'account_disabled' : 'account_enabled', username: account.username, by: actor.workerId }, account.disabled ? 'account disabled' : 'account enabled');
    return { username: account.username, disabled: account.disabled };
  });
}
