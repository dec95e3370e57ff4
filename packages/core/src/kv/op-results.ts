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
      return new ValueResult(op.key, decodeValue(packet.value, flags, op.format, op.key), flags, packet.cas);
    }
    case 'counter': {
      if (packet.valueLength !== 8) {
        throw new ProtocolError(`Counter response for '${op.key}' has a ${packet.valueLength}-byte value (expected 8)`, { key: op.key });
      }
      // Counters are u64 on the server; numbers are what users expect and are exact to 2^53.
      const value = Number(packet.value.readBigUInt64BE(0));
      return new ValueResult(op.key, value, 0, packet.cas, tokenOf(op, packet, bucket));
    }
    default:
      return new OperationResult(op.key, packet.cas, tokenOf(op, packet, bucket));
  }
}

/** An unsuccessful result carrying `rc` (quiet misses and failures). */
export function failureResult(op: KvOp, rc: number, errstr: string): Result {
  if (op.spec.result === 'operation') return new OperationResult(op.key, 0n, undefined, rc, errstr);
  return new ValueResult(op.key, null, 0, 0n, undefined, rc, errstr);
}

/** The failure result matching an error. */
export function failureResultFor(op: KvOp, error: CouchbaseError): Result {
  return failureResult(op, error.rc, error.message);
}
