/**
 * Builds result objects from responses (success) and for failures. Kept apart from the
 * dispatcher so the decode rules of each result kind sit in one place.
 */
import { ProtocolError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { readMutationExtras, readU32Extras } from '../mcbp/extras';
import type { Packet } from '../mcbp/packet';
import { OperationResult, Result, ValueResult, type MutationToken } from '../results/result';
import { decodeValue } from '../transcoding/formats';
import { decodeObserveResponse, decodeObserveSeqnoResponse } from '../durability/observe-codec';
import { ObserveInfo } from '../results/observe-info';
import type { KvOp } from './kv-op';

function tokenOf(op: KvOp, packet: Packet, bucket: string): MutationToken | undefined {
  const raw = readMutationExtras(packet.extras);
  return raw === undefined ? undefined : { bucket, vbid: op.vbucket, vbuuid: raw.vbuuid, seqno: raw.seqno };
}

/** The success result of an operation (may throw ValueFormatError / ProtocolError). */
export function successResult(op: KvOp, packet: Packet, bucket: string): Result {
  switch (op.spec.result) {
    case 'value': {
      const flags = readU32Extras(packet.extras);
      return new ValueResult(op.routeKey, decodeValue(packet.value, flags, op.format, op.routeKey), flags, packet.cas);
    }
    case 'counter': {
      if (packet.valueLength !== 8) {
        throw new ProtocolError(`Counter response for '${op.routeKey}' has a ${packet.valueLength}-byte value (expected 8)`, { key: op.routeKey });
      }
      // Counters are u64 on the server; numbers are what users expect and are exact to 2^53.
      const value = Number(packet.value.readBigUInt64BE(0));
      return new ValueResult(op.routeKey, value, 0, packet.cas, tokenOf(op, packet, bucket));
    }
    case 'observe': {
      const entry = decodeObserveResponse(packet.value).find((e) => e.key === op.routeKey);
      if (entry === undefined) throw new ProtocolError(`OBSERVE response for '${op.routeKey}' has no entry for the key`, { key: op.routeKey });
      return new ValueResult(op.routeKey, new ObserveInfo(entry.state, op.replica === 0, entry.cas), 0, entry.cas);
    }
    case 'seqno':
      return new ValueResult(op.routeKey, decodeObserveSeqnoResponse(packet.value), 0, 0n);
    default:
      return new OperationResult(op.routeKey, packet.cas, tokenOf(op, packet, bucket));
  }
}

/** An unsuccessful result carrying `rc` (quiet misses and failures). */
export function failureResult(op: KvOp, rc: number, errstr: string): Result {
  if (op.spec.result === 'operation') return new OperationResult(op.routeKey, 0n, undefined, rc, errstr);
  return new ValueResult(op.routeKey, null, 0, 0n, undefined, rc, errstr);
}

/** The failure result matching an error. */
export function failureResultFor(op: KvOp, error: CouchbaseError): Result {
  return failureResult(op, error.rc, error.message);
}
