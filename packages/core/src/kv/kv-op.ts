/**
 * One key-value operation in flight: the request fields (it is its own PacketInit, so
 * nothing is copied to send it), its deadline links, its retry bookkeeping, and where
 * it currently waits. One object per operation, no closures.
 */
import type { KvConnection, KvRequest } from '../connection/kv-connection';
import type { CouchbaseError } from '../errors/couchbase-error';
import type { Packet } from '../mcbp/packet';
import type { AsyncResult } from '../results/async-result';
import type { Result } from '../results/result';
import type { Format } from '../transcoding/formats';
import type { DurabilityRequirement } from '../durability/durability-options';
import type { SubdocPlan } from '../subdoc/subdoc-ops';
import type { Deadlined } from './deadline-queue';
import type { OpSpec } from './op-specs';

/** Receives the outcome of the operations of one multi call. */
export interface MultiCollector {
  done(index: number, result: Result, error: CouchbaseError | undefined): void;
}

/** Where an operation currently is. */
export const OP_STATE = {
  NEW: 0,
  /** Waiting for a config or for its node's connection. */
  PARKED: 1,
  /** Waiting behind an earlier operation on the same key that is being retried. */
  HELD: 2,
  /** Waiting out a retry backoff. */
  BACKOFF: 3,
  /** Sent on a connection, awaiting the response. */
  SENT: 4,
  DONE: 5,
} as const;

/** Handles responses and connection loss for an operation (the dispatcher). */
export interface OpOwner {
  onOpResponse(op: KvOp, packet: Packet, connection: KvConnection): void;
  onOpConnectionLost(op: KvOp, error: CouchbaseError, written: boolean): void;
}

/** An operation in flight. */
export class KvOp implements KvRequest, Deadlined {
  // PacketInit
  opcode: number;
  key: string;
  keyLength: number;
  vbucket = 0;
  datatype = 0;
  cas: bigint = 0n;
  extras: Uint8Array | undefined = undefined;
  value: string | Uint8Array | undefined = undefined;
  valueLength: number | undefined = undefined;
  opaque: number | undefined = undefined;
  written = false;

  /**
   * The document key the operation is about: routing, per-key order, results and error
   * context use it. Equal to `key` except for probes (OBSERVE) whose packet key is empty
   * and whose document key travels in the value.
   */
  readonly routeKey: string;
  /** Called once the vBucket is known, before sending (OBSERVE builds its value here). */
  onRouted: ((op: KvOp, vbucket: number) => void) | undefined = undefined;
  /** persistTo / replicateTo of a mutation: the result waits for them (see durability/). */
  durability: DurabilityRequirement | undefined = undefined;
  /** The caller's AbortSignal, if any (and the listener the dispatcher put on it). */
  signal: AbortSignal | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  /** lookupIn / mutateIn: the specs in wire order and the caller's order of results. */
  subdoc: SubdocPlan | undefined = undefined;

  // Deadline queue links
  deadline = 0;
  dqPrev: Deadlined | null = null;
  dqNext: Deadlined | null = null;
  dqLinked = false;

  /** Scheduling order (per bucket): keeps per-key order across retries. */
  seq = 0;
  state: number = OP_STATE.NEW;
  /** Connection the operation was last sent on. */
  connection: KvConnection | null = null;
  /** Endpoint (`host:port`) it was last routed to, for error context. */
  node: string | undefined = undefined;
  /** Endpoint it is parked for ('' = waiting for a config). */
  parkedOn: string | undefined = undefined;
  /** Retry bookkeeping. */
  retries = 0;
  retryReasons: string[] | undefined = undefined;
  /** Due time of the current backoff. */
  retryAt = 0;
  /** True when this operation owns the hold on its key (later operations wait behind it). */
  holdsKey = false;

  /** The value is JSON: set the datatype JSON bit if the connection negotiated it. */
  isJson = false;
  /** `quiet`: KEY_ENOENT becomes an unsuccessful result, not an error. */
  quiet = false;
  /** Forced decode format (`format` option of reads). */
  format: Format | undefined = undefined;
  /** Which copy to read: 0 = active; n ≥ 1 = replica n. */
  replica = 0;
  /** For "any replica" reads: the last replica to try. */
  lastReplica = 0;
  /** Timeout applied (ms), for error context. */
  timeout = 0;

  /** Completion target: the single AsyncResult, or a multi collector and index. */
  readonly asyncResult: AsyncResult<Result> | undefined;
  readonly multi: MultiCollector | undefined;
  readonly index: number;

  /**
   * Creates an operation; the bucket fills the request fields before scheduling it.
   * Exactly one of `asyncResult` (single operation) or `multi` (one key of a multi call)
   * receives the outcome.
   */
  constructor(
    readonly spec: OpSpec,
    readonly owner: OpOwner,
    key: string,
    keyLength: number,
    asyncResult: AsyncResult<Result> | undefined,
    multi?: MultiCollector,
    index = 0,
  ) {
    this.opcode = spec.opcode;
    this.key = key;
    this.routeKey = key;
    this.keyLength = keyLength;
    this.asyncResult = asyncResult;
    this.multi = multi;
    this.index = index;
  }

  onResponse(packet: Packet, connection: KvConnection): void {
    this.owner.onOpResponse(this, packet, connection);
  }

  onConnectionLost(error: CouchbaseError, written: boolean): void {
    this.owner.onOpConnectionLost(this, error, written);
  }

  /** Records a retry reason (distinct reasons only). */
  noteRetry(reason: string): void {
    this.retries++;
    if (this.retryReasons === undefined) this.retryReasons = [reason];
    else if (!this.retryReasons.includes(reason)) this.retryReasons.push(reason);
  }
}
