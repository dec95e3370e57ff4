/**
 * Collects the per-key outcomes of a multi operation into one MultiResult. The
 * AsyncResult completes when every key has: with the MultiResult, or — if any key failed
 * — with the first failure (in completion order), which carries `allResults`.
 */
import type { CouchbaseError } from '../errors/couchbase-error';
import type { MultiCollector } from '../kv/kv-op';
import type { AsyncResult } from '../results/async-result';
import { MultiResult, type Result } from '../results/result';

/** Gathers the results of one multi call. */
export class MultiResultCollector<R extends Result> implements MultiCollector {
  readonly #keys: readonly string[];
  readonly #results: (Result | undefined)[];
  #remaining: number;
  #firstError: CouchbaseError | undefined;

  /** `keys` in input order; `target` completes once all have. */
  constructor(
    keys: readonly string[],
    private readonly target: AsyncResult<MultiResult<R>>,
  ) {
    this.#keys = keys;
    this.#results = new Array(keys.length);
    this.#remaining = keys.length;
    target._setRemaining(keys.length);
    if (keys.length === 0) queueMicrotask(() => target._succeed(new MultiResult<R>()));
  }

  done(index: number, result: Result, error: CouchbaseError | undefined): void {
    if (this.#results[index] !== undefined) return;
    this.#results[index] = result;
    if (error !== undefined && this.#firstError === undefined) this.#firstError = error;
    this.target._setRemaining(--this.#remaining);
    if (this.#remaining > 0) return;
    const all = new MultiResult<R>();
    this.#keys.forEach((k, i) => all.set(k, this.#results[i] as R));
    if (this.#firstError !== undefined) {
      this.#firstError.allResults = all as unknown as MultiResult<Result>;
      this.target._fail(this.#firstError);
    } else {
      this.target._succeed(all);
    }
  }
}
