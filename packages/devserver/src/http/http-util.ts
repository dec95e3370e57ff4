/**
 * Small helpers shared by the dev cluster's HTTP services: Basic authentication against
 * the user store (with a cache, since verifying a password costs a PBKDF2), JSON
 * replies, and a listener that survives hostile requests.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { UserStore } from '../auth/user-store';

/**
 * The URL of a request, or undefined when its target does not parse: an absolute-form
 * target such as `http://[::1` gets past Node's HTTP parser but makes `new URL` throw,
 * and an exception there would surface as a 500.
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent`, or undefined for a malformed escape (`%zz`) instead of a URIError. */
export function decodeComponent(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** Sends a JSON body with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Verifies HTTP Basic credentials; remembers verified credential digests (never the password). */
export class BasicAuth {
  readonly #verified = new Map<string, string>();

  constructor(private readonly users: UserStore) {}

  /** The authenticated user name, or undefined (missing or wrong credentials). */
  async check(req: IncomingMessage): Promise<string | undefined> {
    const header = req.headers.authorization;
    if (header === undefined || !header.startsWith('Basic ')) return undefined;
    const digest = createHash('sha256').update(header).digest('hex');
    const known = this.#verified.get(digest);
    if (known !== undefined) return known;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const user = decoded.slice(0, colon);
    if (!(await this.users.verifyPlain(user, decoded.slice(colon + 1)))) return undefined;
    if (this.#verified.size > 1000) this.#verified.clear();
    this.#verified.set(digest, user);
    return user;
  }
}

/** Replies 401 the way Couchbase Server does. */
export function unauthorized(res: ServerResponse): void {
  res.writeHead(401, { 'www-authenticate': 'Basic realm="Couchbase Server Admin / REST"', 'content-length': 0 });
  res.end();
}
