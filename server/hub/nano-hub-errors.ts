import { GatewayError } from '../errors.ts';

/** nano reports HTTP answers with `statusCode`; anything else (refused, reset, aborted) is the link. */
export function hubStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const status = (err as { statusCode: unknown }).statusCode;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/** Any failure to talk to the hub becomes a 503 for the client, so its queue waits and retries. */
function asHubUnavailable(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const status = hubStatusOf(err);
  const detail = status === undefined ? (err instanceof Error ? err.message : String(err)) : `hub answered ${status}`;
  return new GatewayError('ERR_HUB_UNAVAILABLE', detail);
}

export async function viaHub<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asHubUnavailable(err);
  }
}
