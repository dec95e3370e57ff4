/**
 * Key-value semantics, as a real server applies them (kv_engine, BinaryProtocol.md):
 * CAS on every mutation, expiry (relative or absolute), locks that expire, counters,
 * append/prepend, tombstones. Pure functions over the store; no wire format here.
 *
 * Outcomes use engine codes; the wire layer maps them to statuses, including the
 * remapping a real server applies for clients that did not negotiate XERROR.
 */
import { DATATYPE } from '@couchts/core/internal';
import type { BucketStore } from '../store/bucket-store';
import { expiryToMs } from '../store/clock';
import { isLive, isLocked, LOCKED_CAS, systemXattrs, type StoredDoc, type Xattrs } from '../store/document';
import type { VBucketCopy } from '../store/vbucket';

/** Engine-level outcome codes (kv_engine engine_errc, simplified). */
export const ENGINE = {
  SUCCESS: 'success',
  NOT_FOUND: 'not_found',
  EXISTS: 'exists',
  /** Mutation of a locked document without its lock CAS. */
  LOCKED: 'locked',
  /** A lock request on a locked document, or an unlock with the wrong CAS. */
  LOCKED_TMPFAIL: 'locked_tmpfail',
  NOT_LOCKED: 'not_locked',
  NOT_STORED: 'not_stored',
  DELTA_BADVAL: 'delta_badval',
  EINVAL: 'einval',
} as const;
/** One of {@link ENGINE}'s values. */
export type EngineCode = (typeof ENGINE)[keyof typeof ENGINE];

/** Result of an engine call. */
export type Outcome = { readonly code: typeof ENGINE.SUCCESS; readonly doc: StoredDoc } | { readonly code: Exclude<EngineCode, 'success'> };

const fail = (code: Exclude<EngineCode, 'success'>): Outcome => ({ code });
const ok = (doc: StoredDoc): Outcome => ({ code: ENGINE.SUCCESS, doc });

/** Longest lock; 0 or more than this means the default. */
export const MAX_LOCK_S = 30;
/** Lock time when none (or an out-of-range one) is given. */
export const DEFAULT_LOCK_S = 15;

/** Detects whether bytes are a JSON document (a real server does the same to set the datatype). */
export function looksLikeJson(value: Buffer): boolean {
  if (value.byteLength === 0) return false;
  let i = 0;
  while (i < value.byteLength && (value[i] === 0x20 || value[i] === 0x0a || value[i] === 0x0d || value[i] === 0x09)) i++;
  const c = value[i];
  // { [ " digits - t f n
  if (c === undefined || !(c === 0x7b || c === 0x5b || c === 0x22 || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x74 || c === 0x66 || c === 0x6e)) {
    return false;
  }
  try {
    JSON.parse(value.toString('utf8'));
    return true;
  } catch {
    return false;
  }
}

interface NewVersion {
  value: Buffer;
  flags: number;
  datatype: number;
  expiresAtMs: number;
  deleted?: boolean;
  lockedUntilMs?: number;
  cas?: bigint;
  /** Extended attributes of the new version (none when absent). */
  xattrs?: Xattrs | undefined;
}

/**
 * Writes a new version of `key` (new CAS and seqno) and returns it. The XATTR datatype
 * bit follows the xattrs (as in a real server's datatype, which GET_META reports).
 */
function writeVersion(bucket: BucketStore, copy: VBucketCopy, key: string, prev: StoredDoc | undefined, v: NewVersion): StoredDoc {
  const xattrs = v.xattrs !== undefined && Object.keys(v.xattrs).length > 0 ? v.xattrs : undefined;
  const doc: StoredDoc = {
    key,
    value: v.value,
    flags: v.flags,
    datatype: (v.datatype & ~DATATYPE.XATTR) | (xattrs !== undefined ? DATATYPE.XATTR : 0),
    cas: v.cas ?? bucket.nextCas(),
    expiresAtMs: v.expiresAtMs,
    seqno: bucket.nextSeqno(copy),
    revno: (prev?.revno ?? 0) + 1,
    deleted: v.deleted ?? false,
    lockedUntilMs: v.lockedUntilMs ?? 0,
    ...(xattrs !== undefined ? { xattrs } : {}),
  };
  bucket.write(copy, doc);
  return doc;
}

