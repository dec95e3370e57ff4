/**
 * Server side of SASL for one dev-server connection (protocol.md §2): PLAIN and
 * SCRAM-SHA1/256/512 as a small state machine driven by SASL_AUTH (`start`) and
 * SASL_STEP (`step`). The MCBP layer maps the result: 'success' → SUCCESS,
 * 'continue' → AUTH_CONTINUE, 'error' → AUTH_ERROR, each with `payload` as the value.
 *
 * Everything arriving here is hostile until checked: no input makes these methods
 * throw, and failures never reveal whether a user exists.
 */
import { randomBytes } from 'node:crypto';
import {
  CHANNEL_BINDING,
  GS2_HEADER,
  SASL_MECHANISMS,
  SCRAM_HASH,
  constantTimeEqual,
  decodeBase64,
  hasExactAttributes,
  hash,
  hmac,
  isScramMechanism,
  isValidNonce,
  parseScramAttributes,
  unescapeUsername,
  xor,
  type ScramMechanism,
} from '@couchts/core/internal';
import type { ScramCredentials, UserStore } from './user-store';

/** Outcome of one SASL_AUTH / SASL_STEP. */
export interface SaslStep {
  /** 'success' → SUCCESS, 'continue' → AUTH_CONTINUE, 'error' → AUTH_ERROR. */
  status: 'success' | 'continue' | 'error';
  /** Response value: server-first, server-final, or a short error text. */
  payload: Buffer;
  /** The authenticated user, on 'success' only. */
  username?: string;
}

/** Options of {@link SaslServer}. */
export interface SaslServerOptions {
  /**
   * Makes the server part of SCRAM nonces. Default: 18 random bytes, base64 (24 chars).
   * A fixed one is for tests reproducing published vectors.
   */
  serverNonce?: () => string;
  /** Largest SASL payload looked at; bigger ones fail at once. Default 16 KiB (real ones are < 300 bytes). */
  maxPayloadBytes?: number;
}

/** The mechanism list served for SASL_LIST_MECHS (same on TLS: OAUTHBEARER is not implemented). */
export const SERVER_MECHANISMS = SASL_MECHANISMS.join(' ');

/** An in-progress SCRAM exchange, between AUTH and STEP. */
interface PendingScram {
  readonly mechanism: ScramMechanism;
  readonly username: string;
  readonly clientFirstBare: string;
  readonly serverFirst: string;
  readonly nonce: string;
  readonly credentials: ScramCredentials;
}

// Failure payloads. SCRAM failures use RFC 5802 server-error values; wrong password and
// unknown user share one, so the answer never tells which it was.
const FAILED_PLAIN = 'Authentication failed';
const UNKNOWN_MECHANISM = 'Unsupported SASL mechanism';
const E_INVALID_PROOF = 'e=invalid-proof';
const E_INVALID_ENCODING = 'e=invalid-encoding';
const E_CHANNEL_BINDING = 'e=channel-bindings-dont-match';
const E_OTHER = 'e=other-error';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** SASL state of one connection. */
export class SaslServer {
  readonly #store: UserStore;
  readonly #serverNonce: () => string;
  readonly #maxPayload: number;
  #pending: PendingScram | undefined;
  #username: string | undefined;

  /** Creates the state for one connection, checking credentials against `store`. */
  constructor(store: UserStore, options: SaslServerOptions = {}) {
    this.#store = store;
    this.#serverNonce = options.serverNonce ?? (() => randomBytes(18).toString('base64'));
    this.#maxPayload = options.maxPayloadBytes ?? 16 * 1024;
  }

  /** The SASL_LIST_MECHS value: `SCRAM-SHA512 SCRAM-SHA256 SCRAM-SHA1 PLAIN`. */
  listMechanisms(tls: boolean): string {
    void tls; // same list either way until OAUTHBEARER (TLS only on real servers) exists
    return SERVER_MECHANISMS;
  }

  /** The user of the last successful exchange; cleared when a new one starts. */
  get username(): string | undefined {
    return this.#username;
  }

  /**
   * SASL_AUTH: starts a new exchange (abandoning any unfinished one and the previous
   * authentication). PLAIN completes here; SCRAM answers 'continue' with server-first.
   */
  async start(mechanism: string, payload: Buffer): Promise<SaslStep> {
    this.#pending = undefined;
    this.#username = undefined;
    try {
      const text = this.#decode(payload);
      if (mechanism === 'PLAIN') return text === undefined ? error(FAILED_PLAIN) : await this.#plain(text);
      if (!isScramMechanism(mechanism)) return error(UNKNOWN_MECHANISM);
      return text === undefined ? error(E_INVALID_ENCODING) : this.#scramFirst(mechanism, text);
    } catch {
      // Belt and braces: a bug in parsing must not take the connection handler down.
      return error(E_OTHER);
    }
  }

