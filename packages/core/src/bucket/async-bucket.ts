/**
 * AsyncBucket: the raw async core's bucket (the seeds' couchbase.async.bucket.AsyncBucket).
 * Every key-value operation returns an AsyncResult at once; argument errors are thrown
 * synchronously; connecting starts in the constructor.
 *
 * Not meant to be awaited directly: `@couchts/promise` wraps it (acouchbase style), and
 * an integration for another event framework can subclass or wrap it (txcouchbase style).
 */
import { randomBytes } from 'node:crypto';
import { ClusterAgent } from '../cluster/cluster-agent';
import { ArgumentError, ObjectDestroyedError } from '../errors/classes';
import { AsyncN1QLRequest } from '../query/async-n1ql-request';
import { N1QLQuery } from '../query/n1ql-query';
import { AsyncViewBase } from '../views/async-view-base';
import { BucketManager } from '../views/bucket-manager';
import type { ViewOptions } from '../views/view-options';
import { BucketServices } from './bucket-services';
import { DurabilityService, type EndureMultiInput, type ObserveOptions } from '../durability/durability-service';
import type { EndureOptions } from '../durability/durability-options';
import type { ObserveInfo } from '../results/observe-info';
import type { SubdocResult } from '../results/subdoc-result';
import type { SubdocSpec } from '../subdoc/sd';
import { buildLookupIn, buildMutateIn, splitSpecsAndOptions, type LookupInOptions, type MutateInOptions } from '../subdoc/subdoc-ops';
import type { CouchbaseError } from '../errors/couchbase-error';
import { claimIops, missingIopsMethods, releaseIops, type IOPS } from '../iops/iops';
import { KvDispatcher } from '../kv/dispatcher';
import type { KvOp } from '../kv/kv-op';
import { AsyncResult } from '../results/async-result';
import { MultiResult, type OperationResult, type Result, type ValueResult } from '../results/result';
import { formatConnectionString, parseConnectionString, type ConnectionSpec } from '../routing/connection-string';
import { resolveBucketOptions, type BucketOptions, type ResolvedBucketOptions } from './bucket-options';
import { OnceEvent, type EventHandlers } from './connect-events';
import { checkOptions as checkOptionsOf } from '../validation/arguments';
import { casEntries, entriesOf, keysOf, keysOrEntries, type KeyValues } from './multi-inputs';
import { MultiResultCollector } from './multi-collector';
import {
  buildAppend,
  buildCounter,
  buildGet,
  buildLock,
  buildRemove,
  buildRget,
  buildStore,
  buildTouch,
  buildUnlock,
  type AppendOptions,
  type BuildContext,
  type CounterOptions,
  type GetOptions,
  type InsertOptions,
  type LockOptions,
  type OpTarget,
  type RemoveOptions,
  type RgetOptions,
  type StoreOptions,
  type TouchOptions,
} from './op-builders';

/** Names accepted by {@link AsyncBucket.registerEvent}. */
export type BucketEventName = 'connect' | 'destroy' | '_dtor';

/** Per-key value for counterMulti: a delta, or full counter options. */
export type CounterMultiValue = number | bigint | CounterOptions;

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/** The raw asynchronous bucket. */
export class AsyncBucket {
  readonly #iops: IOPS;
  readonly #spec: ConnectionSpec;
  readonly #options: ResolvedBucketOptions;
  readonly #agent: ClusterAgent;
  readonly #dispatcher: KvDispatcher;
  readonly #connectEvent = new OnceEvent();
  readonly #destroyEvent = new OnceEvent();
  readonly #ctx: BuildContext;
  readonly #services: BucketServices;
  readonly #durability: DurabilityService;
  #manager: BucketManager | undefined;
  #quiet: boolean;
  #closed = false;