/** The live document, turning an expired one into a tombstone on the way (lazy expiry). */
function liveDoc(bucket: BucketStore, copy: VBucketCopy, key: string, nowMs: number): StoredDoc | undefined {
  const doc = copy.docs.get(key);
  if (doc === undefined || doc.deleted) return undefined;
  const current: StoredDoc = doc;
  if (isLive(current, nowMs)) return current;
  // Expiry, like a delete, keeps the system xattrs on the tombstone (ep-engine handlePreExpiry).
  writeVersion(bucket, copy, key, doc, { value: Buffer.alloc(0), flags: 0, datatype: 0, expiresAtMs: 0, deleted: true, xattrs: systemXattrs(doc.xattrs) });
  return undefined;
}

/** Mutation guard: a lock wants its CAS; otherwise a CAS must match. Undefined = allowed. */
function guard(doc: StoredDoc, cas: bigint, nowMs: number): Exclude<EngineCode, 'success'> | undefined {
  if (isLocked(doc, nowMs)) return cas !== 0n && cas === doc.cas ? undefined : ENGINE.LOCKED;
  if (cas !== 0n && cas !== doc.cas) return ENGINE.EXISTS;
  return undefined;
}

/** GET: the live document (the caller hides the CAS of a locked one). */
export function get(bucket: BucketStore, copy: VBucketCopy, key: string, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  return doc === undefined ? fail(ENGINE.NOT_FOUND) : ok(doc);
}

/** GET on a replica copy (no expiry processing on replicas: the active copy owns that). */
export function getReplica(copy: VBucketCopy, key: string, nowMs: number): Outcome {
  const doc = copy.docs.get(key);
  return isLive(doc, nowMs) ? ok(doc) : fail(ENGINE.NOT_FOUND);
}

/** GET_META: the latest version, tombstones included (an expired document shows as deleted). */
export function getMeta(bucket: BucketStore, copy: VBucketCopy, key: string, nowMs: number): Outcome {
  // Expiry is the active copy's job; a replica only ever reflects what it was sent.
  if (copy.state === 'active') liveDoc(bucket, copy, key, nowMs);
  const doc = copy.docs.get(key);
  return doc === undefined ? fail(ENGINE.NOT_FOUND) : ok(doc);
}

/** Store modes: SET (upsert), ADD (insert), REPLACE. */
export type StoreMode = 'set' | 'add' | 'replace';

/** SET / ADD / REPLACE. `preserveTtl` keeps an existing document's expiry. */
export function store(
  bucket: BucketStore,
  copy: VBucketCopy,
  mode: StoreMode,
  key: string,
  req: { value: Buffer; flags: number; datatype: number; expiry: number; cas: bigint; preserveTtl?: boolean },
  nowMs: number,
): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (mode === 'add') {
    if (req.cas !== 0n) return fail(ENGINE.EINVAL);
    if (doc !== undefined) return fail(ENGINE.EXISTS);
  } else if (doc === undefined) {
    if (mode === 'replace' || req.cas !== 0n) return fail(ENGINE.NOT_FOUND);
  } else {
    const g = guard(doc, req.cas, nowMs);
    if (g !== undefined) return fail(g);
  }
  const datatype = (req.datatype & DATATYPE.JSON) !== 0 || looksLikeJson(req.value) ? DATATYPE.JSON : 0;
  const expiresAtMs = req.preserveTtl === true && doc !== undefined ? doc.expiresAtMs : expiryToMs(req.expiry, nowMs);
  // A full-document write keeps the xattrs of the document it replaces, user and system
  // (kv_engine mutation_context.cc, getExistingItemToPreserveXattr).
  return ok(writeVersion(bucket, copy, key, copy.docs.get(key), { value: req.value, flags: req.flags, datatype, expiresAtMs, xattrs: doc?.xattrs }));
}

