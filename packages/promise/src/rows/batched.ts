/**
 * The buffered results of `n1qlQueryAll` (txcouchbase's BatchedN1QLRequest): every row,
 * received before the promise resolved, as a synchronous iterable, with `length` and
 * `meta`. For small results; large ones should stream with `n1qlQuery`.
 */

/** Buffered rows with their metadata. */
export class BatchedRows<Row, Meta> implements Iterable<Row> {
  /** @internal */
  constructor(
    readonly rows: readonly Row[],
    readonly meta: Meta,
  ) {}

  /** Number of rows. */
  get length(): number {
    return this.rows.length;
  }

  [Symbol.iterator](): Iterator<Row> {
    return this.rows[Symbol.iterator]();
  }
}
