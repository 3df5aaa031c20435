// Fields Apache CouchDB puts in its answers that PouchDB leaves out, added by the embedded hub's
// front so that tools written for CouchDB work against it. Both were found with
// @cloudant/couchbackup (through the IBM Cloudant SDK):
// - `_changes` answers lacked `pending`; the SDK's one-off changes follower stops at `pending: 0`
//   and, without it, asked again forever, so a backup never finished;
// - database info lacked `doc_del_count`; a restore only goes into a new, empty database
//   (`doc_count` and `doc_del_count` both 0), so every restore was refused.
import type { IncomingMessage, ServerResponse } from 'node:http';

type Answer = Record<string, unknown>;
type Completion = (answer: Answer) => Answer;

/** What to add to the answer of `req`, or null when it is left alone. */
export function completionFor(req: IncomingMessage): Completion | null {
  if (req.method !== 'GET' && req.method !== 'POST') return null;
  const url = new URL(req.url ?? '/', 'http://hub.invalid');
  const path = url.pathname.replace(/\/+$/, '');
  if (/^\/[^/_][^/]*\/_changes$/.test(path)) {
    const feed = url.searchParams.get('feed');
    if (feed !== null && feed !== 'normal') return null;
    // Pages with documents are the gateway's own reads, which never look at `pending`: they pass
    // untouched, so completing answers costs the gateway's pulls nothing. Replication and backup
    // tools read the feed without documents, and get it.
    if (url.searchParams.get('include_docs') === 'true') return null;
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam === null ? Number.POSITIVE_INFINITY : Math.max(1, Number(limitParam));
    // 0 when the page held fewer changes than asked for, so nothing follows; else 1, "at least one
    // more may follow": the client asks again and hears 0 at the end. CouchDB gives the exact
    // count; every client we know only compares it with 0.
    return (answer) => (Array.isArray(answer.results) && !('pending' in answer) ? { ...answer, pending: answer.results.length < limit ? 0 : 1 } : answer);
  }
  if (req.method === 'GET' && /^\/[^/_][^/]*$/.test(path)) {
    // PouchDB does not count deleted documents. A database that was never written to has none,
    // which is what a restore needs to know; for any other the field stays absent, and a restore
    // is refused as it would be on CouchDB if anything had ever been deleted there.
    return (answer) => ('doc_del_count' in answer || answer.update_seq !== 0 || answer.doc_count !== 0 ? answer : { ...answer, doc_del_count: 0 });
  }
  return null;
}

/**
 * Makes `res` complete the one JSON object it answers with. express-pouchdb's compression
 * middleware sends the headers before the body reaches us, so the length it would announce no
 * longer holds: none is announced, and the answer goes chunked.
 */
export function completeJsonAnswer(res: ServerResponse, complete: Completion): void {
  const chunks: Buffer[] = [];
  const originalWrite = res.write.bind(res);
  const originalEnd = res.end.bind(res);
  const originalSetHeader = res.setHeader.bind(res);
  res.setHeader = ((name: string, value: number | string | readonly string[]) => (name.toLowerCase() === 'content-length' ? res : originalSetHeader(name, value))) as ServerResponse['setHeader'];
  const collect = (chunk: unknown, encoding?: unknown): void => {
    if (typeof chunk === 'string') chunks.push(Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
  };
  res.write = ((chunk: unknown, encoding?: unknown) => {
    collect(chunk, encoding);
    return true;
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    collect(chunk, encoding);
    let body = Buffer.concat(chunks);
    if (res.statusCode === 200) {
      try {
        const answer: unknown = JSON.parse(body.toString('utf8'));
        if (typeof answer === 'object' && answer !== null && !Array.isArray(answer)) body = Buffer.from(JSON.stringify(complete(answer as Answer)));
      } catch {
        // Not JSON after all: passed on as it came.
      }
    }
    if (body.length > 0) originalWrite(body);
    return originalEnd();
  }) as ServerResponse['end'];
}
