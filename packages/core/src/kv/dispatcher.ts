/**
 * The KV dispatcher: takes operations from the bucket and sees each one through to
 * exactly one outcome within its timeout.
 *
 * - Routing: key → vBucket → node by the current route snapshot; an operation whose
 *   node has no ready connection (or that arrives before the first config) is parked
 *   and sent when that changes.
 * - Retries (API.md retry rule): NOT_MY_VBUCKET (after applying the config in its
 *   body), TMPFAIL, EBUSY, ENOMEM and "not connected yet" are retried with backoff
 *   until the deadline. LOCKED fails at once. A mutation written before its connection
 *   died is never re-sent: it fails with a NetworkError saying its outcome is unknown.
 * - Per-key order: while an operation on a key is being retried, later operations on
 *   that key wait behind it, so a retry is never overtaken (the seeds' promise that
 *   operations on one key reach the server in the order they were scheduled).
 * - Deadlines: one deadline queue with one timer for all operations.
 */
import type { KvConnection } from '../connection/kv-connection';
import type { ErrorMap } from '../connection/error-map';
import type { RouteSnapshot } from '../cluster/route-snapshot';
import { AbortError, NetworkError, NotSupportedError, TemporaryFailError, TimeoutError } from '../errors/classes';
import { CouchbaseError } from '../errors/couchbase-error';
import { errorForStatus, isRetriableStatus } from '../errors/status-errors';
import { EVACTION_CLEANUP, EVACTION_UNWATCH, EVACTION_WATCH, TimerEvent, type IOPS } from '../iops/iops';
import { FEATURES } from '../mcbp/features';
import type { Packet } from '../mcbp/packet';
import { STATUS, statusName } from '../mcbp/status';
import type { Result } from '../results/result';
import { resolveRequirement } from '../durability/durability-options';
import { DeadlineQueue } from './deadline-queue';
import { KvOp, OP_STATE, type OpOwner } from './kv-op';
import { failureResult, failureResultFor, successResult } from './op-results';

/** What the dispatcher needs from the cluster agent. */
export interface RouteProvider {
  /** Current routing snapshot; undefined before the first config. */
  readonly snapshot: RouteSnapshot | undefined;
  /** Bucket name (for mutation tokens and error context). */
  readonly bucketName: string;
  /** Error map of the cluster, when the server sent one. */
  readonly errorMap: ErrorMap | undefined;
  /** The open, handshaken connection to an endpoint, if there is one. */
  readyConnection(endpointId: string): KvConnection | undefined;
  /** Applies a config from a NOT_MY_VBUCKET body; true when the routes changed. */
  applyConfigBody(body: Uint8Array, sourceHost: string): boolean;
}

/** Completes an operation's target with its final outcome. */
export type Deliver = (op: KvOp, result: Result, error: CouchbaseError | undefined) => void;

/** Takes over a successful mutation that asked for durability; calls `deliver` once it is met or failed. */
export type DurabilityHandler = (op: KvOp, result: Result, deliver: Deliver) => void;

/** Delivers an outcome to the operation's AsyncResult or multi collector. */
const deliver: Deliver = (op, result, error) => {
  if (error !== undefined) error.result ??= result;
  if (op.multi !== undefined) op.multi.done(op.index, result, error);
  else if (error !== undefined) op.asyncResult!._fail(error);
  else op.asyncResult!._succeed(result);
};

/** Parked on this id: waiting for a (routable) config. */
const WAIT_CONFIG = '';
/** Longest backoff between retries (ms). */
const MAX_BACKOFF_MS = 100;

/** Routes, retries and times out key-value operations. */
export class KvDispatcher implements OpOwner {
  readonly #iops: IOPS;
  readonly #now: () => number;
  readonly #routes: RouteProvider;
  readonly #deadlines: DeadlineQueue<KvOp>;
  readonly #parked = new Map<string, Set<KvOp>>();
  readonly #holds = new Map<string, KvOp[]>();
  #backoff: KvOp[] = [];
  readonly #backoffTimer: TimerEvent;
  #backoffArmedFor = Infinity;
  #seq = 0;
  #durability: DurabilityHandler | undefined;
  /** Set when no operation can succeed any more (bootstrap failed, bucket closed). */
  #failure: CouchbaseError | undefined;