  /**
   * Creates a bucket and starts connecting. Throws ArgumentError without an IOPS, with
   * an IOPS another live bucket owns, or with a bad connection string or option.
   */
  constructor(iops: IOPS, connstr: string, options?: BucketOptions) {
    if (iops === undefined || iops === null) throw new ArgumentError('Must have IOPS');
    const missing = missingIopsMethods(iops);
    if (missing.length > 0) throw new ArgumentError(`Invalid IOPS object: missing or invalid ${missing.join(', ')}`);
    if (options?.iops !== undefined && options.iops !== iops) {
      throw new ArgumentError('Two different IOPS objects were given (argument and options.iops)');
    }
    this.#spec = parseConnectionString(connstr);
    this.#options = resolveBucketOptions(options, this.#spec);
    if (!claimIops(iops, this)) throw new ArgumentError('This IOPS object is already owned by another bucket');
    this.#iops = iops;
    this.#quiet = this.#options.quiet;
    const now = iops.now !== undefined ? () => iops.now!() : () => performance.now();
    this.#agent = new ClusterAgent(
      {
        iops,
        spec: this.#spec,
        bucket: this.#spec.bucket,
        credentials: { username: this.#options.username, password: this.#options.password },
        saslMechanism: this.#options.saslMechanism,
        tls: this.#spec.tls ? { ca: this.#options.ca, rejectUnauthorized: true } : false,
        logger: this.#options.logger,
        clientId: randomBytes(8).toString('hex'),
        scramCache: new Map(),
        handshakeTimeout: this.#options.bootstrapTimeout,
        bootstrapTimeout: this.#options.bootstrapTimeout,
        configPollInterval: this.#options.configPollInterval,
        now,
      },
      {
        onBootstrapped: () => this.#connectEvent.fire(),
        onBootstrapFailed: (err) => this.#onBootstrapFailed(err),
        onRoutesChanged: () => this.#dispatcher.onRoutesChanged(),
        onEndpointReady: (id) => this.#dispatcher.onEndpointReady(id),
      },
    );
    this.#dispatcher = new KvDispatcher(iops, now, this.#agent);
    this.#durability = new DurabilityService({
      iops,
      now,
      owner: this.#dispatcher,
      schedule: (op, timeoutMs) => this.#dispatcher.schedule(op, timeoutMs),
      numReplicas: () => (this.#agent.snapshot?.routable === true ? this.#agent.snapshot.numReplicas : undefined),
      operationTimeout: this.#options.operationTimeout,
      whenReady: (cb) => this.#connectEvent.register({ callback: () => cb(), errback: (err) => cb(err as CouchbaseError) }),
    });
    this.#dispatcher.setDurabilityHandler(this.#durability.afterMutation);
    this.#services = new BucketServices({
      iops,
      now,
      agent: this.#agent,
      connectEvent: this.#connectEvent,
      bucketName: this.#spec.bucket,
      username: this.#options.username,
      password: this.#options.password,
      tls: this.#spec.tls ? { ca: this.#options.ca, rejectUnauthorized: true } : false,
      timeouts: { n1ql: this.#options.n1qlTimeout, view: this.#options.viewTimeout },
      logger: this.#options.logger,
      getMulti: (ids) => this.getMulti(ids, { quiet: true }),
    });
    const self = this;
    this.#ctx = {
      owner: this.#dispatcher,
      get quiet() {
        return self.#quiet;
      },
    };
    this.#iops.startWatching();
    this.#agent.start();
  }

  /** True once connected (bootstrap done), false before and after close(). */
  get connected(): boolean {
    return !this.#closed && this.#agent.connected;
  }

  /** True once close() was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The bucket's name. */
  get bucketName(): string {
    return this.#spec.bucket;
  }

  /** Default `quiet` for get / lock / rget / remove. */
  get quiet(): boolean {
    return this.#quiet;
  }
  set quiet(value: boolean) {
    if (typeof value !== 'boolean') throw new ArgumentError('quiet must be a boolean');
    this.#quiet = value;
  }

  /** Timeouts in effect (ms). */
  get timeouts(): { operation: number; n1ql: number; view: number; bootstrap: number } {
    const o = this.#options;
    return { operation: o.operationTimeout, n1ql: o.n1qlTimeout, view: o.viewTimeout, bootstrap: o.bootstrapTimeout };
  }

  /**
   * Registers handlers for `connect` or `destroy` (`_dtor` is an alias). If the event
   * already fired, the real outcome is delivered asynchronously.
   */
  registerEvent(name: BucketEventName, handlers: EventHandlers): void {
    if (typeof handlers !== 'object' || handlers === null) throw new ArgumentError('registerEvent: handlers must be an object { callback, errback }');
    switch (name) {
      case 'connect':
        this.#connectEvent.register(handlers);
        return;
      case 'destroy':
      case '_dtor':
        this.#destroyEvent.register(handlers);
        return;
      default:
        throw new ArgumentError(`registerEvent: unknown event '${String(name)}' (use 'connect' or 'destroy')`, { context: { event: String(name) } });
    }
  }

  // --- single-key operations ---------------------------------------------------------

  /** Stores a document, creating or replacing it. */
  upsert(key: string, value: unknown, options?: StoreOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildStore(this.#ctx, 'upsert', key, value, options, t));
  }
  /** Creates a document; KeyExistsError if it exists. */
  insert(key: string, value: unknown, options?: InsertOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildStore(this.#ctx, 'insert', key, value, options, t));
  }
  /** Replaces an existing document; NotFoundError if missing. */
  replace(key: string, value: unknown, options?: StoreOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildStore(this.#ctx, 'replace', key, value, options, t));
  }
  /** Appends bytes/text to an existing document (format `utf8` by default); NotStoredError if missing. */
  append(key: string, value: unknown, options?: AppendOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildAppend(this.#ctx, 'append', key, value, options, t));
  }
  /** Prepends bytes/text to an existing document; NotStoredError if missing. */
  prepend(key: string, value: unknown, options?: AppendOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildAppend(this.#ctx, 'prepend', key, value, options, t));
  }
  /** Reads a document (`ttl` > 0: get-and-touch; `replica`: from a replica). */
  get<T = unknown>(key: string, options?: GetOptions): AsyncResult<ValueResult<T>> {
    return this.#single((t) => buildGet(this.#ctx, key, options, t));
  }
  /** Reads a document from a replica. */
  rget<T = unknown>(key: string, options?: RgetOptions): AsyncResult<ValueResult<T>> {
    return this.#single((t) => buildRget(this.#ctx, key, options, t));
  }
  /** Changes a document's expiry. */
  touch(key: string, options?: TouchOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildTouch(this.#ctx, key, options, t));
  }
  /** Reads and locks a document for `ttl` seconds (1–30); the result's CAS unlocks it. */
  lock<T = unknown>(key: string, options: LockOptions): AsyncResult<ValueResult<T>> {
    return this.#single((t) => buildLock(this.#ctx, key, options, t));
  }
  /** Unlocks a document locked with {@link lock}, given the CAS the lock returned. */
  unlock(key: string, cas: bigint, options?: { signal?: AbortSignal }): AsyncResult<OperationResult> {
    return this.#single((t) => buildUnlock(this.#ctx, key, cas, t, options));
  }
  /** Removes a document. */
  remove(key: string, options?: RemoveOptions): AsyncResult<OperationResult> {
    return this.#single((t) => buildRemove(this.#ctx, key, options, t));
  }
  /** Adds `delta` (default 1; negative subtracts, never below 0) to a counter document. */
  counter(key: string, options?: CounterOptions): AsyncResult<ValueResult<number>> {
    return this.#single((t) => buildCounter(this.#ctx, key, options, t));
  }

  /**
   * Reads parts of a document (`SD.get`, `SD.exists`, `SD.getCount`). A missing path is
   * not an error of the call: `result.exists(i)` is false and `result.get(i)` throws.
   */
  lookupIn(key: string, ...specsAndOptions: (SubdocSpec | LookupInOptions)[]): AsyncResult<SubdocResult> {
    const [specs, options] = splitSpecsAndOptions(specsAndOptions);
    return this.#single((t) => buildLookupIn(this.#dispatcher, key, specs, options, t));
  }
  /**
   * Changes parts of a document atomically (`SD.upsert`, `SD.counter`, …), with an options
   * object last (`cas`, `ttl`, `persistTo`, `replicateTo`, `upsertDoc`, `insertDoc`). A
   * failing spec fails the call (SubdocPathNotFoundError, SubdocPathExistsError, …) and
   * nothing is applied.
   */
  mutateIn(key: string, ...specsAndOptions: (SubdocSpec | MutateInOptions)[]): AsyncResult<SubdocResult> {
    const [specs, options] = splitSpecsAndOptions(specsAndOptions);
    return this.#single((t) => buildMutateIn(this.#dispatcher, key, specs, options, t));
  }

  /** What each node holding the key reports about it (ObserveInfo per node, active first). */
  observe(key: string, options?: ObserveOptions): AsyncResult<ValueResult<ObserveInfo[]>> {
    return this.#durability.observe(key, options);
  }
  /**
   * Waits until a mutation of `key` is durable: persisted on `persistTo` copies and held by
   * `replicateTo` replicas (-1, the default, = all the bucket has), polling every
   * `interval` ms until `timeout` (TimeoutError). With `cas`, only that version counts.
   */
  endure(key: string, options?: EndureOptions): AsyncResult<OperationResult> {
    return this.#durability.endure(key, options);
  }

  // --- multi operations --------------------------------------------------------------

  /** upsert of several documents. */
  upsertMulti(kv: KeyValues<unknown>, options?: StoreOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(entriesOf(kv, 'upsertMulti'), (k, v, t) => buildStore(this.#ctx, 'upsert', k, v, options, t));
  }
  /** insert of several documents. */
  insertMulti(kv: KeyValues<unknown>, options?: InsertOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(entriesOf(kv, 'insertMulti'), (k, v, t) => buildStore(this.#ctx, 'insert', k, v, options, t));
  }
  /** replace of several documents. */
  replaceMulti(kv: KeyValues<unknown>, options?: StoreOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(entriesOf(kv, 'replaceMulti'), (k, v, t) => buildStore(this.#ctx, 'replace', k, v, options, t));
  }
  /** append to several documents. */
  appendMulti(kv: KeyValues<unknown>, options?: AppendOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(entriesOf(kv, 'appendMulti'), (k, v, t) => buildAppend(this.#ctx, 'append', k, v, options, t));
  }
  /** prepend to several documents. */
  prependMulti(kv: KeyValues<unknown>, options?: AppendOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(entriesOf(kv, 'prependMulti'), (k, v, t) => buildAppend(this.#ctx, 'prepend', k, v, options, t));
  }
  /** get of several documents. */
  getMulti<T = unknown>(keys: string[], options?: GetOptions): AsyncResult<MultiResult<ValueResult<T>>> {
    return this.#multi(keysOf(keys, 'getMulti').map((k) => [k, undefined]), (k, _v, t) => buildGet(this.#ctx, k, options, t));
  }
  /** rget of several documents. */
  rgetMulti<T = unknown>(keys: string[], options?: RgetOptions): AsyncResult<MultiResult<ValueResult<T>>> {
    return this.#multi(keysOf(keys, 'rgetMulti').map((k) => [k, undefined]), (k, _v, t) => buildRget(this.#ctx, k, options, t));
  }
  /** touch of several documents: keys with `options.ttl`, or `{ key: ttl }`. */
  touchMulti(keys: string[] | KeyValues<number>, options?: TouchOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(keysOrEntries<number>(keys, 'touchMulti'), (k, ttl, t) =>
      buildTouch(this.#ctx, k, ttl === undefined ? options : { ...options, ttl }, t),
    );
  }
  /** lock of several documents. */
  lockMulti<T = unknown>(keys: string[], options: LockOptions): AsyncResult<MultiResult<ValueResult<T>>> {
    return this.#multi(keysOf(keys, 'lockMulti').map((k) => [k, undefined]), (k, _v, t) => buildLock(this.#ctx, k, options, t));
  }
  /** unlock of several documents: `{ key: cas }`, or the MultiResult of lockMulti. */
  unlockMulti(keys: KeyValues<bigint> | MultiResult<Result>): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(casEntries(keys, 'unlockMulti'), (k, cas, t) => buildUnlock(this.#ctx, k, cas, t));
  }
  /** remove of several documents: keys, or `{ key: cas }`. */
  removeMulti(keys: string[] | KeyValues<bigint>, options?: RemoveOptions): AsyncResult<MultiResult<OperationResult>> {
    return this.#multi(keysOrEntries<bigint>(keys, 'removeMulti'), (k, cas, t) =>
      buildRemove(this.#ctx, k, cas === undefined ? options : { ...options, cas }, t),
    );
  }
  /** counter on several documents: keys with `options`, or `{ key: delta | CounterOptions }`. */
  counterMulti(keys: string[] | KeyValues<CounterMultiValue>, options?: CounterOptions): AsyncResult<MultiResult<ValueResult<number>>> {
    return this.#multi(keysOrEntries<CounterMultiValue>(keys, 'counterMulti'), (k, v, t) => {
      const perKey = v === undefined ? {} : typeof v === 'object' ? v : { delta: v };
      return buildCounter(this.#ctx, k, { ...options, ...perKey }, t);
    });
  }

  /** endure of several keys: an array of keys, `{ key: cas }`, or the MultiResult of the mutations (their tokens are used). */
  endureMulti(keys: EndureMultiInput, options?: Omit<EndureOptions, 'cas'>): AsyncResult<MultiResult<OperationResult>> {
    return this.#durability.endureMulti(keys, options);
  }

  // --- N1QL ------------------------------------------------------------------------------

  /**
   * Creates a N1QL request handled by `itercls` (a subclass of AsyncN1QLRequest). The
   * handler is returned unstarted: call `start()` (before the bucket is connected it
   * waits for the connection). A plain string is accepted as the query.
   */
  n1qlQuery<R extends AsyncN1QLRequest<unknown>>(query: N1QLQuery | string, options: { itercls: new (host: never, query: N1QLQuery) => R }): R {
    const itercls = (options as { itercls?: unknown } | undefined)?.itercls;
    if (typeof itercls !== 'function' || !(itercls === AsyncN1QLRequest || itercls.prototype instanceof AsyncN1QLRequest)) {
      throw new ArgumentError('n1qlQuery: itercls must be defined and must be derived from AsyncN1QLRequest');
    }
    checkOptionsOf(options, ['itercls'], 'n1qlQuery');
    const q = N1QLQuery.from(query);
    return new (itercls as new (host: BucketServices, query: N1QLQuery) => R)(this.#services, q);
  }

  // --- views -------------------------------------------------------------------------

  /**
   * Creates a view query handled by `itercls` (a subclass of AsyncViewBase), unstarted:
   * call `start()`. Options are the seeds' view options in camelCase (see ViewOptions);
   * bad options are an ArgumentError, thrown.
   */
  query<R extends AsyncViewBase<unknown, unknown, unknown>>(
    design: string,
    view: string,
    options: ViewOptions & { itercls: new (host: never, design: string, view: string, options?: ViewOptions) => R },
  ): R {
    const { itercls, ...viewOptions } = (options ?? {}) as ViewOptions & { itercls?: unknown };
    if (typeof itercls !== 'function' || !(itercls === AsyncViewBase || itercls.prototype instanceof AsyncViewBase)) {
      throw new ArgumentError('query: itercls must be defined and must be derived from AsyncViewBase');
    }
    return new (itercls as new (host: BucketServices, design: string, view: string, options?: ViewOptions) => R)(this.#services, design, view, viewOptions);
  }

  /** Design-document management (designCreate, designGet, designPublish, designDelete). */
  bucketManager(): BucketManager {
    this.#manager ??= new BucketManager(this.#services);
    return this.#manager;
  }

  // --- lifecycle ---------------------------------------------------------------------

  /**
   * Closes the bucket: pending operations fail with ObjectDestroyedError, every socket
   * and timer is released, later operations fail with ObjectDestroyedError, and the
   * `destroy` event fires.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const error = new ObjectDestroyedError(`Bucket '${this.bucketName}' was closed`, { context: { bucket: this.bucketName } });
    this.#durability.close(error);
    this.#dispatcher.failAll(error);
    this.#services.close(error);
    this.#agent.close();
    this.#dispatcher.destroy();
    this.#connectEvent.fire(error);
    this.#iops.stopWatching();
    releaseIops(this.#iops, this);
    this.#destroyEvent.fire();
  }

  /** JSON form: never contains the password or SASL material. */
  toJSON(): Record<string, unknown> {
    return { bucket: this.bucketName, connectionString: formatConnectionString(this.#spec), username: this.#options.username, connected: this.connected };
  }

  /** `util.inspect` form: never contains the password or SASL material. */
  [inspectSymbol](): string {
    return `${this.constructor.name} ${JSON.stringify(this.toJSON())}`;
  }

  // --- internals ---------------------------------------------------------------------

  #onBootstrapFailed(error: CouchbaseError): void {
    this.#durability.close(error);
    this.#services.fail(error);
    this.#dispatcher.failAll(error);
    this.#connectEvent.fire(error);
  }

  #single<R extends Result>(build: (target: OpTarget) => KvOp): AsyncResult<R> {
    const ar = new AsyncResult<R>();
    // After close() the dispatcher fails it with ObjectDestroyedError, on a later microtask.
    this.#dispatcher.schedule(build({ asyncResult: ar as unknown as AsyncResult<Result> }), this.#options.operationTimeout);
    return ar;
  }

  #multi<R extends Result, V>(entries: [string, V | undefined][], build: (key: string, value: V | undefined, target: OpTarget) => KvOp): AsyncResult<MultiResult<R>> {
    const ar = new AsyncResult<MultiResult<R>>(entries.length);
    const collector = new MultiResultCollector<R>(
      entries.map(([k]) => k),
      ar,
    );
    // Build (and so validate) every key before scheduling any: bad input sends nothing.
    const ops = entries.map(([k, v], index) => build(k, v, { multi: collector, index }));
    for (const op of ops) this.#dispatcher.schedule(op, this.#options.operationTimeout);
    return ar;
  }
}
