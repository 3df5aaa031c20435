import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyLoggerOptions } from 'fastify';

/** Where log lines go: anything with `write(line)`, such as a test's capture. */
export interface LogDestination {
  write(line: string): void;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The gateway's log: `true` for JSON lines on stdout at `info`, or a destination and a level. */
export type GatewayLogOptions = boolean | { readonly stream?: LogDestination; readonly level?: LogLevel };

/** The header a request id arrives in (from a proxy, or a client retrying) and is echoed in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming id is kept only when it is short and plain: it ends up in every line of its request. */
const WELL_FORMED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Never logged, should they ever reach a logged object: credentials in headers, and any field
 * named like a password or a token. Bodies are never logged at all.
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  'token',
  '*.password',
  '*.token',
];

/** The request id: the incoming `x-request-id` if well-formed, else a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && WELL_FORMED_ID.test(incoming) ? incoming : randomUUID();
}

/** Fastify's logger (pino, JSON lines) with our redaction; false: no log at all. */
export function loggerOptions(option: GatewayLogOptions | undefined): false | FastifyLoggerOptions & { redact: { paths: string[]; censor: string } } {
  if (option === undefined || option === false) return false;
  const { stream, level } = option === true ? {} : option;
  return {
    level: level ?? 'info',
    redact: { paths: REDACTED, censor: '[redacted]' },
    serializers: {
      // The path without its query string: a query is no place for secrets, but a client may put them there.
      req: (req) => ({ method: req.method, url: req.url.split('?')[0] ?? '', remoteAddress: req.ip }),
    },
    ...(stream === undefined ? {} : { stream }),
  };
}

/** Every answer carries its request id, so a client's report can be found in the log. */
export const requestIds = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
});

/** pino's numbers for its levels, for the few lines written before the gateway's logger exists. */
const LEVEL_NUMBERS = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10 } as const;

/**
 * One log line in pino's JSON form on stdout, for what `npm start` says before and around the
 * gateway (the client build, the hub, the address it listens on).
 */
export function writeLogLine(level: keyof typeof LEVEL_NUMBERS, msg: string, fields: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level: LEVEL_NUMBERS[level], time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}
