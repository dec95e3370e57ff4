/**
 * SCRAM building blocks (RFC 5802, protocol.md §2.3), shared by the client
 * (scram-client.ts) and the dev server's SASL server so both sides compute keys and
 * parse messages the same way.
 *
 * Nothing here logs or formats secret material: error messages name attributes and
 * positions, never values.
 */
import { createHash, createHmac, pbkdf2, timingSafeEqual } from 'node:crypto';
import { ProtocolError } from '../errors/classes';
import { SCRAM_HASH, type ScramMechanism } from './mechanisms';

// Re-exported so the dev server's SASL server needs one import for everything SCRAM.
export { SASL_MECHANISMS, SCRAM_MECHANISMS, SCRAM_HASH, isSaslMechanism, isScramMechanism } from './mechanisms';
export type { SaslMechanism, ScramMechanism, ScramHashParams } from './mechanisms';

/** GS2 header of a client that does not support channel binding and sends no authzid. */
export const GS2_HEADER = 'n,,';

/** `c=` value of client-final: base64 of {@link GS2_HEADER}. */
export const CHANNEL_BINDING = 'biws';

/** Highest iteration count either side accepts; more would let a peer stall us on PBKDF2. */
export const MAX_ITERATIONS = 10_000_000;

/** The three keys derived from SaltedPassword. */
export interface ScramKeys {
  /** HMAC(SaltedPassword, "Client Key"): only the client (and a proof) ever holds it. */
  readonly clientKey: Buffer;
  /** H(ClientKey): what a server stores to check proofs. */
  readonly storedKey: Buffer;
  /** HMAC(SaltedPassword, "Server Key"): what a server stores to sign its final message. */
  readonly serverKey: Buffer;
}

/**
 * SaltedPassword = PBKDF2(HMAC-H, password, salt, iterations, dkLen = H size).
 *
 * Asynchronous on purpose: PBKDF2 with thousands of iterations takes milliseconds, and a
 * connection handshake must not block the event loop. The password is used as its
 * UTF-8 bytes without SASLprep normalisation, as Couchbase servers and SDKs do.
 */
export function saltedPassword(mech: ScramMechanism, password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  const { hash, size } = SCRAM_HASH[mech];
  return new Promise((resolve, reject) => {
    pbkdf2(password, salt, iterations, size, hash, (err, key) => (err === null ? resolve(key) : reject(err)));
  });
}

/** HMAC-H(key, data), with the hash of `mech`. */
export function hmac(mech: ScramMechanism, key: Buffer, data: string | Buffer): Buffer {
  return createHmac(SCRAM_HASH[mech].hash, key).update(data).digest();
}

/** H(data), with the hash of `mech`. */
export function hash(mech: ScramMechanism, data: string | Buffer): Buffer {
  return createHash(SCRAM_HASH[mech].hash).update(data).digest();
}

/** Byte-wise XOR of two equally long buffers. */
export function xor(a: Buffer, b: Buffer): Buffer {
  if (a.length !== b.length) throw new RangeError(`xor of buffers of different lengths (${a.length}, ${b.length})`);
  const out = Buffer.allocUnsafe(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** ClientKey, StoredKey and ServerKey from SaltedPassword. */
export function scramKeys(mech: ScramMechanism, salted: Buffer): ScramKeys {
  const clientKey = hmac(mech, salted, 'Client Key');
  return { clientKey, storedKey: hash(mech, clientKey), serverKey: hmac(mech, salted, 'Server Key') };
}

/** Constant-time equality that, unlike `timingSafeEqual`, does not throw on different lengths. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  // Lengths are not secret here (they follow from the mechanism), so an early exit is fine.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Escapes a username for `n=` (RFC 5802 §5.1): `=` → `=3D` first, then `,` → `=2C`. */
export function escapeUsername(username: string): string {
  return username.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/**
 * Reverses {@link escapeUsername}. Strict: a `=` not followed by `2C` or `3D` is
 * malformed, so one username has exactly one wire spelling.
 *
 * @throws ProtocolError on a malformed escape.
 */
export function unescapeUsername(escaped: string): string {
  if (/=(?!2C|3D)/.test(escaped)) throw new ProtocolError('malformed SCRAM username escape');
  return escaped.replace(/=2C|=3D/g, (m) => (m === '=2C' ? ',' : '='));
}

/**
 * True for a usable nonce: non-empty, printable ASCII (space included), no comma.
 *
 * Space is allowed although RFC 5802's `printable` excludes it: the official Node SDK
 * sends nonces like `0xffffff8d 0x33 0xffffffde …` (official-sdk-observed.md) and a
 * server must accept and echo them.
 */
export function isValidNonce(nonce: string): boolean {
  return /^[\x20-\x2b\x2d-\x7e]+$/.test(nonce);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes canonical, padded base64. Returns undefined for anything else (including the
 * empty string): `Buffer.from(s, 'base64')` silently skips junk, which would let
 * malformed input through.
 */
export function decodeBase64(text: string): Buffer | undefined {
  if (text.length === 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/**
 * Parses a SCRAM message (`a=value,b=value,…`) into attribute → value, in message order.
 *
 * Strict: every part must be a single ASCII letter, `=`, then a value (which may itself
 * contain `=`, e.g. base64 padding); empty messages, empty parts and duplicate
 * attributes are rejected. Checking which attributes are allowed is the caller's job.
 *
 * @throws ProtocolError naming the problem (never a value).
 */
export function parseScramAttributes(msg: string): Map<string, string> {
  if (typeof msg !== 'string' || msg.length === 0) throw new ProtocolError('empty SCRAM message');
  const attrs = new Map<string, string>();
  const parts = msg.split(',');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (!/^[A-Za-z]=/.test(part)) throw new ProtocolError(`malformed SCRAM attribute at position ${i}`);
    const name = part[0]!;
    if (attrs.has(name)) throw new ProtocolError(`duplicate SCRAM attribute '${name}'`);
    attrs.set(name, part.slice(2));
  }
  return attrs;
}

/** True if the parsed attributes are exactly `names`, in that order. */
export function hasExactAttributes(attrs: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  const keys = [...attrs.keys()];
  return keys.length === names.length && keys.every((k, i) => k === names[i]);
}

/** Parses an iteration count: decimal digits without leading zeros, 1..{@link MAX_ITERATIONS}. */
export function parseIterations(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,7}$/.test(text)) return undefined;
  const n = Number(text);
  return n <= MAX_ITERATIONS ? n : undefined;
}