/** DELETE: leaves a tombstone. */
export function remove(bucket: BucketStore, copy: VBucketCopy, key: string, cas: bigint, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) return fail(ENGINE.NOT_FOUND);
  const g = guard(doc, cas, nowMs);
  if (g !== undefined) return fail(g);
  // User xattrs go with the body; system xattrs stay on the tombstone (remove_context.cc rebuildXattr).
  return ok(writeVersion(bucket, copy, key, doc, { value: Buffer.alloc(0), flags: 0, datatype: 0, expiresAtMs: 0, deleted: true, xattrs: systemXattrs(doc.xattrs) }));
}

/** APPEND / PREPEND: the document must exist (NOT_STORED otherwise); flags and expiry are kept. */
export function concat(bucket: BucketStore, copy: VBucketCopy, key: string, bytes: Buffer, cas: bigint, prepend: boolean, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) return fail(ENGINE.NOT_STORED);
  const g = guard(doc, cas, nowMs);
  if (g !== undefined) return fail(g);
  const value = prepend ? Buffer.concat([bytes, doc.value]) : Buffer.concat([doc.value, bytes]);
  return ok(writeVersion(bucket, copy, key, doc, { value, flags: doc.flags, datatype: looksLikeJson(value) ? DATATYPE.JSON : 0, expiresAtMs: doc.expiresAtMs, xattrs: doc.xattrs }));
}

/** TOUCH / GAT: new expiry, new CAS. */
export function touch(bucket: BucketStore, copy: VBucketCopy, key: string, expiry: number, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) return fail(ENGINE.NOT_FOUND);
  if (isLocked(doc, nowMs)) return fail(ENGINE.LOCKED);
  return ok(writeVersion(bucket, copy, key, doc, { value: doc.value, flags: doc.flags, datatype: doc.datatype, expiresAtMs: expiryToMs(expiry, nowMs), xattrs: doc.xattrs }));
}

/** GET_LOCKED: locks for `lockSeconds` (0 or over 30 → 15) and returns the lock CAS. */
export function getLocked(bucket: BucketStore, copy: VBucketCopy, key: string, lockSeconds: number, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) return fail(ENGINE.NOT_FOUND);
  if (isLocked(doc, nowMs)) return fail(ENGINE.LOCKED_TMPFAIL);
  const seconds = lockSeconds === 0 || lockSeconds > MAX_LOCK_S ? DEFAULT_LOCK_S : lockSeconds;
  // A lock changes only lock state and CAS: same seqno, not replicated (locks are local to the active copy).
  const locked: StoredDoc = { ...doc, cas: bucket.nextCas(), lockedUntilMs: nowMs + seconds * 1000 };
  copy.docs.set(key, locked);
  return ok(locked);
}

/** UNLOCK_KEY with the lock CAS. */
export function unlock(bucket: BucketStore, copy: VBucketCopy, key: string, cas: bigint, nowMs: number): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) return fail(ENGINE.NOT_FOUND);
  if (!isLocked(doc, nowMs)) return fail(ENGINE.NOT_LOCKED);
  if (cas !== doc.cas) return fail(ENGINE.LOCKED_TMPFAIL);
  const unlocked: StoredDoc = { ...doc, lockedUntilMs: 0 };
  copy.docs.set(key, unlocked);
  return ok(unlocked);
}

/** Expiry value of a counter request meaning "do not create a missing document". */
export const COUNTER_NO_CREATE = 0xffffffff;
const U64 = 1n << 64n;

/** Parses a stored counter: ASCII decimal digits of a u64, nothing else. */
function parseCounter(value: Buffer): bigint | undefined {
  const text = value.toString('latin1');
  if (!/^\d{1,20}$/.test(text)) return undefined;
  const n = BigInt(text);
  return n < U64 ? n : undefined;
}

