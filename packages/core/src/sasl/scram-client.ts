/**
 * Client side of a SCRAM exchange (RFC 5802 without channel binding, protocol.md §2.3):
 *
 *   clientFirst()                → SASL_AUTH value   `n,,n=<user>,r=<cnonce>`
 *   clientFinal(server-first)    → SASL_STEP value   `c=biws,r=<nonce>,p=<proof>`
 *   verifyServerFinal(final)     checks `v=<server signature>`
 *
 * The password and everything derived from it live in #private fields, so neither
 * `util.inspect`, `JSON.stringify` nor an error message can show them.
 */
import { randomBytes } from 'node:crypto';
import { ArgumentError, AuthError, ProtocolError } from '../errors/classes';
import { isScramMechanism, type ScramMechanism } from './mechanisms';
import {
  CHANNEL_BINDING,
  GS2_HEADER,
  constantTimeEqual,
  decodeBase64,
  escapeUsername,
  hasExactAttributes,
  hmac,
  isValidNonce,
  parseIterations,
  parseScramAttributes,
  saltedPassword,
  scramKeys,
  xor,
} from './scram-primitives';

/** Options of {@link ScramClient}. */
export interface ScramClientOptions {
  /** Client nonce; a fixed one is for tests only. Default: 24 random bytes, base64 (no commas). */
  nonce?: string;
  /**
   * SaltedPassword cache shared by every connection of one credential (user + password):
   * PBKDF2 is deliberately slow, and a cluster has many connections for the same user.
   * Keyed by mechanism, iterations and salt. Its values are password-equivalent: keep the
   * map private to the authenticator that owns the password, and drop it when the
   * password changes.
   */
  saltedPasswordCache?: Map<string, Buffer>;
}

/**
 * PBKDF2 runs in progress per cache, so connections that start together compute a
 * given SaltedPassword once instead of once each. Weak: it goes away with the cache.
 */
const pending = new WeakMap<Map<string, Buffer>, Map<string, Promise<Buffer>>>();

type Phase = 'initial' | 'awaiting-server-final' | 'done';

/** One SCRAM-SHA* authentication attempt (one instance per connection attempt). */
export class ScramClient {
  /** Mechanism name, as sent in the SASL_AUTH key. */
  readonly mechanism: ScramMechanism;
  /** Username (not escaped). */
  readonly username: string;
  #password: string;
  readonly #nonce: string;
  readonly #cache: Map<string, Buffer> | undefined;
  #phase: Phase = 'initial';
  #expectedServerSignature: Buffer | undefined;

  /**
   * @throws ArgumentError for an unknown mechanism, a non-string username/password, or a
   *   nonce that is empty, non-printable or contains a comma.
   */
  constructor(mech: ScramMechanism, username: string, password: string, options: ScramClientOptions = {}) {
    if (!isScramMechanism(mech)) throw new ArgumentError(`not a SCRAM mechanism: ${String(mech)}`);
    if (typeof username !== 'string') throw new ArgumentError('SCRAM username must be a string');
    if (typeof password !== 'string') throw new ArgumentError('SCRAM password must be a string');
    const nonce = options.nonce ?? randomBytes(24).toString('base64');
    if (typeof nonce !== 'string' || !isValidNonce(nonce)) {
      throw new ArgumentError('SCRAM nonce must be non-empty printable ASCII without commas');
    }
    this.mechanism = mech;
    this.username = username;
    this.#password = password;
    this.#nonce = nonce;
    this.#cache = options.saltedPasswordCache;
  }

