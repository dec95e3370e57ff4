/**
 * The promise package's N1QL entry points, over the core's AsyncN1QLRequest handlers:
 * a RowStream (for await), BatchedN1QLRequest (everything at once), and user handlers.
 */
import { AsyncN1QLRequest, type AsyncBucket, type CouchbaseError, type N1QLQuery, type QueryMeta } from '@couchts/core';
import { BatchedRows } from './batched';
import { RowStream, type RowSink, type RowStreamOptions } from './row-stream';
import { abortError, checkSignal, onAbort } from './abort';

/** Buffered N1QL results (txcouchbase's BatchedN1QLRequest): a synchronous iterable with `length` and `meta`. */
export class BatchedN1QLRequest<Row = unknown> extends BatchedRows<Row, QueryMeta> {}

/** Rows of a N1QL query, consumed with `for await`; `meta` after the last row. */
export type N1QLRowStream<Row = unknown> = RowStream<Row, QueryMeta>;

/** A core handler that forwards to a stream's sink. */
class SinkN1QLRequest extends AsyncN1QLRequest<unknown> {
  sink: RowSink<unknown, QueryMeta> | undefined;
  #error: CouchbaseError | undefined;
  override onRows(rows: unknown[]): void {
    this.sink?.rows(rows);
  }
  override onError(error: CouchbaseError): void {
    this.#error = error;
  }
  override onDone(): void {
    this.sink?.end(this.#error, this.meta);
  }
}

/** Starts a query whose rows stream into a RowStream. */
export function n1qlStream<Row>(core: AsyncBucket, query: N1QLQuery | string, options?: RowStreamOptions): N1QLRowStream<Row> {
  return new RowStream<Row, QueryMeta>((sink) => {
    const handler = core.n1qlQuery(query, { itercls: SinkN1QLRequest });
    handler.sink = sink as RowSink<unknown, QueryMeta>;
    handler.start();
    return { pause: () => handler.pause(), resume: () => handler.resume(), cancel: () => handler.cancel() };
  }, options);
}

/** Options of n1qlQueryAll. */
export interface N1QLAllOptions {
  /** Cancels the query: the promise rejects with an AbortError. */
  signal?: AbortSignal;
}

/** Runs a query and resolves with every row at once. */
export function n1qlAll<Row>(core: AsyncBucket, query: N1QLQuery | string, options?: N1QLAllOptions): Promise<BatchedN1QLRequest<Row>> {
  const signal = checkSignal(options?.signal, 'n1qlQueryAll');
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(abortError('n1qlQueryAll', signal));
    const rows: Row[] = [];
    const handler = core.n1qlQuery(query, { itercls: SinkN1QLRequest });
    const detach = onAbort(signal, () => {
      handler.sink = undefined;
      handler.cancel();
      reject(abortError('n1qlQueryAll', signal!));
    });
    handler.rowsPerCall = -1;
    handler.sink = {
      rows: (batch) => {
        for (const r of batch) rows.push(r as Row);
      },
      end: (err, meta) => {
        detach();
        if (err !== undefined) reject(err);
        else resolve(new BatchedN1QLRequest(rows, meta!));
      },
    };
    handler.start();
  });
}
