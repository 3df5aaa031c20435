import { GatewayError } from '../errors.ts';
import { isResetBeforeAnswer } from './hub-connections.ts';

/** nano reports HTTP answers with `statusCode`; anything else (refused, reset, aborted) is the link. */
export function hubStatusOf(err: unknown): number | undefined {
  if (typeof err === 'object' && err !== null && 'statusCode' in err) {
    const status = (err as { statusCode: unknown }).statusCode;
    if (typeof status === 'number') return status;
  }
  return undefined;
}

/**
 * A hub failure as the client must hear it. The hub refusing what was asked (400, 413, 414) is
 * the request's fault: a client error, never a false outage that would leave a station retrying
 * forever. Anything else (no answer, a reset, the hub's own trouble, our admin refused) is a 503,
 * so the client's queue waits and retries.
 */
function asGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const status = hubStatusOf(err);
  // A socket error is told in our words: a station has no use for "write EPIPE".
  if (status === undefined && isResetBeforeAnswer(err)) return new GatewayError('ERR_HUB_UNAVAILABLE', 'the hub closed the connection before answering');
  if (status === undefined) return new GatewayError('ERR_HUB_UNAVAILABLE', err instanceof Error ? err.message : String(err));
  const detail = `hub answered ${status}${hubReasonOf(err)}`;
  if (status === 413) return new GatewayError('ERR_BODY_TOO_LARGE', detail);
  if (status === 400 || status === 414) return new GatewayError('ERR_BAD_REQUEST', detail);
  return new GatewayError('ERR_HUB_UNAVAILABLE', detail);
}

function hubReasonOf(err: unknown): string {
  const reason = typeof err === 'object' && err !== null && 'reason' in err ? (err as { reason: unknown }).reason : undefined;
  return typeof reason === 'string' && reason.length > 0 ? `: ${reason.slice(0, 200)}` : '';
}

export async function viaHub<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw asGatewayError(err);
  }
}