  /** Creates a dispatcher over an IOPS (timers) and a route provider. */
  constructor(iops: IOPS, now: () => number, routes: RouteProvider) {
    this.#iops = iops;
    this.#now = now;
    this.#routes = routes;
    this.#deadlines = new DeadlineQueue<KvOp>(iops, now, (op) => this.#onTimeout(op));
    this.#backoffTimer = iops.timerEventFactory?.() ?? new TimerEvent();
    this.#backoffTimer._onReady = () => this.#onBackoffTimer();
  }

  /** Operations not yet settled. */
  get pending(): number {
    return this.#deadlines.size;
  }

  /** Takes a new operation. Never completes it synchronously. */
  schedule(op: KvOp, timeoutMs: number): void {
    if (this.#failure !== undefined) {
      const err = this.#errorFrom(this.#failure, op);
      queueMicrotask(() => this.#finish(op, failureResultFor(op, err), err));
      return;
    }
    op.seq = ++this.#seq;
    op.timeout = timeoutMs;
    op.deadline = this.#now() + timeoutMs;
    this.#deadlines.add(op);
    if (op.signal !== undefined) {
      if (op.signal.aborted) {
        queueMicrotask(() => this.#abort(op));
        return;
      }
      op.onAbort = () => this.#abort(op);
      op.signal.addEventListener('abort', op.onAbort, { once: true });
    }
    this.#submit(op);
  }

  /**
   * The caller aborted: the operation leaves wherever it waits (a late response is then
   * unmatched and dropped) and fails with AbortError. A mutation already written may
   * still have been applied; the error says so.
   */
  #abort(op: KvOp): void {
    if (op.state === OP_STATE.DONE) return;
    const written = op.state === OP_STATE.SENT && op.written && op.spec.mutation;
    this.#detach(op);
    const reason = op.signal?.reason as unknown;
    const err = new AbortError(
      `${op.spec.name} '${op.routeKey}' was aborted${written ? ' after it was sent: the mutation may or may not have been applied' : ''}`,
      { cause: reason, key: op.routeKey, context: this.#context(op, written ? { ambiguous: true } : {}) },
    );
    this.#finish(op, failureResultFor(op, err), err);
  }

  /** Re-routes every parked operation (a new config arrived). */
  onRoutesChanged(): void {
    const all: KvOp[] = [];
    for (const set of this.#parked.values()) for (const op of set) all.push(op);
    this.#parked.clear();
    all.sort((a, b) => a.seq - b.seq);
    for (const op of all) this.#route(op);
  }

  /** Sends the operations parked for an endpoint whose connection became ready. */
  onEndpointReady(endpointId: string): void {
    const set = this.#parked.get(endpointId);
    if (set === undefined) return;
    this.#parked.delete(endpointId);
    for (const op of set) this.#route(op);
  }

  /**
   * Fails every operation that has not settled, and every later one, with errors built
   * from `error` (bootstrap failure, close()).
   */
  failAll(error: CouchbaseError): void {
    this.#failure ??= error;
    for (const op of this.#deadlines.drain()) {
      this.#detach(op);
      const err = this.#errorFrom(error, op);
      this.#finish(op, failureResultFor(op, err), err);
    }
  }

  /** Releases the timers (after failAll). */
  destroy(): void {
    this.#deadlines.destroy();
    this.#iops.updateTimer(this.#backoffTimer, EVACTION_CLEANUP, 0);
  }

  /** Hands successful mutations with persistTo / replicateTo to the durability poller. */
  setDurabilityHandler(handler: DurabilityHandler): void {
    this.#durability = handler;
  }

  // --- response handling -------------------------------------------------------------

  onOpResponse(op: KvOp, packet: Packet, conn: KvConnection): void {
    if (op.state !== OP_STATE.SENT) return;
    op.connection = null;
    const status = packet.status;
    // A multi-path sub-document answer with per-spec failures still carries results.
    if (status === STATUS.SUCCESS || (status === STATUS.SUBDOC_SUCCESS_DELETED && op.spec.result === 'operation') || (status === STATUS.SUBDOC_MULTI_PATH_FAILURE && op.spec.result === 'subdoc')) {
      let result: Result;
      try {
        result = successResult(op, packet, this.#routes.bucketName);
      } catch (err) {
        const e = err as CouchbaseError;
        this.#finish(op, failureResultFor(op, e), e);
        return;
      }
      this.#finish(op, result, undefined);
      return;
    }
    if (status === STATUS.NOT_MY_VBUCKET) {
      const changed = packet.valueLength > 0 && this.#routes.applyConfigBody(packet.value, conn.host);
      this.#retry(op, 'NOT_MY_VBUCKET', changed ? 0 : this.#backoffFor(op));
      return;
    }
    const errorMap = this.#routes.errorMap;
    if (isRetriableStatus(status, errorMap)) {
      this.#retry(op, statusName(status), this.#backoffFor(op));
      return;
    }
    if (this.#hasNextReplica(op)) {
      // "Any replica" read: this copy failed, try the next one.
      op.replica++;
      this.#route(op);
      return;
    }
    const err = errorForStatus(
      status,
      {
        key: op.routeKey,
        operation: op.spec.name,
        node: conn.endpoint,
        opaque: op.opaque,
        bucket: this.#routes.bucketName,
        hadCas: op.cas !== 0n,
        retries: op.retries,
        retryReasons: op.retryReasons,
      },
      errorMap,
      packet.datatype,
      packet.value,
    );
    if (status === STATUS.KEY_ENOENT && op.quiet && op.spec.quietable) {
      this.#finish(op, failureResult(op, status, err.message), undefined);
      return;
    }
    this.#finish(op, failureResultFor(op, err), err);
  }

  onOpConnectionLost(op: KvOp, error: CouchbaseError, written: boolean): void {
    if (op.state !== OP_STATE.SENT) return;
    op.connection = null;
    if (written && op.spec.mutation) {
      const err = new NetworkError(
        `${op.spec.name} '${op.routeKey}': the connection to ${op.node ?? 'the node'} failed after the request was sent; the outcome is unknown (the mutation may or may not have been applied)`,
        { cause: error, key: op.routeKey, context: this.#context(op, { ambiguous: true }) },
      );
      this.#finish(op, failureResultFor(op, err), err);
      return;
    }
    this.#retry(op, written ? 'CONNECTION_LOST' : 'NOT_CONNECTED', 0);
  }

  // --- routing -----------------------------------------------------------------------

  #submit(op: KvOp): void {
    const held = this.#holds.get(op.routeKey);
    if (held !== undefined) this.#hold(held, op);
    else this.#route(op);
  }

  #route(op: KvOp): void {
    const snap = this.#routes.snapshot;
    if (snap === undefined || !snap.routable) {
      this.#park(op, WAIT_CONFIG);
      return;
    }
    const vb = snap.vbucketOf(op.routeKey);
    op.vbucket = vb;
    if (op.replica > snap.numReplicas) {
      const err =
        snap.numReplicas === 0
          ? new NotSupportedError(`${op.spec.name} '${op.routeKey}': bucket '${this.#routes.bucketName}' has no replicas`, { key: op.routeKey, context: this.#context(op) })
          : new NotSupportedError(`${op.spec.name} '${op.routeKey}': replica ${op.replica} does not exist (the bucket has ${snap.numReplicas})`, {
              key: op.routeKey,
              context: this.#context(op),
            });
      this.#finish(op, failureResultFor(op, err), err);
      return;
    }
    const index = snap.serverFor(vb, op.replica);
    if (index < 0) {
      if (this.#hasNextReplica(op)) {
        op.replica++;
        this.#route(op);
        return;
      }
      if (op.replica > 0) {
        const err = new TemporaryFailError(`${op.spec.name} '${op.routeKey}': no node holds replica ${op.replica} of vBucket ${vb}`, {
          key: op.routeKey,
          context: this.#context(op),
        });
        this.#finish(op, failureResultFor(op, err), err);
        return;
      }
      // No active copy right now (a failover in progress): wait for a newer config.
      this.#park(op, WAIT_CONFIG);
      return;
    }
    const endpoint = snap.servers[index]!;
    op.node = endpoint.id;
    const conn = this.#routes.readyConnection(endpoint.id);
    if (conn === undefined) {
      this.#park(op, endpoint.id);
      return;
    }
    if (op.durability !== undefined) {
      // Checked against the config before the mutation is ever sent: asking for more
      // copies than the bucket has must not apply the mutation and then fail.
      try {
        resolveRequirement(op.durability, snap.numReplicas, op.spec.name, op.routeKey);
      } catch (err) {
        this.#finish(op, failureResultFor(op, err as CouchbaseError), err as CouchbaseError);
        return;
      }
    }
    if (op.onRouted !== undefined) op.onRouted(op, vb);
    op.state = OP_STATE.SENT;
    op.connection = conn;
    op.datatype = op.isJson && conn.features.has(FEATURES.JSON) ? 1 : 0;
    conn.send(op);
  }

  /** An "any replica" read that has another replica of the current config to try. */
  #hasNextReplica(op: KvOp): boolean {
    const replicas = this.#routes.snapshot?.numReplicas ?? 0;
    return op.replica > 0 && op.replica < Math.min(op.lastReplica, replicas);
  }

  #park(op: KvOp, on: string): void {
    op.state = OP_STATE.PARKED;
    op.parkedOn = on;
    let set = this.#parked.get(on);
    if (set === undefined) {
      set = new Set();
      this.#parked.set(on, set);
    }
    set.add(op);
  }

  #hold(queue: KvOp[], op: KvOp): void {
    op.state = OP_STATE.HELD;
    // Keep scheduling order: a retried operation goes back in front of later ones.
    let i = queue.length;
    while (i > 0 && queue[i - 1]!.seq > op.seq) i--;
    queue.splice(i, 0, op);
  }

  #retry(op: KvOp, reason: string, delayMs: number): void {
    op.noteRetry(reason);
    if (!op.holdsKey && !op.spec.probe) {
      const queue = this.#holds.get(op.routeKey);
      if (queue !== undefined) {
        this.#hold(queue, op);
        return;
      }
      this.#holds.set(op.routeKey, []);
      op.holdsKey = true;
    }
    if (delayMs <= 0) {
      this.#route(op);
      return;
    }
    op.state = OP_STATE.BACKOFF;
    op.retryAt = this.#now() + delayMs;
    let i = this.#backoff.length;
    while (i > 0 && this.#backoff[i - 1]!.retryAt > op.retryAt) i--;
    this.#backoff.splice(i, 0, op);
    if (op.retryAt < this.#backoffArmedFor) {
      this.#backoffArmedFor = op.retryAt;
      this.#iops.updateTimer(this.#backoffTimer, EVACTION_WATCH, delayMs * 1000);
    }
  }

  #backoffFor(op: KvOp): number {
    return Math.min(MAX_BACKOFF_MS, 1 << Math.min(op.retries, 7));
  }

  #onBackoffTimer(): void {
    this.#backoffArmedFor = Infinity;
    const now = this.#now();
    const due: KvOp[] = [];
    while (this.#backoff.length > 0 && this.#backoff[0]!.retryAt <= now) due.push(this.#backoff.shift()!);
    if (this.#backoff.length > 0) {
      const next = this.#backoff[0]!.retryAt;
      this.#backoffArmedFor = next;
      this.#iops.updateTimer(this.#backoffTimer, EVACTION_WATCH, Math.max(0, next - now) * 1000);
    }
    for (const op of due) this.#route(op);
  }

  // --- completion --------------------------------------------------------------------

  #onTimeout(op: KvOp): void {
    const wasSent = op.state === OP_STATE.SENT && op.written;
    this.#detach(op);
    const waited = op.parkedOn !== undefined && op.state === OP_STATE.PARKED;
    const where = op.node ?? (waited ? 'a cluster config' : 'a node');
    const reasons = op.retryReasons !== undefined ? `; retried ${op.retries} time${op.retries === 1 ? '' : 's'}: ${op.retryReasons.join(', ')}` : '';
    const err = new TimeoutError(`${op.spec.name} '${op.routeKey}' timed out after ${op.timeout} ms (node ${where}${reasons})`, {
      key: op.routeKey,
      context: this.#context(op, wasSent && op.spec.mutation ? { ambiguous: true } : {}),
    });
    this.#finish(op, failureResultFor(op, err), err);
  }

