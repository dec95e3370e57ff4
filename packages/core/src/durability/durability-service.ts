/**
 * The bucket's client-side durability: `observe`, `endure`, `endureMulti`, and the
 * persistTo / replicateTo of mutations (the dispatcher hands a successful durable
 * mutation here and its result is delivered once durability is met — the seeds'
 * "chained durability"). Keeps every poll in flight so close() can fail them all.
 */
import type { CouchbaseError } from '../errors/couchbase-error';
import type { KvOp, MultiCollector } from '../kv/kv-op';
import type { Deliver, DurabilityHandler } from '../kv/dispatcher';
import { OP_SPECS } from '../kv/op-specs';
import { AsyncResult } from '../results/async-result';
import { ObserveInfo } from '../results/observe-info';
import { MultiResult, OperationResult, Result, ValueResult, type Cas } from '../results/result';
import { MultiResultCollector } from '../bucket/multi-collector';
import { checkBoolean, checkCas, checkKey, checkOptions, checkSignal } from '../validation/arguments';
import { ENDURE_DEFAULTS, resolveEndureOptions, resolveRequirement, type ResolvedEndureOptions } from './durability-options';
import { EndurePoll, type EndureTarget, type PollHost } from './endure-poll';
import { observeProbe } from './probes';
import { AbortError, ArgumentError } from '../errors/classes';

/** What the service needs from the bucket. */
export interface DurabilityHost extends PollHost {
  /** Timeout of each OBSERVE of `observe()` (the bucket's operation timeout). */
  readonly operationTimeout: number;
  /** Calls back once the bucket has a config (or with the error that ended it). */
  whenReady(callback: (error?: CouchbaseError) => void): void;
}

/** Options of `observe`. */
export interface ObserveOptions {
  /** Ask only the node holding the active copy. */
  masterOnly?: boolean;
  /** Cancels: rejects at once with an AbortError (late replies are dropped). */
  signal?: AbortSignal;
}

/**
 * Calls `onAbort` once if `signal` aborts (at once, asynchronously, when it already has);
 * returns the function that stops listening.
 */
