/**
 * The row-handler contract shared by AsyncN1QLRequest and AsyncViewBase (the seeds'
 * AsyncRowsBase): `onRows(rows)` zero or more times, then exactly one ending — `onDone()`,
 * or `onError(err)` followed by `onDone()`. Nothing after that.
 *
 * Unlike the Python SDK, errors found in the trailing metadata go to onError (Python
 * raised them inside a callback, where they were printed and the consumer hung), and an
 * exception thrown by onRows ends the request through onError instead of vanishing.
 */
import { AbortError } from '../errors/classes';
import { CouchbaseError } from '../errors/couchbase-error';
import type { ServiceHost, Cancellable } from './service-host';

/** Base of the user-facing row handler classes. */
export abstract class AsyncRowsBase<Row = unknown> implements Cancellable {
  /**
   * Rows per `onRows` call at most; the rows of one network read are delivered together
   * up to this. -1 delivers every row in one call at the end (buffered, as txcouchbase's
   * Batched* classes do). Default 1000 (acouchbase's rows_per_call).
   */
  rowsPerCall = 1000;
  #started = false;
  #ended = false;
  #batch: Row[] = [];
  #rowsReceived = 0;
  #untrack: (() => void) | undefined;

  /** @internal Created by the bucket; `host` is the bucket's service access. */
  constructor(protected readonly host: ServiceHost) {}

  /** Called with each batch of rows. Override. */
  onRows(rows: Row[]): void {
    void rows;
  }
  /** Called once at the end (after onError if there was an error). Override. */
  onDone(): void {}
  /** Called with the error that ended the request, just before onDone. Override. */
  onError(error: CouchbaseError): void {
    void error;
  }

  /** True once started. */
  get started(): boolean {
    return this.#started;
  }
  /** True once ended (onDone called). */
  get done(): boolean {
    return this.#ended;
  }
  /** Rows delivered so far. */
  get rowsReceived(): number {
    return this.#rowsReceived;
  }

  /** Starts the request (at most once); before the bucket is connected it waits for it. */
  start(): this {
    if (this.#started) return this;
    this.#started = true;
    this.#untrack = this.host.track(this);
    this.host.whenReady((err) => {
      if (this.#ended) return;
      if (err !== undefined) this._end(err);
      else this._begin();
    });
    return this;
  }

  /** Stops reading from the network (back-pressure); rows already received are still delivered. */
  pause(): void {
    this._pauseTransport();
  }

  /** Resumes reading. */
  resume(): void {
    this._resumeTransport();
  }

  /** Cancels the request on the server (its connection is closed); ends with an AbortError. */
  cancel(): void {
    if (this.#ended) return;
    this._abortTransport();
    this._end(new AbortError('The request was cancelled'));
  }

  /** Ends the request with `error` (close() of the bucket). @internal */
  destroy(error: CouchbaseError): void {
    if (this.#ended) return;
    this._abortTransport();
    this._end(error);
  }

  /** Issues the request (the bucket is ready). @internal */
  protected abstract _begin(): void;
  /** Transport controls. @internal */
  protected abstract _pauseTransport(): void;
  protected abstract _resumeTransport(): void;
  protected abstract _abortTransport(): void;

  /** Queues rows for delivery; `flush` delivers now (end of a network read). @internal */
  protected _rows(rows: Row[], flush: boolean): void {
    if (this.#ended) return;
    for (const r of rows) this.#batch.push(r);
    if (this.rowsPerCall < 0) return;
    while (this.#batch.length > 0 && (flush || this.#batch.length >= this.rowsPerCall)) {
      const take = this.rowsPerCall > 0 ? Math.min(this.rowsPerCall, this.#batch.length) : this.#batch.length;
      const batch = this.#batch.splice(0, take);
      if (!this.#deliver(batch)) return;
    }
  }

  /** Ends the request: remaining rows, then onError (if any) and onDone. @internal */
  protected _end(error?: CouchbaseError): void {
    if (this.#ended) return;
    if (this.#batch.length > 0 && error === undefined) {
      const rest = this.#batch;
      this.#batch = [];
      if (!this.#deliver(rest)) return;
    }
    this.#batch = [];
    this.#ended = true;
    this.#untrack?.();
    if (error !== undefined) this.#safely(() => this.onError(error));
    this.#safely(() => this.onDone());
  }

  #deliver(rows: Row[]): boolean {
    this.#rowsReceived += rows.length;
    try {
      this.onRows(rows);
      return true;
    } catch (cause) {
      this._abortTransport();
      this._end(new CouchbaseError(`onRows threw: ${(cause as Error)?.message ?? String(cause)}`, { cause }));
      return false;
    }
  }

  #safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}