  /** client-first-bare: client-first without the GS2 header; part of AuthMessage. */
  get #clientFirstBare(): string {
    return `n=${escapeUsername(this.username)},r=${this.#nonce}`;
  }

  /** The SASL_AUTH value: `n,,n=<escaped user>,r=<client nonce>`. Same result on every call. */
  clientFirst(): string {
    return GS2_HEADER + this.#clientFirstBare;
  }

  /**
   * Checks server-first and answers with client-final (the SASL_STEP value).
   *
   * server-first must hold exactly `r`, `s`, `i` in that order (extensions such as a
   * mandatory `m=` are refused); the nonce must extend the client nonce; the salt must
   * be canonical base64; the iteration count an integer in 1..10,000,000.
   *
   * @throws AuthError "malformed SCRAM server-first message" when it does not.
   * @throws ProtocolError when called twice.
   */
  async clientFinal(serverFirst: string): Promise<string> {
    if (this.#phase !== 'initial') throw new ProtocolError('SCRAM clientFinal() called out of order');
    this.#phase = 'done'; // an exchange is single-use, even when this attempt fails

    const { nonce, salt, iterations } = this.#parseServerFirst(serverFirst);
    const salted = await this.#saltedPassword(salt, iterations);
    // The password is no longer needed; dropping it shortens its time in memory.
    this.#password = '';
    const { clientKey, storedKey, serverKey } = scramKeys(this.mechanism, salted);

    const withoutProof = `c=${CHANNEL_BINDING},r=${nonce}`;
    const authMessage = `${this.#clientFirstBare},${serverFirst},${withoutProof}`;
    const proof = xor(clientKey, hmac(this.mechanism, storedKey, authMessage));
    this.#expectedServerSignature = hmac(this.mechanism, serverKey, authMessage);
    this.#phase = 'awaiting-server-final';
    return `${withoutProof},p=${proof.toString('base64')}`;
  }

  /**
   * Checks server-final: `v=<base64 ServerSignature>` must match what a server knowing
   * this password would send (proves the server is genuine, not just accepting).
   *
   * @throws AuthError on `e=<error>` (the message includes the server's text), on a
   *   malformed message, or on a signature mismatch.
   * @throws ProtocolError when called before {@link clientFinal} or twice.
   */
  verifyServerFinal(serverFinal: string): void {
    const expected = this.#expectedServerSignature;
    if (this.#phase !== 'awaiting-server-final' || expected === undefined) {
      throw new ProtocolError('SCRAM verifyServerFinal() called out of order');
    }
    this.#phase = 'done';
    this.#expectedServerSignature = undefined;
    const context = { mechanism: this.mechanism };

    let attrs: Map<string, string>;
    try {
      attrs = parseScramAttributes(serverFinal);
    } catch (cause) {
      throw new AuthError('malformed SCRAM server-final message', { context, cause });
    }
    const error = attrs.get('e');
    if (error !== undefined) {
      throw new AuthError(`SCRAM authentication failed, server error: ${printable(error)}`, {
        context: { ...context, serverError: printable(error) },
      });
    }
    const signature = hasExactAttributes(attrs, ['v']) ? decodeBase64(attrs.get('v')!) : undefined;
    if (signature === undefined) throw new AuthError('malformed SCRAM server-final message', { context });
    if (!constantTimeEqual(signature, expected)) {
      throw new AuthError('SCRAM server signature mismatch: the server could not prove it knows the password', {
        context,
      });
    }
  }

  /** Short description without secrets. */
  toString(): string {
    return `ScramClient(${this.mechanism})`;
  }

  /** JSON form without secrets (for loggers that serialise whatever they get). */
  toJSON(): { mechanism: ScramMechanism; username: string } {
    return { mechanism: this.mechanism, username: this.username };
  }

  /** `util.inspect` form; #private fields are never shown, this just makes it explicit. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `ScramClient { mechanism: '${this.mechanism}', username: ${JSON.stringify(this.username)} }`;
  }

  #parseServerFirst(serverFirst: string): { nonce: string; salt: Buffer; iterations: number } {
    const context = { mechanism: this.mechanism };
    const malformed = (why: string, cause?: unknown): AuthError =>
      new AuthError(`malformed SCRAM server-first message: ${why}`, { context, cause });

    let attrs: Map<string, string>;
    try {
      attrs = parseScramAttributes(serverFirst);
    } catch (cause) {
      throw malformed('not a list of attributes', cause);
    }
    if (!hasExactAttributes(attrs, ['r', 's', 'i'])) throw malformed('expected exactly the attributes r, s, i');
    const nonce = attrs.get('r')!;
    if (!nonce.startsWith(this.#nonce) || nonce.length <= this.#nonce.length || !isValidNonce(nonce)) {
      throw malformed('the nonce does not extend the client nonce');
    }
    const salt = decodeBase64(attrs.get('s')!);
    if (salt === undefined) throw malformed('the salt is not base64');
    const iterations = parseIterations(attrs.get('i')!);
    if (iterations === undefined) throw malformed('the iteration count is not an integer in 1..10000000');
    return { nonce, salt, iterations };
  }

  async #saltedPassword(salt: Buffer, iterations: number): Promise<Buffer> {
    const cache = this.#cache;
    if (cache === undefined) return saltedPassword(this.mechanism, this.#password, salt, iterations);
    const key = `${this.mechanism}:${iterations}:${salt.toString('base64')}`;
    const hit = cache.get(key);
    if (hit !== undefined) return hit;

    let inFlight = pending.get(cache);
    if (inFlight === undefined) pending.set(cache, (inFlight = new Map()));
    const table = inFlight;
    let promise = table.get(key);
    if (promise === undefined) {
      promise = saltedPassword(this.mechanism, this.#password, salt, iterations)
        .then((salted) => {
          cache.set(key, salted);
          return salted;
        })
        .finally(() => table.delete(key));
      table.set(key, promise);
    }
    return promise;
  }
}

/** Server text made safe for an error message: printable ASCII only, bounded length. */
function printable(text: string): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}
