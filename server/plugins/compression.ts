import compress from '@fastify/compress';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { constants, createGzip } from 'node:zlib';

/** What answers may be compressed with, preferred first (brotli at quality 4: about gzip's size for less work). */
export const ANSWER_ENCODINGS = ['br', 'gzip'] as const;

/**
 * Answers compressed when the client accepts it (@fastify/compress, on every route registered
 * after it): a sync page of 100 cases is about 190 KB as JSON and a twelfth of that compressed.
 * Answers under 1 KiB go as they are. Requests are taken as sent: a compressed request body is
 * not inflated (its size limit would then say nothing about the memory it takes).
 */
export const compression = fp(async (app: FastifyInstance) => {
  await app.register(compress, { global: true, globalDecompression: false, encodings: [...ANSWER_ENCODINGS], threshold: 1024 });
});

/** Whether the client's `Accept-Encoding` takes gzip (a q of 0 refuses it). */
function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** A streamed answer written in parts, each part reaching the client when written. */
export interface FlushedBody {
  write(text: string): void;
  end(text: string): void;
}

/**
 * A long-poll that keeps its connection alive with newlines (as CouchDB does) must get each one to
 * the client when written; the compression plugin's stream would hold them until the answer ends.
 * So such an answer is compressed here, gzip flushed after every part, when the client accepts
 * gzip; the plugin leaves an answer that already says its encoding alone.
 */
export function sendFlushedBody(request: FastifyRequest, reply: FastifyReply): FlushedBody {
  reply.type('application/json');
  if (!acceptsGzip(request.headers['accept-encoding'])) {
    const body = new PassThrough();
    void reply.send(body);
    return { write: (text) => body.write(text), end: (text) => body.end(text) };
  }
  const gzip = createGzip();
  reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding');
  void reply.send(gzip);
  return {
    write: (text) => {
      gzip.write(text);
      gzip.flush(constants.Z_SYNC_FLUSH);
    },
    end: (text) => gzip.end(text),
  };
}
