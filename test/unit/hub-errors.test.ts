import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../server/errors.ts';
import { viaHub } from '../../server/hub/nano-hub-errors.ts';

/** What nano throws for an HTTP answer: the status and the hub's reason. */
const hubAnswered = (statusCode: number, reason: string): Error => Object.assign(new Error(reason), { statusCode, reason });

async function mapped(err: unknown): Promise<GatewayError> {
  try {
    await viaHub(() => Promise.reject(err));
  } catch (caught) {
    if (caught instanceof GatewayError) return caught;
    throw caught;
  }
  throw new Error('viaHub did not fail');
}

describe('hub failures as the client hears them', () => {
  it('the hub refusing what was asked is a client error, never a false outage', async () => {
    // Apache CouchDB's answer to a sequence it never issued.
    expect(await mapped(hubAnswered(400, 'Malformed sequence supplied in since parameter.'))).toMatchObject({ code: 'ERR_BAD_REQUEST', status: 400 });
    expect(await mapped(hubAnswered(413, 'Document exceeds max_document_size'))).toMatchObject({ code: 'ERR_BODY_TOO_LARGE', status: 413 });
    expect(await mapped(hubAnswered(414, 'URI too long'))).toMatchObject({ code: 'ERR_BAD_REQUEST' });
  });

  it('no answer, the hub\'s own trouble, or our admin refused: 503, so the station waits and retries', async () => {
    expect(await mapped(new TypeError('fetch failed'))).toMatchObject({ code: 'ERR_HUB_UNAVAILABLE', status: 503 });
    expect(await mapped(hubAnswered(500, 'badarg'))).toMatchObject({ code: 'ERR_HUB_UNAVAILABLE' });
    expect(await mapped(hubAnswered(401, 'Name or password is incorrect.'))).toMatchObject({ code: 'ERR_HUB_UNAVAILABLE' });
  });
});
