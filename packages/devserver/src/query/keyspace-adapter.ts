/**
 * The query engine's view of the dev cluster's data: each bucket is a keyspace whose
 * documents are the active vBucket copies' live documents. Writes go through the same
 * KV semantics as KV commands (new CAS and seqno, replication, tombstones), so a DML
 * statement is visible to KV at once and a KV mutation to the next query.
 */
import { DATATYPE, FORMAT_FLAGS, vbucketOf } from '@couchts/core/internal';
import * as kv from '../kv/engine';
import { ENGINE, type Outcome } from '../kv/engine';
import type { Datastore, DocMeta, Keyspace, StoredValue, WriteResult } from '../n1ql/datastore';
import type { BucketStore } from '../store/bucket-store';
import { expiryToSeconds, type ClusterClock } from '../store/clock';
import { isLive, type StoredDoc } from '../store/document';
import type { VBucketCopy } from '../store/vbucket';

function metaOf(doc: StoredDoc): DocMeta {
  return {
    id: doc.key,
    cas: doc.cas,
    expiration: expiryToSeconds(doc.expiresAtMs),
    flags: doc.flags,
    type: (doc.datatype & DATATYPE.JSON) !== 0 ? 'json' : 'base64',
  };
}

/** Freezes a parsed document, so an accidental in-place change throws instead of corrupting the cache. */
function deepFreeze(v: unknown): void {
  if (typeof v !== 'object' || v === null || Object.isFrozen(v)) return;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
}

/**
 * Parsed documents by version. A StoredDoc is immutable, so its parsed value can be kept
 * for as long as the version lives: a query over thousands of documents does not parse
 * every one again (the engine copies before it changes anything).
 */
const parsed = new WeakMap<StoredDoc, StoredValue>();

function valueOf(doc: StoredDoc): StoredValue {
  let v = parsed.get(doc);
  if (v === undefined) {
    v = parseDoc(doc);
    deepFreeze(v.value);
    parsed.set(doc, v);
  }
  return v;
}

function parseDoc(doc: StoredDoc): StoredValue {
  const json = (doc.datatype & DATATYPE.JSON) !== 0;
  let value: unknown;
  if (json) {
    try {
      value = JSON.parse(doc.value.toString('utf8'));
    } catch {
      value = doc.value.toString('base64');
    }
  } else value = doc.value.toString('base64');
  return { value, meta: metaOf(doc) };
}

function writeResult(outcome: Outcome, id: string): WriteResult {
  if (outcome.code === ENGINE.SUCCESS) return { ok: true, meta: metaOf(outcome.doc) };
  switch (outcome.code) {
    case ENGINE.EXISTS:
      return { ok: false, reason: 'exists', message: `Duplicate Key: ${id}` };
    case ENGINE.NOT_FOUND:
      return { ok: false, reason: 'not_found', message: `Key not found: ${id}` };
    case ENGINE.LOCKED:
    case ENGINE.LOCKED_TMPFAIL:
      return { ok: false, reason: 'locked', message: `Document is locked: ${id}` };
    default:
      return { ok: false, reason: 'cas_mismatch', message: `CAS mismatch for ${id}` };
  }
}

/** A bucket as a keyspace. */
export class BucketKeyspace implements Keyspace {
  readonly name: string;

  constructor(
    private readonly bucket: BucketStore,
    private readonly clock: ClusterClock,
  ) {
    this.name = bucket.name;
  }

  /** The active copy of the vBucket holding `id`. */
  #copyFor(id: string): VBucketCopy | undefined {
    const vb = vbucketOf(id, this.bucket.numVbuckets);
    return this.bucket.activeOn(vb, this.bucket.activeNode(vb));
  }

  *scan(): Iterable<StoredValue> {
    const b = this.bucket;
    for (let vb = 0; vb < b.numVbuckets; vb++) {
      const copy = b.activeOn(vb, b.activeNode(vb));
      if (copy === undefined) continue;
      // Read the clock per vBucket: a long scan sees expiries as they happen.
      const now = this.clock.nowMs();
      for (const doc of copy.docs.values()) if (isLive(doc, now)) yield valueOf(doc);
    }
  }

  get(id: string): StoredValue | undefined {
    const copy = this.#copyFor(id);
    if (copy === undefined) return undefined;
    const outcome = kv.get(this.bucket, copy, id, this.clock.nowMs());
    return outcome.code === ENGINE.SUCCESS ? valueOf(outcome.doc) : undefined;
  }

  #store(mode: kv.StoreMode, id: string, value: unknown, cas: bigint, expiration?: number): WriteResult {
    const copy = this.#copyFor(id);
    if (copy === undefined) return { ok: false, reason: 'not_found', message: `No active vBucket for ${id}` };
    const text = JSON.stringify(value);
    const outcome = kv.store(
      this.bucket,
      copy,
      mode,
      id,
      { value: Buffer.from(text ?? 'null'), flags: FORMAT_FLAGS.json, datatype: DATATYPE.JSON, expiry: expiration ?? 0, cas },
      this.clock.nowMs(),
    );
    return writeResult(outcome, id);
  }

  insert(id: string, value: unknown, expiration?: number): WriteResult {
    return this.#store('add', id, value, 0n, expiration);
  }

  upsert(id: string, value: unknown, expiration?: number): WriteResult {
    return this.#store('set', id, value, 0n, expiration);
  }

  replace(id: string, value: unknown, cas: bigint, expiration?: number): WriteResult {
    return this.#store('replace', id, value, cas, expiration);
  }

  remove(id: string, cas: bigint): WriteResult {
    const copy = this.#copyFor(id);
    if (copy === undefined) return { ok: false, reason: 'not_found', message: `No active vBucket for ${id}` };
    return writeResult(kv.remove(this.bucket, copy, id, cas, this.clock.nowMs()), id);
  }
}

/** Every bucket of the cluster as a keyspace. */
export class ClusterDatastore implements Datastore {
  constructor(
    private readonly buckets: ReadonlyMap<string, BucketStore>,
    private readonly clock: ClusterClock,
  ) {}

  keyspace(name: string): Keyspace | undefined {
    const b = this.buckets.get(name);
    return b === undefined ? undefined : new BucketKeyspace(b, this.clock);
  }

  keyspaceNames(): string[] {
    return [...this.buckets.keys()];
  }
}
