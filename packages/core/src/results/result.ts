/**
 * Result objects, in the seeds' hierarchy: `Result` ← `OperationResult` ← `ValueResult`,
 * and `MultiResult` (a Map of key → result plus `allOk`).
 *
 * They are plain data (no back references to the bucket), created once per operation
 * on the hot path, so they carry only what a caller reads.
 */

/** A CAS value: opaque, compare for equality, pass back as given. */
export type Cas = bigint;

/** Where a mutation landed: enough for `at_plus` query consistency and seqno-based durability. */
export interface MutationToken {
  /** Bucket name. */
  readonly bucket: string;
  /** vBucket id. */
  readonly vbid: number;
  /** vBucket UUID at the time of the mutation. */
  readonly vbuuid: bigint;
  /** Sequence number of the mutation in that vBucket. */
  readonly seqno: bigint;
}

/** Base result: which key, the result code and whether it succeeded. */
export class Result {
  /** Document key. */
  readonly key: string;
  /** 0 on success, otherwise the server status (1 = not found, …). */
  readonly rc: number;
  /** Human-readable description of `rc` ("" on success). */
  readonly errstr: string;

  /** Creates a result. */
  constructor(key: string, rc = 0, errstr = '') {
    this.key = key;
    this.rc = rc;
    this.errstr = errstr;
  }

  /** True when `rc` is 0. */
  get success(): boolean {
    return this.rc === 0;
  }

  /** JSON form (CAS and token values as decimal strings, since JSON has no u64). */
  toJSON(): Record<string, unknown> {
    return { key: this.key, rc: this.rc, success: this.success, errstr: this.errstr };
  }
}

/** Result of a mutation: the new CAS and, where negotiated, the mutation token. */
export class OperationResult extends Result {
  /** CAS after the operation (0n when the operation failed). */
  readonly cas: Cas;
  /** Mutation token, when the server sends them (HELLO MUTATION_SEQNO). */
  readonly mutationToken: MutationToken | undefined;

  /** Creates a result. */
  constructor(key: string, cas: Cas = 0n, mutationToken?: MutationToken, rc = 0, errstr = '') {
    super(key, rc, errstr);
    this.cas = cas;
    this.mutationToken = mutationToken;
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
    json.cas = this.cas.toString();
    if (this.mutationToken !== undefined) {
      const t = this.mutationToken;
      json.mutationToken = { bucket: t.bucket, vbid: t.vbid, vbuuid: t.vbuuid.toString(), seqno: t.seqno.toString() };
    }
    return json;
  }
}

/** Result of a read (and of counter, which reads the new value): value and flags. */
export class ValueResult<T = unknown> extends OperationResult {
  /** The decoded value (`null` when the operation failed, e.g. a quiet miss). */
  readonly value: T;
  /** The item flags as stored (common flags: format in the top byte). */
  readonly flags: number;

  /** Creates a result. */
  constructor(key: string, value: T, flags: number, cas: Cas = 0n, mutationToken?: MutationToken, rc = 0, errstr = '') {
    super(key, cas, mutationToken, rc, errstr);
    this.value = value;
    this.flags = flags;
  }

  override toJSON(): Record<string, unknown> {
    const json = super.toJSON();
    json.value = Buffer.isBuffer(this.value) ? { type: 'Buffer', base64: this.value.toString('base64') } : this.value;
    json.flags = this.flags;
    return json;
  }
}

/** Results of a multi operation, by key, in the order the keys were given. */
export class MultiResult<R extends Result = Result> extends Map<string, R> {
  /** True when every key's operation succeeded. */
  get allOk(): boolean {
    for (const r of this.values()) if (!r.success) return false;
    return true;
  }

  /** JSON form: an object keyed by document key. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, r] of this) out[k] = r.toJSON();
    return out;
  }
}