function watchAbort(signal: AbortSignal | undefined, onAbort: () => void): () => void {
  if (signal === undefined) return () => undefined;
  if (signal.aborted) {
    queueMicrotask(onAbort);
    return () => undefined;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

function abortError(operation: string, signal: AbortSignal, key?: string, detail = ''): AbortError {
  return new AbortError(`${operation}${key === undefined ? '' : ` '${key}'`} was aborted${detail}`, { cause: signal.reason as unknown, key, context: { operation } });
}

/** An input of endureMulti: keys, `{ key: cas }`, or the MultiResult of the mutations. */
export type EndureMultiInput = string[] | Record<string, Cas> | Map<string, Cas> | MultiResult<Result>;

/** Durability polls of one bucket. */
export class DurabilityService {
  readonly #host: DurabilityHost;
  /** Polls in flight and how to fail each one's caller. */
  readonly #inFlight = new Map<EndurePoll, (error: CouchbaseError) => void>();
  #closed: CouchbaseError | undefined;

  constructor(host: DurabilityHost) {
    this.#host = host;
  }

  /** The dispatcher's handler for mutations with persistTo / replicateTo. */
  readonly afterMutation: DurabilityHandler = (op: KvOp, result: Result, deliver: Deliver) => {
    const done = result as OperationResult;
    const target: EndureTarget = done.mutationToken !== undefined ? { kind: 'seqno', token: done.mutationToken } : { kind: 'cas', cas: done.cas };
    let settled = false;
    const settle = (err: CouchbaseError | undefined): void => {
      if (settled) return;
      settled = true;
      stop();
      if (err === undefined) deliver(op, result, undefined);
      // The mutation itself happened: the result keeps its CAS and token.
      else deliver(op, new OperationResult(op.routeKey, done.cas, done.mutationToken, err.rc, err.message), err);
    };
    // The caller may give up on the wait (the write is done; only durability is unknown).
    const stop = watchAbort(op.signal, () => {
      if (poll !== undefined) {
        this.#inFlight.delete(poll);
        poll.cancel();
      }
      settle(abortError(op.spec.name, op.signal!, op.routeKey, ' while waiting for durability: the mutation was applied, its durability is unknown'));
    });
    const poll = this.#run(
      {
        key: op.routeKey,
        target,
        requirement: op.durability!,
        checkRemoved: op.spec === OP_SPECS.remove,
        // The seeds' durability timeout, counted from the mutation's success.
        timeout: ENDURE_DEFAULTS.timeout,
        interval: ENDURE_DEFAULTS.interval,
        operation: op.spec.name,
      },
      settle,
    );
  };

  /** `endure(key, options)`: waits until the document (or its removal) is durable. */
  endure(key: string, options?: unknown): AsyncResult<OperationResult> {
    checkKey(key, 'endure');
    const o = resolveEndureOptions(options, 'endure');
    this.#checkNow(o, 'endure', key);
    const ar = new AsyncResult<OperationResult>();
    let settled = false;
    const stop = watchAbort(o.signal, () => {
      if (settled) return;
      settled = true;
      cancel();
      ar._fail(abortError('endure', o.signal!, key));
    });
    const cancel = this.#endureKey(key, { kind: 'cas', cas: o.cas }, o, 'endure', (result, error) => {
      if (settled) return;
      settled = true;
      stop();
      if (error === undefined) ar._succeed(result);
      else ar._fail(error);
    });
    return ar;
  }

  /** `endureMulti(keys, options)`: endure of several keys (tokens of a MultiResult are used when present). */
  endureMulti(input: EndureMultiInput, options?: unknown): AsyncResult<MultiResult<OperationResult>> {
    const o = resolveEndureOptions(options, 'endureMulti', true);
    const targets = endureTargets(input);
    this.#checkNow(o, 'endureMulti');
    const ar = new AsyncResult<MultiResult<OperationResult>>(targets.length);
    const collector = new MultiResultCollector<OperationResult>(
      targets.map(([k]) => k),
      ar,
    );
    let remaining = targets.length;
    const settled = new Array<boolean>(targets.length).fill(false);
    const finish = (index: number, result: OperationResult, error?: CouchbaseError): void => {
      if (settled[index]) return;
      settled[index] = true;
      if (--remaining === 0) stop();
      collector.done(index, result, error);
    };
    const stop = watchAbort(o.signal, () => {
      cancels.forEach((cancel, index) => {
        if (settled[index]) return;
        cancel();
        const [key, target] = targets[index]!;
        const err = abortError('endureMulti', o.signal!, key);
        finish(index, new OperationResult(key, target.kind === 'cas' ? target.cas : 0n, undefined, err.rc, err.message), err);
      });
    });
    const cancels = targets.map(([key, target], index) => this.#endureKey(key, target, o, 'endureMulti', (result, error) => finish(index, result, error)));
    return ar;
  }

  /** `observe(key, { masterOnly })`: what each node holding the key reports (ObserveInfo per node, active first). */
  observe(key: string, options?: ObserveOptions): AsyncResult<ValueResult<ObserveInfo[]>> {
    checkKey(key, 'observe');
    checkOptions(options, ['masterOnly', 'signal'], 'observe');
    const masterOnly = checkBoolean(options?.masterOnly, 'observe', 'masterOnly') ?? false;
    const signal = checkSignal(options?.signal, 'observe');
    const ar = new AsyncResult<ValueResult<ObserveInfo[]>>();
    // Aborted: the caller hears at once; probes in flight finish on their own and are ignored.
    let settled = false;
    const stop = watchAbort(signal, () => {
      if (settled) return;
      settled = true;
      ar._fail(abortError('observe', signal!, key));
    });
    this.#whenReady(
      (err) => {
        if (settled) return;
        settled = true;
        stop();
        ar._fail(err);
      },
      () => {
        if (settled) return;
        const copies = masterOnly ? 1 : (this.#host.numReplicas() ?? 0) + 1;
        const replies: (Result | CouchbaseError | undefined)[] = new Array(copies);
        let outstanding = copies;
        const collector: MultiCollector = {
          done: (index, result, error) => {
            if (replies[index] !== undefined) return;
            replies[index] = error ?? result;
            if (--outstanding > 0 || settled) return;
            settled = true;
            stop();
            const active = replies[0];
            if (!(active instanceof Result)) {
              ar._fail(active as CouchbaseError);
              return;
            }
            // Replicas that could not be asked (down, not assigned) are left out, as in the seeds.
            const infos = replies.filter((r): r is ValueResult<ObserveInfo> => r instanceof ValueResult && r.value instanceof ObserveInfo).map((r) => r.value);
            ar._succeed(new ValueResult(key, infos, 0, infos[0]?.cas ?? 0n));
          },
        };
        for (let i = 0; i < copies; i++) this.#host.schedule(observeProbe(this.#host.owner, key, i, collector), this.#host.operationTimeout);
      },
    );
    return ar;
  }

  /** Fails every poll in flight (the bucket is closing). */
  close(error: CouchbaseError): void {
    this.#closed ??= error;
    const polls = [...this.#inFlight];
    this.#inFlight.clear();
    for (const [poll, fail] of polls) {
      poll.cancel();
      fail(error);
    }
  }

  /** Starts the wait for one key; returns what stops it (no callback after that). */
  #endureKey(key: string, target: EndureTarget, o: ResolvedEndureOptions, operation: string, done: (result: OperationResult, error?: CouchbaseError) => void): () => void {
    const expected = target.kind === 'cas' ? target.cas : 0n;
    let cancelled = false;
    let poll: EndurePoll | undefined;
    const fail = (err: CouchbaseError): void => {
      if (!cancelled) done(new OperationResult(key, expected, undefined, err.rc, err.message), err);
    };
    this.#whenReady(fail, () => {
      if (cancelled) return;
      poll = this.#run({ key, target, requirement: o.requirement, checkRemoved: o.checkRemoved, timeout: o.timeout, interval: o.interval, operation }, (err, activeCas) =>
        err === undefined ? done(new OperationResult(key, activeCas !== 0n ? activeCas : expected)) : fail(err),
      );
    });
    return () => {
      cancelled = true;
      if (poll === undefined) return;
      this.#inFlight.delete(poll);
      poll.cancel();
    };
  }

  #run(spec: ConstructorParameters<typeof EndurePoll>[1], onDone: (error: CouchbaseError | undefined, activeCas: bigint) => void): EndurePoll | undefined {
    if (this.#closed !== undefined) {
      const closed = this.#closed;
      queueMicrotask(() => onDone(closed, 0n));
      return undefined;
    }
    const poll = new EndurePoll(this.#host, spec, (err, cas) => {
      this.#inFlight.delete(poll);
      onDone(err, cas);
    });
    this.#inFlight.set(poll, (err) => onDone(err, 0n));
    poll.start();
    return poll;
  }

  /** Runs `ready` once there is a config; `fail` with the error if the bucket never gets one. */
  #whenReady(fail: (error: CouchbaseError) => void, ready: () => void): void {
    if (this.#host.numReplicas() !== undefined) {
      // Never synchronously: the caller gets its AsyncResult first.
      queueMicrotask(ready);
      return;
    }
    this.#host.whenReady((err) => (err === undefined ? ready() : fail(err)));
  }

  /** With a config at hand, asking for more copies than exist is thrown now. */
  #checkNow(o: ResolvedEndureOptions, operation: string, key?: string): void {
    const replicas = this.#host.numReplicas();
    if (replicas !== undefined) resolveRequirement(o.requirement, replicas, operation, key);
  }
}