/** INCREMENT / DECREMENT: increments wrap at 2^64, decrements stop at 0; a created counter starts at `initial`. */
export function counter(
  bucket: BucketStore,
  copy: VBucketCopy,
  key: string,
  req: { delta: bigint; initial: bigint; expiry: number; increment: boolean; cas: bigint },
  nowMs: number,
): Outcome {
  const doc = liveDoc(bucket, copy, key, nowMs);
  if (doc === undefined) {
    if (req.expiry === COUNTER_NO_CREATE) return fail(ENGINE.NOT_FOUND);
    return ok(writeVersion(bucket, copy, key, copy.docs.get(key), { value: Buffer.from(req.initial.toString()), flags: 0, datatype: DATATYPE.JSON, expiresAtMs: expiryToMs(req.expiry, nowMs) }));
  }
  const g = guard(doc, req.cas, nowMs);
  if (g !== undefined) return fail(g);
  const current = parseCounter(doc.value);
  if (current === undefined) return fail(ENGINE.DELTA_BADVAL);
  const next = req.increment ? (current + req.delta) % U64 : current > req.delta ? current - req.delta : 0n;
  return ok(writeVersion(bucket, copy, key, doc, { value: Buffer.from(next.toString()), flags: doc.flags, datatype: DATATYPE.JSON, expiresAtMs: doc.expiresAtMs, xattrs: doc.xattrs }));
}

// ---------------------------------------------------------------------------------------
// Sub-document support. The subdoc handler reads a version, computes the new body and
// xattrs with the pure code of kv/subdoc/, and writes the result here in one step (the
// dev cluster runs a command to completion, so no other write can come in between).

/**
 * The version a sub-document command works on: the live document (an expired one turns
 * into its tombstone on the way), or with `accessDeleted` the tombstone too.
 */
export function subdocFetch(bucket: BucketStore, copy: VBucketCopy, key: string, nowMs: number, accessDeleted: boolean): StoredDoc | undefined {
  const live = liveDoc(bucket, copy, key, nowMs);
  if (live !== undefined || !accessDeleted) return live;
  const doc = copy.docs.get(key);
  return doc?.deleted === true ? doc : undefined;
}

/** The same on a replica copy (REPLICA_READ doc flag): no expiry processing there. */
export function subdocFetchReplica(copy: VBucketCopy, key: string, nowMs: number, accessDeleted: boolean): StoredDoc | undefined {
  const doc = copy.docs.get(key);
  if (doc === undefined) return undefined;
  if (doc.deleted) return accessDeleted ? doc : undefined;
  return isLive(doc, nowMs) ? doc : undefined;
}

/**
 * CAS and lock checks of a sub-document command (kv_engine subdocument_context.cc,
 * get_document_for_searching). A locked document shows CAS -1 to readers, so a lookup
 * carrying any other CAS mismatches; a mutation needs the lock CAS (without a CAS, or
 * with a wrong one, kv_engine answers "locked tmpfail": LOCKED, or ETMPFAIL without XERROR).
 */
export function subdocGuard(doc: StoredDoc, cas: bigint, nowMs: number, mutation: boolean): Exclude<EngineCode, 'success'> | undefined {
  if (!doc.deleted && isLocked(doc, nowMs)) {
    if (mutation) return cas !== 0n && cas === doc.cas ? undefined : ENGINE.LOCKED_TMPFAIL;
    return cas !== 0n && cas !== LOCKED_CAS ? ENGINE.EXISTS : undefined;
  }
  if (cas !== 0n && cas !== doc.cas) return ENGINE.EXISTS;
  return undefined;
}

/** CAS and seqno the next write to `copy` will get (macro expansion needs them before the write). */
export function nextMutation(bucket: BucketStore, copy: VBucketCopy): { cas: bigint; seqno: bigint } {
  return { cas: bucket.nextCas(), seqno: bucket.nextSeqno(copy) };
}

/** A version computed by a sub-document mutation. */
export interface SubdocVersion {
  readonly value: Buffer;
  /** Body datatype (JSON or raw); the XATTR bit follows `xattrs`. */
  readonly datatype: number;
  readonly flags: number;
  readonly expiresAtMs: number;
  readonly deleted: boolean;
  readonly xattrs: Xattrs | undefined;
  /** The CAS reserved with {@link nextMutation}. */
  readonly cas: bigint;
}

/** Writes the version a sub-document mutation computed (unlocks, new seqno, replicated). */
export function subdocStore(bucket: BucketStore, copy: VBucketCopy, key: string, v: SubdocVersion): StoredDoc {
  return writeVersion(bucket, copy, key, copy.docs.get(key), v);
}
