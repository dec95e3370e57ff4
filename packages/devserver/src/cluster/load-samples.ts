/**
 * Loads generated sample data (samples/) into a bucket: every document stored through
 * the KV semantics (CAS, seqno, replication), JSON datatype and common flags, as if a
 * client had written it.
 */
import { DATATYPE, FORMAT_FLAGS, vbucketOf } from '@couchts/core/internal';
import * as kv from '../kv/engine';
import type { SampleEntry } from '../samples/index';
import type { BucketStore } from '../store/bucket-store';
import type { ClusterClock } from '../store/clock';

/** Stores every generated document in `bucket`; returns how many. */
export function loadDocuments(bucket: BucketStore, clock: ClusterClock, docs: Iterable<SampleEntry>): number {
  let n = 0;
  const now = clock.nowMs();
  for (const [key, doc] of docs) {
    const vb = vbucketOf(key, bucket.numVbuckets);
    const copy = bucket.activeOn(vb, bucket.activeNode(vb));
    if (copy === undefined) continue;
    kv.store(bucket, copy, 'set', key, { value: Buffer.from(JSON.stringify(doc)), flags: FORMAT_FLAGS.json, datatype: DATATYPE.JSON, expiry: 0, cas: 0n }, now);
    n++;
  }
  return n;
}
