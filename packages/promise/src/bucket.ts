/**
 * Bucket: the promise API (acouchbase analogue). Every operation returns a Promise of
 * the core's result objects; no protocol logic lives here — each method forwards to
 * the core's AsyncBucket and adapts its AsyncResult with {@link defer}.
 */
import {
  AsyncBucket,
  AsyncN1QLRequest,
  AsyncViewBase,
  NodeIOPS,
  type ViewOptions,
  type N1QLQuery,
  type AppendOptions,
  type AsyncResult,
  type BucketEventName,
  type BucketOptions,
  type CounterMultiValue,
  type CounterOptions,
  type EndureMultiInput,
  type EndureOptions,
  type EventHandlers,
  type ObserveInfo,
  type ObserveOptions,
  type MutateInOptions,
  type LookupInOptions,
  type SubdocResult,
  type SubdocSpec,
  type GetOptions,
  type InsertOptions,
  type KeyValues,
  type LockOptions,
  type MultiResult,
  type OperationResult,
  type RemoveOptions,
  type Result,
  type RgetOptions,
  type StoreOptions,
  type TouchOptions,
  type ValueResult,
} from '@couchts/core';
import { defer } from './defer';
import { n1qlAll, n1qlStream, type BatchedN1QLRequest, type N1QLAllOptions, type N1QLRowStream } from './rows/n1ql';
import { viewAll, viewStream, type BatchedView, type QueryAllOptions, type QueryOptions, type ViewRowStream } from './rows/views';
import { PromiseBucketManager } from './bucket-manager';
import type { RowStreamOptions } from './rows/row-stream';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');
const asyncDispose: typeof Symbol.asyncDispose = ((Symbol as { asyncDispose?: symbol }).asyncDispose ?? Symbol.for('Symbol.asyncDispose')) as typeof Symbol.asyncDispose;

/**
 * A bucket with a promise API. Connecting starts in the constructor; operations issued
 * before the connection is ready are queued by the core and then sent, or failed with
 * the connection's error.
 *
 * ```ts
 * const bucket = new Bucket('couchbase://127.0.0.1/default', { username, password });
 * await bucket.upsert('id', { some: ['value'] });
 * const { value } = await bucket.get('id');
 * ```
 */
export class Bucket {
  readonly #core: AsyncBucket;
  readonly #connected: Promise<void>;
  #closing: Promise<void> | undefined;
  #manager: PromiseBucketManager | undefined;

  /** Creates a bucket and starts connecting. Throws ArgumentError for a bad connection string or option. */
  constructor(connstr: string, options: BucketOptions = {}) {
    const { iops, ...rest } = options ?? {};
    this.#core = new AsyncBucket(iops ?? new NodeIOPS(), connstr, rest);
    this.#connected = new Promise<void>((resolve, reject) => this.#core.registerEvent('connect', { callback: resolve, errback: reject }));
    // Nobody may ever await connect(): its failure must not become an unhandled rejection.
    this.#connected.catch(() => undefined);
  }

  /** The raw core bucket (AsyncResult callbacks), for code that wants them. */
  get core(): AsyncBucket {
    return this.#core;
  }

  /** True after bootstrap, false before it and after close(). */
  get connected(): boolean {
    return this.#core.connected;
  }

  /** Name of the bucket. */
  get bucketName(): string {
    return this.#core.bucketName;
  }

  /** Default of the `quiet` option of get / lock / rget / remove. */
  get quiet(): boolean {
    return this.#core.quiet;
  }
  set quiet(value: boolean) {
    this.#core.quiet = value;
  }

  /** Resolves once connected (the same promise every time); rejects with the connection's error. */
  connect(): Promise<void> {
    return this.#connected;
  }

  /** Registers handlers for `connect` or `destroy` (as the core does). */
  registerEvent(name: BucketEventName, handlers: EventHandlers): void {
    this.#core.registerEvent(name, handlers);
  }

