/**
 * Builds result objects from responses (success) and for failures. Kept apart from the
 * dispatcher so the decode rules of each result kind sit in one place.
 */
import { ProtocolError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { readMutationExtras } from '../mcbp/extras';
import { HEADER_SIZE } from '../mcbp/header';
import type { Packet } from '../mcbp/packet';
import { OperationResult, Result, ValueResult, type MutationToken } from '../results/result';
import { decodeValue } from '../transcoding/formats';
import { decodeObserveResponse, decodeObserveSeqnoResponse } from '../durability/observe-codec';
import { ObserveInfo } from '../results/observe-info';
import { SubdocResult, type SubdocEntry } from '../results/subdoc-result';
import { SUBDOC_OPCODES, type SubdocSpec } from '../subdoc/sd';
import { decodeLookupResults, decodeMutationFailure, decodeMutationResults } from '../subdoc/subdoc-codec';
import { errorForStatus } from '../errors/status-errors';
import { STATUS } from '../mcbp/status';
import type { KvOp } from './kv-op';

function tokenOf(op: KvOp, packet: Packet, bucket: string): MutationToken | undefined {
  const raw = readMutationExtras(packet.extras);
  return raw === undefined ? undefined : { bucket, vbid: op.vbucket, vbuuid: raw.vbuuid, seqno: raw.seqno };
}

/** The success result of an operation (may throw ValueFormatError / ProtocolError). */
export function successResult(op: KvOp, packet: Packet, bucket: string): Result {
  switch (op.spec.result) {
    case 'value': {
      // Flags straight from the frame: no view of the extras per operation.
      const flags = packet.extrasLength >= 4 ? packet.frame.readUInt32BE(HEADER_SIZE + packet.framingExtrasLength) : 0;
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
    case 'subdoc':
      return subdocResult(op, packet, bucket);
    default:
      return new OperationResult(op.routeKey, packet.cas, tokenOf(op, packet, bucket));
  }
}

/** Decodes a spec's value: JSON as JSON, anything else as text (a non-JSON whole document). */
function specValue(spec: SubdocSpec, bytes: Buffer | undefined): unknown {
  if (spec.opcode === SUBDOC_OPCODES.EXISTS) return true;
  if (bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The SubdocResult of lookupIn / mutateIn. A lookup answered MULTI_PATH_FAILURE still has a
 * result per spec; a mutation answered so failed as a whole: the failing spec's error is thrown.
 */
function subdocResult(op: KvOp, packet: Packet, bucket: string): SubdocResult {
  const plan = op.subdoc!;
  const n = plan.specs.length;
  const entries: SubdocEntry[] = new Array(n);
  const specError = (status: number, wireIndex: number): CouchbaseError => {
    const spec = plan.specs[wireIndex]!;
    const err = errorForStatus(status, { key: op.routeKey, operation: op.spec.name, bucket });
    Object.assign(err.context as object, { specIndex: plan.order[wireIndex], path: spec.path });
    // Name the failing spec in the message too: "which of my 10 specs?" is the first question.
    const before = err.message;
    err.message = `${before} at spec ${plan.order[wireIndex]} (path '${spec.path}')`;
    if (err.stack !== undefined) err.stack = err.stack.replace(before, err.message);
    return err;
  };
  if (!op.spec.mutation) {
    decodeLookupResults(packet.value, n).forEach((r, i) => {
      const spec = plan.specs[i]!;
      entries[plan.order[i]!] = { path: spec.path, value: r.status === 0 ? specValue(spec, r.value) : undefined, error: r.status === 0 ? undefined : specError(r.status, i) };
    });
    return new SubdocResult(op.routeKey, packet.cas, undefined, entries);
  }
  if (packet.status === STATUS.SUBDOC_MULTI_PATH_FAILURE) {
    const failure = decodeMutationFailure(packet.value, n);
    throw specError(failure.status, failure.index);
  }
  const values = decodeMutationResults(packet.value, n);
  plan.specs.forEach((spec, i) => {
    entries[plan.order[i]!] = { path: spec.path, value: specValue(spec, values.get(i)), error: undefined };
  });
  return new SubdocResult(op.routeKey, packet.cas, tokenOf(op, packet, bucket), entries);
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
