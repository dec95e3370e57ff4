/**
 * AsyncResult: the seeds' future-like object returned at once by every core operation.
 *
 * The contract (API.md "The AsyncResult rule", semantics.md §B.1):
 * - the caller assigns `callback` and `errback` after the call returns;
 * - exactly one of them fires, once, and never synchronously (never inside the call
 *   that created the operation, nor inside the assignment of a handler);
 * - a handler assigned after completion is called, asynchronously, once assigned.
 *
 * The promise package turns one into a Promise with `defer()`.
 */
import type { CouchbaseError } from '../errors/couchbase-error';

/** Success handler: receives the single result (or the MultiResult of a multi operation). */
export type Callback<T> = (result: T) => void;
/** Failure handler: receives only the error, which carries `result`, `key` and `allResults`. */
export type Errback = (error: CouchbaseError) => void;

const PENDING = 0;
const SUCCEEDED = 1;
const FAILED = 2;
const DELIVERED = 3;

/**
 * Reports an exception thrown by a user handler without corrupting the caller's state
 * (we may be deep inside a socket read loop): rethrown on a fresh stack, where it behaves
 * like an exception thrown by any event listener.
 */
function rethrowLater(err: unknown): void {
  queueMicrotask(() => {
    throw err;
  });
}

/** The future of one core operation. */
export class AsyncResult<T> {
  #callback: Callback<T> | null = null;
  #errback: Errback | null = null;
  #state = PENDING;
  #outcome: T | CouchbaseError | undefined;
  #remaining: number;
  /** True while a delivery is queued (so assignment never fires synchronously). */
  #scheduled = false;

  /** `remaining`: how many sub-operations are outstanding (1 for single-key operations). */
  constructor(remaining = 1) {
    this.#remaining = remaining;
  }

  /** Number of sub-operations still outstanding (0 once complete). */
  get remaining(): number {
    return this.#state === PENDING ? this.#remaining : 0;
  }

  /** True once the operation completed (whether or not a handler was called yet). */
  get done(): boolean {
    return this.#state !== PENDING;
  }

  /** Success handler. Assigning it after completion schedules the call. */
  get callback(): Callback<T> | null {
    return this.#callback;
  }
  set callback(fn: Callback<T> | null) {
    this.#callback = fn;
    if (fn !== null && this.#state === SUCCEEDED) this.#schedule();
  }

  /** Failure handler. Assigning it after completion schedules the call. */
  get errback(): Errback | null {
    return this.#errback;
  }
  set errback(fn: Errback | null) {
    this.#errback = fn;
    if (fn !== null && this.#state === FAILED) this.#schedule();
  }

  /** Assigns both handlers at once. */
  setCallbacks(callback: Callback<T> | null, errback: Errback | null): void {
    this.callback = callback;
    this.errback = errback;
  }

  /** Removes both handlers (a late completion is then kept until a handler is assigned). */
  clearCallbacks(): void {
    this.#callback = null;
    this.#errback = null;
  }

  /**
   * Completes with a result. Internal: called by the core. The first completion wins;
   * later ones are ignored (a late response after a timeout must not fire twice).
   * @internal
   */
  _succeed(result: T): void {
    if (this.#state !== PENDING) return;
    this.#state = SUCCEEDED;
    this.#outcome = result;
    this.#remaining = 0;
    if (this.#callback !== null) this.#deliver();
  }

  /**
   * Completes with an error. Internal: called by the core.
   * @internal
   */
  _fail(error: CouchbaseError): void {
    if (this.#state !== PENDING) return;
    this.#state = FAILED;
    this.#outcome = error;
    this.#remaining = 0;
    if (this.#errback !== null) this.#deliver();
  }

  /**
   * Decrements the outstanding count of a multi operation. @internal
   */
  _setRemaining(n: number): void {
    this.#remaining = n;
  }

  /** Delivers now: used on completion paths, which are never synchronous with creation. */
  #deliver(): void {
    if (this.#scheduled) return;
    const state = this.#state;
    const outcome = this.#outcome;
    if (state === SUCCEEDED) {
      const cb = this.#callback!;
      this.#state = DELIVERED;
      this.#outcome = undefined;
      try {
        cb(outcome as T);
      } catch (err) {
        rethrowLater(err);
      }
    } else if (state === FAILED) {
      const eb = this.#errback!;
      this.#state = DELIVERED;
      this.#outcome = undefined;
      try {
        eb(outcome as CouchbaseError);
      } catch (err) {
        rethrowLater(err);
      }
    }
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      if ((this.#state === SUCCEEDED && this.#callback !== null) || (this.#state === FAILED && this.#errback !== null)) {
        this.#deliver();
      }
    });
  }

  /**
   * Marks the result as created-and-completed-synchronously-safe: completions that
   * happen before the creating call returned (e.g. an operation on a closed bucket) go
   * through here so handlers still fire on a later microtask. @internal
   */
  _failLater(error: CouchbaseError): void {
    queueMicrotask(() => this._fail(error));
  }
}