  /** Stores a document, creating or replacing it. */
  upsert(key: string, value: unknown, options?: StoreOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.upsert(key, value, options));
  }
  /** Creates a document; rejects with KeyExistsError if it exists. */
  insert(key: string, value: unknown, options?: InsertOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.insert(key, value, options));
  }
  /** Replaces an existing document; rejects with NotFoundError if it is missing. */
  replace(key: string, value: unknown, options?: StoreOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.replace(key, value, options));
  }
  /** Appends to an existing document (format `utf8` by default). */
  append(key: string, value: unknown, options?: AppendOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.append(key, value, options));
  }
  /** Prepends to an existing document (format `utf8` by default). */
  prepend(key: string, value: unknown, options?: AppendOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.prepend(key, value, options));
  }
  /** Reads a document (`ttl` > 0: get-and-touch; `replica`: from a replica). */
  get<T = unknown>(key: string, options?: GetOptions): Promise<ValueResult<T>> {
    return this.#run(() => this.#core.get<T>(key, options));
  }
  /** Reads a document from a replica. */
  rget<T = unknown>(key: string, options?: RgetOptions): Promise<ValueResult<T>> {
    return this.#run(() => this.#core.rget<T>(key, options));
  }
  /** Reads parts of a document (`SD.get`, `SD.exists`, `SD.getCount`); a missing path is not an error. */
  lookupIn(key: string, ...specsAndOptions: (SubdocSpec | LookupInOptions)[]): Promise<SubdocResult> {
    return this.#run(() => this.#core.lookupIn(key, ...specsAndOptions));
  }
  /** Changes parts of a document atomically; options (`cas`, `ttl`, `upsertDoc`, …) come last. */
  mutateIn(key: string, ...specsAndOptions: (SubdocSpec | MutateInOptions)[]): Promise<SubdocResult> {
    return this.#run(() => this.#core.mutateIn(key, ...specsAndOptions));
  }
  /** What each node holding the key reports about it (ObserveInfo per node, active first). */
  observe(key: string, options?: ObserveOptions): Promise<ValueResult<ObserveInfo[]>> {
    return this.#run(() => this.#core.observe(key, options));
  }
  /** Waits until a mutation of `key` is persisted / replicated as asked (-1 = all copies). */
  endure(key: string, options?: EndureOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.endure(key, options));
  }
  /** Changes a document's expiry. */
  touch(key: string, options?: TouchOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.touch(key, options));
  }
  /** Reads and locks a document for `ttl` seconds (1–30). */
  lock<T = unknown>(key: string, options: LockOptions): Promise<ValueResult<T>> {
    return this.#run(() => this.#core.lock<T>(key, options));
  }
  /** Unlocks a document with the CAS its lock returned. */
  unlock(key: string, cas: bigint, options?: { signal?: AbortSignal }): Promise<OperationResult> {
    return this.#run(() => this.#core.unlock(key, cas, options));
  }
  /** Removes a document. */
  remove(key: string, options?: RemoveOptions): Promise<OperationResult> {
    return this.#run(() => this.#core.remove(key, options));
  }
  /** Adds `delta` (default 1) to a counter document. */
  counter(key: string, options?: CounterOptions): Promise<ValueResult<number>> {
    return this.#run(() => this.#core.counter(key, options));
  }

  /** upsert of several documents. */
  upsertMulti(kv: KeyValues<unknown>, options?: StoreOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.upsertMulti(kv, options));
  }
  /** insert of several documents. */
  insertMulti(kv: KeyValues<unknown>, options?: InsertOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.insertMulti(kv, options));
  }
  /** replace of several documents. */
  replaceMulti(kv: KeyValues<unknown>, options?: StoreOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.replaceMulti(kv, options));
  }
  /** append to several documents. */
  appendMulti(kv: KeyValues<unknown>, options?: AppendOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.appendMulti(kv, options));
  }
  /** prepend to several documents. */
  prependMulti(kv: KeyValues<unknown>, options?: AppendOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.prependMulti(kv, options));
  }
  /** get of several documents. */
  getMulti<T = unknown>(keys: string[], options?: GetOptions): Promise<MultiResult<ValueResult<T>>> {
    return this.#run(() => this.#core.getMulti<T>(keys, options));
  }
  /** rget of several documents. */
  rgetMulti<T = unknown>(keys: string[], options?: RgetOptions): Promise<MultiResult<ValueResult<T>>> {
    return this.#run(() => this.#core.rgetMulti<T>(keys, options));
  }
  /** endure of several keys: keys, `{ key: cas }`, or the MultiResult of the mutations. */
  endureMulti(keys: EndureMultiInput, options?: Omit<EndureOptions, 'cas'>): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.endureMulti(keys, options));
  }
  /** touch of several documents. */
  touchMulti(keys: string[] | KeyValues<number>, options?: TouchOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.touchMulti(keys, options));
  }
  /** lock of several documents. */
  lockMulti<T = unknown>(keys: string[], options: LockOptions): Promise<MultiResult<ValueResult<T>>> {
    return this.#run(() => this.#core.lockMulti<T>(keys, options));
  }
  /** unlock of several documents. */
  unlockMulti(keys: KeyValues<bigint> | MultiResult<Result>): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.unlockMulti(keys));
  }
  /** remove of several documents. */
  removeMulti(keys: string[] | KeyValues<bigint>, options?: RemoveOptions): Promise<MultiResult<OperationResult>> {
    return this.#run(() => this.#core.removeMulti(keys, options));
  }
  /** counter on several documents. */
  counterMulti(keys: string[] | KeyValues<CounterMultiValue>, options?: CounterOptions): Promise<MultiResult<ValueResult<number>>> {
    return this.#run(() => this.#core.counterMulti(keys, options));
  }

  /**
   * Runs a N1QL query; its rows arrive as the response streams in:
   *
   * ```ts
   * for await (const row of bucket.n1qlQuery('SELECT * FROM `travel-sample` LIMIT 10')) console.log(row);
   * ```
   *
   * `meta` resolves after the last row. The buffer is bounded (a slow loop pauses the
   * socket); `break` cancels the query on the server; an error is thrown from the loop.
   */
  n1qlQuery<Row = unknown>(query: N1QLQuery | string, options?: RowStreamOptions): N1QLRowStream<Row> {
    return n1qlStream<Row>(this.#core, query, options);
  }

  /** Runs a N1QL query and resolves with all its rows (for small results). */
  n1qlQueryAll<Row = unknown>(query: N1QLQuery | string, options?: N1QLAllOptions): Promise<BatchedN1QLRequest<Row>> {
    try {
      return n1qlAll<Row>(this.#core, query, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Runs a N1QL query with a handler class of yours (a subclass of AsyncN1QLRequest):
   * returns the handler at once, started now, or once the bucket is connected.
   */
  n1qlQueryEx<H extends AsyncN1QLRequest<unknown>>(handlerClass: new (host: never, query: N1QLQuery) => H, query: N1QLQuery | string): H {
    const handler = this.#core.n1qlQuery(query, { itercls: handlerClass });
    handler.start();
    return handler;
  }

  /**
   * Queries a view; rows (ViewRow: key, value, id, and doc with `includeDocs`) arrive as
   * the response streams in:
   *
   * ```ts
   * for await (const row of bucket.query('beer', 'brewery_beers', { limit: 20, includeDocs: true })) console.log(row.key, row.doc?.value);
   * ```
   *
   * `meta` (totalRows, errors) resolves after the last row; `break` cancels the query.
   */
  query<K = unknown, V = unknown, D = unknown>(design: string, view: string, options?: QueryOptions): ViewRowStream<K, V, D> {
    return viewStream<K, V, D>(this.#core, design, view, options);
  }

  /** Queries a view and resolves with every row at once (a BatchedView: iterable, length, totalRows). */
  queryAll<K = unknown, V = unknown, D = unknown>(design: string, view: string, options?: QueryAllOptions): Promise<BatchedView<K, V, D>> {
    try {
      return viewAll<K, V, D>(this.#core, design, view, options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Queries a view with a handler class of yours (a subclass of AsyncViewBase): returns the
   * handler at once, started now, or once the bucket is connected.
   */
  queryEx<H extends AsyncViewBase<unknown, unknown, unknown>>(
    handlerClass: new (host: never, design: string, view: string, options?: ViewOptions) => H,
    design: string,
    view: string,
    options?: ViewOptions,
  ): H {
    const handler = this.#core.query(design, view, { ...options, itercls: handlerClass });
    handler.start();
    return handler;
  }

  /** Design-document management. */
  bucketManager(): PromiseBucketManager {
    this.#manager ??= new PromiseBucketManager(this.#core.bucketManager());
    return this.#manager;
  }

  /**
   * Closes the bucket: pending operations reject with ObjectDestroyedError, every
   * socket and timer is released. Resolves once closed; the same promise every time.
   */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      this.#core.registerEvent('destroy', { callback: resolve, errback: () => resolve() });
      this.#core.close();
    });
    return this.#closing;
  }

  /** `await using bucket = new Bucket(…)` closes it at the end of the scope. */
  [asyncDispose](): Promise<void> {
    return this.close();
  }

  /** JSON form: never the password. */
  toJSON(): Record<string, unknown> {
    return this.#core.toJSON();
  }

  /** `util.inspect` form: never the password. */
  [inspectSymbol](): string {
    return `Bucket ${JSON.stringify(this.toJSON())}`;
  }

  /** Argument errors thrown synchronously by the core become rejections here. */
  #run<T>(start: () => AsyncResult<T>): Promise<T> {
    try {
      return defer(start());
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
