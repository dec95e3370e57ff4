/**
 * Probe operations: OBSERVE and OBSERVE_SEQNO to one copy of a key's vBucket (0 = the
 * active, n = replica n), routed and retried by the dispatcher like any operation but
 * reporting to a collector instead of an AsyncResult.
 */
import { KvOp, type MultiCollector, type OpOwner } from '../kv/kv-op';
import { OP_SPECS } from '../kv/op-specs';
import { encodeObserveRequest, encodeObserveSeqnoRequest } from './observe-codec';

function probe(spec: typeof OP_SPECS.observe, owner: OpOwner, key: string, copy: number, collector: MultiCollector): KvOp {
  const op = new KvOp(spec, owner, key, Buffer.byteLength(key), undefined, collector, copy);
  // The document key travels in the value (OBSERVE) or not at all (OBSERVE_SEQNO).
  op.key = '';
  op.keyLength = 0;
  op.replica = copy;
  op.lastReplica = copy;
  return op;
}

/** OBSERVE of `key` on copy `copy`; the outcome goes to `collector.done(copy, …)`. */
export function observeProbe(owner: OpOwner, key: string, copy: number, collector: MultiCollector): KvOp {
  const op = probe(OP_SPECS.observe, owner, key, copy, collector);
  op.onRouted = (o, vb) => {
    o.value = encodeObserveRequest(vb, key);
    // OBSERVE names vBuckets per entry; the header's is 0 (protocol.md §5.1).
    o.vbucket = 0;
  };
  return op;
}

/** OBSERVE_SEQNO of `key`'s vBucket (history `vbuuid`) on copy `copy`. */
export function seqnoProbe(owner: OpOwner, key: string, vbuuid: bigint, copy: number, collector: MultiCollector): KvOp {
  const op = probe(OP_SPECS.observeSeqno, owner, key, copy, collector);
  op.value = encodeObserveSeqnoRequest(vbuuid);
  return op;
}
