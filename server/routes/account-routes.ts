import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../errors.ts';
import type { AccountService } from '../services/accounts.ts';

/** The city's administrator disables and re-enables accounts (a lost device, a worker who left). */
export async function accountRoutes(app: FastifyInstance, opts: { accounts: AccountService }): Promise<void> {
  app.post<{ Params: { username: string }; Body: { disabled: boolean } }>('/api/accounts/:username/disabled', {
    schema: {
      params: { type: 'object', required: ['username'], properties: { username: { type: 'string', maxLength: 64 } } },
      body: { type: 'object', additionalProperties: false, required: ['disabled'], properties: { disabled: { type: 'boolean' } } },
    },
  }, async (request) => {
    const actor = await app.requireActor(request);
    if (actor.role !== 'admin') throw new GatewayError('ERR_ROLE_FORBIDS_API');
    const account = await opts.accounts.setDisabled(request.params.username, request.body.disabled);
    return { username: account.username, disabled: account.disabled };
  });
}
