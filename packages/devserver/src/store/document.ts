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
