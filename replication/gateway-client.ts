import { deadlineSignal } from '../schemas/runtime/deadline-signal.ts';

/** Why a gateway call failed, in the terms sync status and retries need. */
export type GatewayFailureKind = 'offline' | 'unavailable' | 'auth' | 'refused';

export class GatewayCallError extends Error {
  constructor(
    readonly kind: GatewayFailureKind,
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
  }
}

export interface SessionSource {
  /** The current bearer token, or null when the worker must sign in again. */
  token(): string | null;
}

export interface GatewayClientOptions {
  /** e.g. http://127.0.0.1:3000 */
  readonly baseUrl: string;
  readonly unitId: string;
  readonly session: SessionSource;
  readonly deviceId: string;
  /** Passed in, so tests and the service worker can supply their own. */
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  /** Told about every call's outcome (null: success): feeds online/offline in the sync status. */
  readonly onOutcome?: (failure: GatewayCallError | null) => void;
  /** The device's clock (default `Date.now`), for timing calls. */
  readonly now?: () => number;
  /** Told the hub's time from each answer's `Date` header, with when the call went out and came back. */
  readonly onHubTime?: (hubMs: number, sentAtMs: number, receivedAtMs: number) => void;
}

/**
 * The station's only way to the network: JSON over the gateway's per-unit sync path, with the
 * token, a hard timeout on every call, and failures sorted into kinds.
 */
export class GatewayClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly opts: GatewayClientOptions) {
    this.fetchImpl = opts.fetch ?? globalThis.fetch.bind(globalThis);
  }

  collectionUrl(collection: string): string {
    return `${this.opts.baseUrl.replace(/\/$/, '')}/sync/${encodeURIComponent(this.opts.unitId)}/${collection}`;
  }

  async getJson(path: string, timeoutMs?: number, signal?: AbortSignal): Promise<unknown> {
    return this.call('GET', path, undefined, timeoutMs, signal);
  }

  async postJson(path: string, body: unknown): Promise<unknown> {
    return this.call('POST', path, body);
  }

  private async call(method: string, url: string, body: unknown, timeoutMs?: number, signal?: AbortSignal): Promise<unknown> {
    try {
      const answer = await this.send(method, url, body, timeoutMs, signal);
      this.opts.onOutcome?.(null);
      return answer;
    } catch (err) {
      const failure = err instanceof GatewayCallError ? err : new GatewayCallError('offline', String(err));
      // A call we cancelled ourselves (sync stopping) says nothing about the link.
      if (signal?.aborted !== true) this.opts.onOutcome?.(failure);
      throw failure;
    }
  }

  private async send(method: string, url: string, body: unknown, timeoutMs?: number, signal?: AbortSignal): Promise<unknown> {
    const token = this.opts.session.token();
    if (token === null) throw new GatewayCallError('auth', 'not signed in');
    const deadline = deadlineSignal(timeoutMs ?? this.opts.timeoutMs ?? 20_000, signal);
    const init: RequestInit = {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        // Sync pages compress about twelvefold. Node's fetch asks only for gzip and deflate unless
        // told; a browser sends its own list (this header is one a page may not set) and decodes.
        'accept-encoding': 'br, gzip',
        'x-liandong-device': this.opts.deviceId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: deadline.signal,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    };
    let response: Response;
    let text: string;
    const deviceNow = this.opts.now ?? Date.now;
    const sentAt = deviceNow();
    try {
      response = await this.fetchImpl(url, init);
      const date = response.headers.get('date');
      if (date !== null) this.opts.onHubTime?.(Date.parse(date), sentAt, deviceNow());
      // Reading the body can fail too: a link cut mid-body is an offline moment, not a bad answer.
      text = await response.text();
    } catch (err) {
      throw new GatewayCallError('offline', err instanceof Error ? err.message : String(err));
    } finally {
      deadline.dispose();
    }
    const parsed = parseJson(text);
    if (response.ok) {
      if (parsed === undefined) throw new GatewayCallError('offline', `truncated or non-JSON answer from ${url}`);
      return parsed;
    }
    const reason = typeof parsed === 'object' && parsed !== null ? (parsed as { reason?: unknown; code?: unknown }) : {};
    const message = typeof reason.reason === 'string' ? reason.reason : `HTTP ${response.status}`;
    const code = typeof reason.code === 'string' ? reason.code : undefined;
    if (response.status === 401) throw new GatewayCallError('auth', message, 401, code);
    if (response.status === 403 && code === 'ERR_ACCOUNT_DISABLED') throw new GatewayCallError('auth', message, 403, code);
    if (response.status >= 500 || response.status === 429) throw new GatewayCallError('unavailable', message, response.status, code);
    throw new GatewayCallError('refused', message, response.status, code);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