  /** SASL_STEP: SCRAM client-final → 'success' with `v=…`, or 'error'. Single use. */
  async step(mechanism: string, payload: Buffer): Promise<SaslStep> {
    const pending = this.#pending;
    this.#pending = undefined;
    try {
      if (pending === undefined || mechanism !== pending.mechanism) return error(E_OTHER);
      const text = this.#decode(payload);
      return text === undefined ? error(E_INVALID_ENCODING) : this.#scramFinal(pending, text);
    } catch {
      return error(E_OTHER);
    }
  }

  /** Bytes → string, or undefined if not a Buffer, too big, or not valid UTF-8. */
  #decode(payload: unknown): string | undefined {
    if (!(payload instanceof Uint8Array) || payload.length > this.#maxPayload) return undefined;
    try {
      return utf8.decode(payload);
    } catch {
      return undefined;
    }
  }

  async #plain(text: string): Promise<SaslStep> {
    // authzid NUL authcid NUL passwd; an authzid other than the user itself is not supported.
    const parts = text.split('\0');
    if (parts.length !== 3) return error(FAILED_PLAIN);
    const [authzid, username, password] = parts as [string, string, string];
    if ((authzid !== '' && authzid !== username) || username === '') return error(FAILED_PLAIN);
    if (!(await this.#store.verifyPlain(username, password))) return error(FAILED_PLAIN);
    this.#username = username;
    return { status: 'success', payload: Buffer.alloc(0), username };
  }

  #scramFirst(mechanism: ScramMechanism, text: string): SaslStep {
    // Only `n,,`: no channel binding (`p=`), no "client could bind" (`y,,`), no authzid.
    if (!text.startsWith(GS2_HEADER)) return error(E_INVALID_ENCODING);
    const clientFirstBare = text.slice(GS2_HEADER.length);
    const attrs = tryParse(clientFirstBare);
    // A leading `m=` (mandatory extension) or any other extension fails this check.
    if (attrs === undefined || !hasExactAttributes(attrs, ['n', 'r'])) return error(E_INVALID_ENCODING);
    const clientNonce = attrs.get('r')!;
    if (!isValidNonce(clientNonce)) return error(E_INVALID_ENCODING);
    let username: string;
    try {
      username = unescapeUsername(attrs.get('n')!);
    } catch {
      return error(E_INVALID_ENCODING);
    }
    if (username === '') return error(E_INVALID_ENCODING);

    // Unknown users get stable stand-in credentials, so this answer looks the same.
    const credentials = this.#store.scramCredentials(username, mechanism);
    const serverNonce = this.#serverNonce();
    if (!isValidNonce(serverNonce)) return error(E_OTHER);
    const nonce = clientNonce + serverNonce;
    // Exactly r, s, i: strict clients (couchbase-cxx-client) reject anything else.
    const serverFirst = `r=${nonce},s=${credentials.salt.toString('base64')},i=${credentials.iterations}`;
    this.#pending = { mechanism, username, clientFirstBare, serverFirst, nonce, credentials };
    return { status: 'continue', payload: Buffer.from(serverFirst, 'utf8') };
  }

  #scramFinal(p: PendingScram, text: string): SaslStep {
    const attrs = tryParse(text);
    if (attrs === undefined || !hasExactAttributes(attrs, ['c', 'r', 'p'])) return error(E_INVALID_ENCODING);
    if (attrs.get('c') !== CHANNEL_BINDING) return error(E_CHANNEL_BINDING);
    if (attrs.get('r') !== p.nonce) return error(E_INVALID_PROOF);
    const proof = decodeBase64(attrs.get('p')!);
    if (proof === undefined || proof.length !== SCRAM_HASH[p.mechanism].size) return error(E_INVALID_ENCODING);

    const withoutProof = `c=${CHANNEL_BINDING},r=${p.nonce}`;
    const authMessage = `${p.clientFirstBare},${p.serverFirst},${withoutProof}`;
    const { storedKey, serverKey, known } = p.credentials;
    // ClientKey = ClientProof XOR HMAC(StoredKey, AuthMessage); valid iff H(ClientKey) = StoredKey.
    const clientKey = xor(proof, hmac(p.mechanism, storedKey, authMessage));
    const valid = constantTimeEqual(hash(p.mechanism, clientKey), storedKey);
    if (!valid || !known) return error(E_INVALID_PROOF);

    this.#username = p.username;
    const signature = hmac(p.mechanism, serverKey, authMessage).toString('base64');
    return { status: 'success', payload: Buffer.from(`v=${signature}`, 'utf8'), username: p.username };
  }
}

function error(text: string): SaslStep {
  return { status: 'error', payload: Buffer.from(text, 'utf8') };
}

function tryParse(msg: string): Map<string, string> | undefined {
  try {
    return parseScramAttributes(msg);
  } catch {
    return undefined;
  }
}
