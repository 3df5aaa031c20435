import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayError } from './errors.ts';

export interface HttpTimeoutOptions {
  /** The longest the gateway holds a long-poll; the connection must stay open at least that long. */
  readonly longpollMaxMs: number;
  /** The longest a client may take to send one whole request, headers and body. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept between requests. */
  readonly keepAliveTimeoutMs: number;
}

/** The Fastify server options that bound how long a client may hold the gateway's sockets. */
export interface HttpTimeouts {
  readonly requestTimeout: number;
  readonly connectionTimeout: number;
  readonly keepAliveTimeout: number;
  readonly http: ServerOptions;
  readonly clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => void;
}

/**
 * A slow client cannot hold a socket for ever:
 * - the whole request (headers and body) must arrive within `requestTimeoutMs`, and the headers
 *   within 20 s of that, or the client gets 408 and the connection is closed. A body trickled a
 *   byte at a time is cut there. Node checks once a second.
 * - A long-poll waits on the *response*, which these do not bound: once its request is in, only
 *   the idle timeout applies, and that is the longest long-poll plus half a minute.
 * - An idle keep-alive connection is closed after `keepAliveTimeoutMs`.
 */
export function httpTimeouts(opts: HttpTimeoutOptions): HttpTimeouts {
  const headersTimeout = Math.min(opts.requestTimeoutMs, 20_000);
  return {
    requestTimeout: opts.requestTimeoutMs,
    connectionTimeout: opts.longpollMaxMs + 30_000,
    keepAliveTimeout: opts.keepAliveTimeoutMs,
    http: { requestTimeout: opts.requestTimeoutMs, headersTimeout, connectionsCheckingInterval: Math.min(1_000, headersTimeout) },
    clientErrorHandler: answerClientError,
  };
}

/** A request Node gave up on before routing (too slow, unparsable): our error shape, then close. */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const gatewayError = error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
    ? new GatewayError('ERR_REQUEST_TIMEOUT')
    : new GatewayError('ERR_BAD_REQUEST', error.code ?? error.message);
  const body = JSON.stringify(gatewayError.toBody());
  if (socket.writable) {
    socket.write([
      `HTTP/1.1 ${gatewayError.status} ${STATUS_CODES[gatewayError.status] ?? 'Error'}`,
      'content-type: application/json; charset=utf-8',
      `content-length: ${Buffer.byteLength(body)}`,
      'cache-control: no-store',
      'connection: close',
      '',
      body,
    ].join('\r\n'));
  }
  socket.destroySoon();
}
