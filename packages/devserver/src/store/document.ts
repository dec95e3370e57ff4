/**
 * A stored document version. Immutable: every mutation stores a new object, so a
 * replica can share the very object the active copy wrote, and a reader holding an
 * old version never sees it change.
 */
export interface StoredDoc {
  readonly key: string;
  readonly value: Buffer;
  readonly flags: number;
  /** Datatype bits as stored (JSON when the value is valid JSON). */
  readonly datatype: number;
  readonly cas: bigint;
  /** Absolute expiry in ms since the epoch (0 = never). */
  readonly expiresAtMs: number;
  /** Sequence number of the mutation that wrote this version. */
  readonly seqno: bigint;
  /** Revision counter (bumped on every mutation of the key). */
  readonly revno: number;
  /** A tombstone left by a delete (kept for GET_META and observe). */
  readonly deleted: boolean;
  /** The lock holds until this time in ms (0 = not locked). Locks are not replicated. */
  readonly lockedUntilMs: number;
  /**
   * Extended attributes stored with this version (sub-document XATTR paths): X-Key →
   * JSON value text, user and system (`_`-prefixed) alike. Absent or empty when the
   * document has none. The value is never part of `value` (the body).
   */
  readonly xattrs?: Xattrs;
}

/**
 * A document's extended attributes: X-Key → the JSON text of its value. A frozen object
 * without a prototype (so a key such as `__proto__` or `toString` is just a key).
 */
export type Xattrs = Readonly<Record<string, string>>;

/** True for a system X-Key (leading underscore): it survives deletion on the tombstone. */
export function isSystemXattr(key: string): boolean {
  return key.startsWith('_');
}

/**
 * Builds the frozen {@link Xattrs} of `entries`, keys in byte order (the order a real
 * server's xattr blob has after any sub-document xattr update), or undefined when empty.
 */
export function makeXattrs(entries: Iterable<readonly [string, string]>): Xattrs | undefined {
  const sorted = [...entries].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (sorted.length === 0) return undefined;
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of sorted) out[k] = v;
  return Object.freeze(out);
}

/** The system xattrs only (what a delete or an expiry keeps on the tombstone). */
export function systemXattrs(xattrs: Xattrs | undefined): Xattrs | undefined {
  if (xattrs === undefined) return undefined;
  return makeXattrs(Object.entries(xattrs).filter(([k]) => isSystemXattr(k)));
}

/** True when the version carries at least one xattr. */
export function hasXattrs(doc: StoredDoc): boolean {
  return doc.xattrs !== undefined && Object.keys(doc.xattrs).length > 0;
}

/** True when the version is a live document at `nowMs` (not deleted, not expired). */
export function isLive(doc: StoredDoc | undefined, nowMs: number): doc is StoredDoc {
  return doc !== undefined && !doc.deleted && (doc.expiresAtMs === 0 || doc.expiresAtMs > nowMs);
}

/** True when the document is locked at `nowMs`. */
export function isLocked(doc: StoredDoc, nowMs: number): boolean {
  return doc.lockedUntilMs > nowMs;
}

/** The CAS a locked document shows to readers other than the lock holder. */
export const LOCKED_CAS = 0xffffffffffffffffn;