/** Keys and what to wait for, from the input forms of endureMulti. */
function endureTargets(input: unknown): [string, EndureTarget][] {
  const out: [string, EndureTarget][] = [];
  if (input instanceof MultiResult) {
    for (const [key, r] of input) {
      if (!(r instanceof OperationResult) || !r.success) {
        throw new ArgumentError(`endureMulti: the result for '${key}' is not a successful mutation result`, { key, context: { operation: 'endureMulti' } });
      }
      out.push([key, r.mutationToken !== undefined ? { kind: 'seqno', token: r.mutationToken } : { kind: 'cas', cas: r.cas }]);
    }
  } else if (Array.isArray(input)) {
    const seen = new Set<string>();
    for (const key of input) {
      checkKey(key, 'endureMulti');
      if (seen.has(key as string)) throw new ArgumentError(`endureMulti: duplicate key '${String(key)}'`, { key: key as string, context: { operation: 'endureMulti' } });
      seen.add(key as string);
      out.push([key as string, { kind: 'cas', cas: 0n }]);
    }
  } else if (input instanceof Map || (typeof input === 'object' && input !== null)) {
    const entries = input instanceof Map ? [...(input as Map<string, unknown>)] : Object.entries(input as Record<string, unknown>);
    for (const [key, cas] of entries) {
      checkKey(key, 'endureMulti');
      out.push([key, { kind: 'cas', cas: checkCas(cas, 'endureMulti') }]);
    }
  } else {
    throw new ArgumentError('endureMulti: expected an array of keys, an object or Map of key → CAS, or a MultiResult', { context: { operation: 'endureMulti' } });
  }
  return out;
}
