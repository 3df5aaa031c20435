import { Agent, request, type IncomingHttpHeaders } from 'node:http';

/** An answer read off a real socket. */
export interface RawHttpAnswer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
  /** When the whole answer had arrived (`Date.now()`). */
  readonly at: number;
}

export interface RawHttpOptions {
  readonly method?: string;
  readonly token?: string | null;
  readonly body?: string;
  readonly headers?: Record<string, string>;
  readonly agent?: Agent;
  /** Give up (reject) when the socket is silent this long; none by default. */
  readonly timeoutMs?: number;
}

/** Sockets without a per-host limit, not kept alive: each request its own connection, as many clients would make. */
export function unlimitedAgent(): Agent {
  return new Agent({ keepAlive: false, maxSockets: Infinity });
}

/** One plain HTTP request over loopback, the way an outside client makes it. */
export function httpRequest(url: string, opts: RawHttpOptions = {}): Promise<RawHttpAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined && opts.token !== null) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(opts.body));
  }
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request(url, { method: opts.method ?? 'GET', headers, ...(opts.agent === undefined ? {} : { agent: opts.agent }) }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, at: Date.now() });
      });
    });
    if (opts.timeoutMs !== undefined) {
      const timeoutMs = opts.timeoutMs;
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    }
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed while idle fails before any answer: the request
      // never reached it, so it goes once more on a fresh socket (what Node's docs advise).
      if (req.reusedSocket && !answered && err.code === 'ECONNRESET') httpRequest(url, opts).then(resolve, reject);
      else reject(err);
    });
    req.end(opts.body);
  });
}
