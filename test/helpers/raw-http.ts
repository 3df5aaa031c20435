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

/** Sockets without a per-host limit, not kept alive: each request its own connection, as many clients would make. */
export function unlimitedAgent(): Agent {
  return new Agent({ keepAlive: false, maxSockets: Infinity });
}

/** One plain HTTP request over loopback, the way an outside client makes it. */
export function httpRequest(url: string, opts: { method?: string; token?: string | null; body?: string; headers?: Record<string, string>; agent?: Agent } = {}): Promise<RawHttpAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token !== undefined && opts.token !== null) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(opts.body));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers, ...(opts.agent === undefined ? {} : { agent: opts.agent }) }, (res) => {
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
    req.on('error', reject);
    req.end(opts.body);
  });
}
