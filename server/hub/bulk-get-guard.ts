// `POST /db/_bulk_get` with no documents never answers on PouchDB 9: its bulkGet shim finishes
// when the last per-document read does, and with none there is no last one. CouchDB answers
// `{"results":[]}`. @cloudant/couchbackup sends exactly that request to check that `_bulk_get`
// exists before every full backup, so the embedded hub's backups hung until this guard.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

/** express-pouchdb's own limit for JSON bodies. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export function isBulkGetRequest(req: IncomingMessage): boolean {
  return req.method === 'POST' && /^\/[^/_][^/]*\/_bulk_get\/?$/.test(new URL(req.url ?? '/', 'http://hub.invalid').pathname);
}

/**
 * Reads the request's body (inflated when it came compressed, as the Cloudant SDK sends it).
 * Answers an empty `docs` list, or a body that is not JSON, here; otherwise hands the parsed body
 * on as body-parser's own result (`req.body`, `req._body`), which express-pouchdb then takes as
 * read. Resolves whether it answered.
 */
export async function guardBulkGet(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) return answer(res, 413, { error: 'too_large', reason: 'The request body is too large.' });
    chunks.push(buffer);
  }
  let raw = Buffer.concat(chunks);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  try {
    if (encoding === 'gzip') raw = await gunzipAsync(raw);
    else if (encoding === 'deflate') raw = await inflateAsync(raw);
    else if (encoding !== 'identity') return answer(res, 415, { error: 'bad_content_type', reason: `Unsupported content encoding ${encoding}.` });
  } catch {
    return answer(res, 400, { error: 'bad_request', reason: 'The compressed body could not be read.' });
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return answer(res, 400, { error: 'bad_request', reason: 'invalid_json' });
  }
  const docs = typeof body === 'object' && body !== null ? (body as { docs?: unknown }).docs : undefined;
  if (Array.isArray(docs) && docs.length === 0) return answer(res, 200, { results: [] });
  Object.assign(req, { body, _body: true });
  delete req.headers['content-encoding'];
  return false;
}

function answer(res: ServerResponse, status: number, body: object): true {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}
