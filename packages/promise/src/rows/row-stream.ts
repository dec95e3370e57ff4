/**
 * RowStream: query rows as an async iterable, with `meta` after the last row.
 *
 * - Bounded buffering: past `highWaterMark` buffered rows the source is paused (the
 *   socket stops reading, the server waits for `drain`); below `lowWaterMark` it resumes.
 *   Memory does not grow with the result.
 * - Errors are thrown from the iterator (acouchbase swallowed them, §B.8).
 * - `break` (or `return()`), and `await using`, cancel the request on the server.
 * - One iteration per stream (a second one is an error, not a silent empty loop).
 * - `meta` never becomes an unhandled rejection by itself.
 * - An AbortSignal (`signal`) cancels the request: the loop throws an AbortError at once,
 *   rows still buffered are dropped.
 */
import { ArgumentError, type CouchbaseError } from '@couchts/core';
import { abortError, checkSignal, onAbort } from './abort';

/** How a source is driven. */
export interface RowSourceControl {
  pause(): void;
  resume(): void;
  cancel(): void;
}

/** What a source reports to its stream. */
export interface RowSink<Row, Meta> {
  rows(rows: Row[]): void;
  end(error: CouchbaseError | undefined, meta: Meta | undefined): void;
}

/** Buffering options. */
export interface RowStreamOptions {
  /** Buffered rows at which the source is paused (default 1000). */
  highWaterMark?: number;
  /** Buffered rows at which a paused source resumes (default highWaterMark / 4). */
  lowWaterMark?: number;
  /** Cancels the query: iteration throws an AbortError. */
  signal?: AbortSignal;
}

const asyncDispose: typeof Symbol.asyncDispose = ((Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;

/** Rows of a query, consumed with `for await`. */
export class RowStream<Row, Meta> implements AsyncIterable<Row> {
  /** Resolves with the response metadata after the last row; rejects with the query's error. */
  readonly meta: Promise<Meta>;
  #resolveMeta!: (m: Meta) => void;
  #rejectMeta!: (e: unknown) => void;
  #queue: Row[] = [];
  #head = 0;
  #ended = false;
  #error: CouchbaseError | undefined;
  #errorThrown = false;
  #waiter: { resolve: (r: IteratorResult<Row>) => void; reject: (e: unknown) => void } | undefined;
  #control: RowSourceControl | undefined;
  #paused = false;
  #iterated = false;
  readonly #high: number;
  readonly #low: number;
  #detachSignal: () => void = () => undefined;

  /**
   * `start` starts the source with this stream's sink and returns its controls; it may
   * throw (an argument error), which fails the stream.
   */
  constructor(start: (sink: RowSink<Row, Meta>) => RowSourceControl, options: RowStreamOptions = {}) {
    this.#high = options.highWaterMark ?? 1000;
    this.#low = options.lowWaterMark ?? Math.max(1, Math.floor(this.#high / 4));
    if (!(this.#high > 0) || !(this.#low > 0) || this.#low > this.#high) throw new ArgumentError('highWaterMark and lowWaterMark must be positive, low ≤ high');
    this.meta = new Promise<Meta>((resolve, reject) => {
      this.#resolveMeta = resolve;
      this.#rejectMeta = reject;
    });
    this.meta.catch(() => undefined);
    let signal: AbortSignal | undefined;
    try {
      signal = checkSignal(options.signal, 'query');
      if (signal?.aborted === true) throw abortError('query', signal);
      this.#control = start({ rows: (rows) => this.#push(rows), end: (err, meta) => this.#end(err, meta) });
    } catch (err) {
      this.#end(err as CouchbaseError, undefined);
      return;
    }
    if (signal !== undefined && !this.#ended) this.#detachSignal = onAbort(signal, () => this.#abort(signal));
  }

  /** Rows buffered and not yet consumed. */
  get buffered(): number {
    return this.#queue.length - this.#head;
  }

  [Symbol.asyncIterator](): AsyncIterator<Row> {
    if (this.#iterated) {
      const err = new ArgumentError('These query results were already iterated: run the query again to read them again');
      return { next: () => Promise.reject(err), return: () => Promise.resolve({ done: true, value: undefined }) };
    }
    this.#iterated = true;
    return {
      next: () => this.#next(),
      return: () => {
        this.#cancel();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  /** Cancels the query if it is still running (`await using`). */
  [asyncDispose](): Promise<void> {
    this.#cancel();
    return Promise.resolve();
  }

  /** Reads every remaining row into an array (for small results). */
  async toArray(): Promise<Row[]> {
    const out: Row[] = [];
    for await (const row of this) out.push(row);
    return out;
  }

  #next(): Promise<IteratorResult<Row>> {
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined as Row;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      if (this.#paused && this.buffered <= this.#low) {
        this.#paused = false;
        this.#control?.resume();
      }
      return Promise.resolve({ done: false, value });
    }
    if (this.#ended) {
      if (this.#error !== undefined && !this.#errorThrown) {
        this.#errorThrown = true;
        return Promise.reject(this.#error);
      }
      return Promise.resolve({ done: true, value: undefined });
    }
    if (this.#waiter !== undefined) return Promise.reject(new ArgumentError('next() called again before the previous call settled'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  #push(rows: Row[]): void {
    if (this.#ended) return;
    let i = 0;
    const w = this.#waiter;
    if (w !== undefined && rows.length > 0) {
      this.#waiter = undefined;
      w.resolve({ done: false, value: rows[0]! });
      i = 1;
    }
    for (; i < rows.length; i++) this.#queue.push(rows[i]!);
    if (!this.#paused && this.buffered >= this.#high) {
      this.#paused = true;
      this.#control?.pause();
    }
  }

  #abort(signal: AbortSignal): void {
    if (this.#ended) return;
    this.#queue = [];
    this.#head = 0;
    this.#control?.cancel();
    this.#end(abortError('query', signal), undefined);
  }

  #end(error: CouchbaseError | undefined, meta: Meta | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#detachSignal();
    this.#error = error;
    if (error !== undefined) this.#rejectMeta(error);
    else this.#resolveMeta(meta as Meta);
    const w = this.#waiter;
    if (w !== undefined && this.#head >= this.#queue.length) {
      this.#waiter = undefined;
      if (error !== undefined) {
        this.#errorThrown = true;
        w.reject(error);
      } else w.resolve({ done: true, value: undefined });
    }
  }

  #cancel(): void {
    this.#queue = [];
    this.#head = 0;
    if (!this.#ended) this.#control?.cancel();
    this.#errorThrown = true;
  }
}
