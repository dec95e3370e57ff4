/**
 * The promise package's view entry points, over the core's AsyncViewBase handlers: a
 * RowStream of ViewRow (for await), BatchedView (every row at once, txcouchbase's
 * BatchedView), and user handlers.
 */
import { AsyncViewBase, type AsyncBucket, type CouchbaseError, type ViewMeta, type ViewOptions, type ViewRow } from '@couchts/core';
import { BatchedRows } from './batched';
import { RowStream, type RowSink, type RowStreamOptions } from './row-stream';
import { abortError, checkSignal, onAbort } from './abort';

/** Buffered view results: a synchronous iterable of rows with `length`, `totalRows` and `meta`. */
export class BatchedView<K = unknown, V = unknown, D = unknown> extends BatchedRows<ViewRow<K, V, D>, ViewMeta> {
  /** Rows in the whole index (mapped queries). */
  get totalRows(): number | undefined {
    return this.meta.totalRows;
  }
}

/** View rows consumed with `for await`; `meta` after the last row. */
export type ViewRowStream<K = unknown, V = unknown, D = unknown> = RowStream<ViewRow<K, V, D>, ViewMeta>;

/** Options of `bucket.query()`: the view options plus the stream's buffering. */
export type QueryOptions = ViewOptions & RowStreamOptions;

class SinkViewRequest extends AsyncViewBase<unknown, unknown, unknown> {
  sink: RowSink<ViewRow, ViewMeta> | undefined;
  #error: CouchbaseError | undefined;
  override onRows(rows: ViewRow[]): void {
    this.sink?.rows(rows);
  }
  override onError(error: CouchbaseError): void {
    this.#error = error;
  }
  override onDone(): void {
    this.sink?.end(this.#error, this.meta);
  }
}

function split(options: QueryOptions | undefined): [ViewOptions, RowStreamOptions] {
  const { highWaterMark, lowWaterMark, signal, ...view } = options ?? {};
  return [view, { highWaterMark, lowWaterMark, signal }];
}

/** Options of queryAll: the view options and an AbortSignal. */
export type QueryAllOptions = ViewOptions & { signal?: AbortSignal };

/** Starts a view query whose rows stream into a RowStream. */
export function viewStream<K, V, D>(core: AsyncBucket, design: string, view: string, options?: QueryOptions): ViewRowStream<K, V, D> {
  const [viewOptions, streamOptions] = split(options);
  return new RowStream<ViewRow<K, V, D>, ViewMeta>((sink) => {
    const handler = core.query(design, view, { ...viewOptions, itercls: SinkViewRequest });
    handler.sink = sink as unknown as RowSink<ViewRow, ViewMeta>;
    handler.start();
    return { pause: () => handler.pause(), resume: () => handler.resume(), cancel: () => handler.cancel() };
  }, streamOptions);
}

/** Runs a view query and resolves with every row at once. */
export function viewAll<K, V, D>(core: AsyncBucket, design: string, view: string, options?: QueryAllOptions): Promise<BatchedView<K, V, D>> {
  const { signal: rawSignal, ...viewOptions } = options ?? {};
  const signal = checkSignal(rawSignal, 'queryAll');
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) return reject(abortError('queryAll', signal));
    const rows: ViewRow<K, V, D>[] = [];
    const handler = core.query(design, view, { ...viewOptions, itercls: SinkViewRequest });
    const detach = onAbort(signal, () => {
      handler.sink = undefined;
      handler.cancel();
      reject(abortError('queryAll', signal!));
    });
    handler.rowsPerCall = -1;
    handler.sink = {
      rows: (batch) => {
        for (const r of batch) rows.push(r as ViewRow<K, V, D>);
      },
      end: (err, meta) => {
        detach();
        if (err !== undefined) reject(err);
        else resolve(new BatchedView(rows, meta!));
      },
    };
    handler.start();
  });
}
