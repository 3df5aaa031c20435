// CouchDB's cookie sessions (`POST /_session` → `AuthSession` cookie) for the embedded hub's
// guard. Tools made for Apache CouchDB sign in that way rather than sending HTTP Basic on every
// request: @cloudant/couchbackup (through the IBM Cloudant SDK) always does, and without this the
// embedded hub answered it 401, so no backup of it could be made with the tool.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface SessionAdmin {
  readonly username: string;
  readonly password: string;
}

/** CouchDB's default session length (`[chttpd_auth] timeout`). */
const SESSION_SECONDS = 600;
const MAX_SIGN_IN_BYTES = 4 * 1024;

/**
 * Cookies signed with a key made when the hub process starts: a restart ends every session, and
 * the tools sign in again as they do against CouchDB.
 */
export class HubSessions {
  private readonly key = randomBytes(32);

  constructor(
    private readonly admin: SessionAdmin,
    private readonly equal: (a: string, b: string) => boolean,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a `Cookie` header carries a live session of the admin. */
  admits(cookieHeader: string | undefined): boolean {
    const value = /(?:^|;\s*)AuthSession=([A-Za-z0-9_-]+)/.exec(cookieHeader ?? '')?.[1];
    if (value === undefined) return false;
    // `<expiry, base 36>_<mac, base64url>`: the mac may hold `_` too, the expiry never does.
    const cut = value.indexOf('_');
    const expires = value.slice(0, cut);
    const mac = value.slice(cut + 1);
    if (cut < 1 || !/^[0-9a-z]+$/.test(expires)) return false;
    const expected = this.sign(expires);
    const given = Buffer.from(mac, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected) && parseInt(expires, 36) * 1000 > this.now();
  }

  /** Answers `POST /_session` as CouchDB does: JSON or form fields `name` (or `username`) and `password`. */
  async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fields = await readFields(req);
    const name = fields.get('name') ?? fields.get('username') ?? '';
    const password = fields.get('password') ?? '';
    const nameOk = this.equal(name, this.admin.username);
    const passwordOk = this.equal(password, this.admin.password);
    if (!nameOk || !passwordOk) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorized', reason: 'Name or password is incorrect.' }));
      return;
    }
    const expiresAt = Math.floor(this.now() / 1000) + SESSION_SECONDS;
    const expires = expiresAt.toString(36);
    const cookie = `AuthSession=${expires}_${this.sign(expires).toString('base64url')}; Version=1; Expires=${new Date(expiresAt * 1000).toUTCString()}; Max-Age=${SESSION_SECONDS}; Path=/; HttpOnly`;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': cookie });
    res.end(JSON.stringify({ ok: true, name: this.admin.username, roles: ['_admin'] }));
  }

  private sign(expires: string): Buffer {
    return createHmac('sha256', this.key).update(`${this.admin.username}:${expires}`).digest();
  }
}

async function readFields(req: IncomingMessage): Promise<Map<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_SIGN_IN_BYTES) return new Map();
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return new Map(new URLSearchParams(text));
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}