  /** Removes an operation from wherever it waits. */
  #detach(op: KvOp): void {
    switch (op.state) {
      case OP_STATE.SENT:
        op.connection?.cancel(op);
        op.connection = null;
        break;
      case OP_STATE.PARKED:
        this.#parked.get(op.parkedOn!)?.delete(op);
        break;
      case OP_STATE.HELD: {
        const queue = this.#holds.get(op.routeKey);
        const i = queue?.indexOf(op) ?? -1;
        if (i >= 0) queue!.splice(i, 1);
        break;
      }
      case OP_STATE.BACKOFF: {
        const i = this.#backoff.indexOf(op);
        if (i >= 0) this.#backoff.splice(i, 1);
        if (this.#backoff.length === 0 && this.#backoffArmedFor !== Infinity) {
          this.#backoffArmedFor = Infinity;
          this.#iops.updateTimer(this.#backoffTimer, EVACTION_UNWATCH, 0);
        }
        break;
      }
      default:
        break;
    }
  }

  #finish(op: KvOp, result: Result, error: CouchbaseError | undefined): void {
    if (op.state === OP_STATE.DONE) return;
    op.state = OP_STATE.DONE;
    this.#deadlines.remove(op);
    if (op.onAbort !== undefined) {
      op.signal!.removeEventListener('abort', op.onAbort);
      op.onAbort = undefined;
    }
    if (op.holdsKey) this.#releaseHold(op);
    if (error === undefined && op.durability !== undefined && this.#durability !== undefined) {
      // persistTo / replicateTo: the result waits until durability is met (or fails).
      this.#durability(op, result, deliver);
      return;
    }
    deliver(op, result, error);
  }

  #releaseHold(op: KvOp): void {
    op.holdsKey = false;
    const queue = this.#holds.get(op.routeKey);
    this.#holds.delete(op.routeKey);
    if (queue === undefined) return;
    for (const next of queue) {
      if (next.state === OP_STATE.HELD) this.#submit(next);
    }
  }

  #context(op: KvOp, extra: Record<string, unknown> = {}): Record<string, unknown> & { key: string } {
    return {
      key: op.routeKey,
      operation: op.spec.name,
      bucket: this.#routes.bucketName,
      node: op.node,
      opaque: op.opaque,
      timeout: op.timeout,
      retries: op.retries,
      retryReasons: op.retryReasons ?? [],
      ...extra,
    };
  }

  /** A fresh error of the same class as `template`, for one operation. */
  #errorFrom(template: CouchbaseError, op: KvOp): CouchbaseError {
    const cls = template.constructor as typeof CouchbaseError;
    return new cls(template.message, { cause: template, key: op.routeKey, rc: template.rc, context: { ...template.context, key: op.routeKey, operation: op.spec.name } });
  }
}
