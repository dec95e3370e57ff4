/**
 * The bucket's side of the HTTP services (query, views): endpoints chosen from the
 * current cluster config (rotating over the nodes that run the service), the HTTP client,
 * the Authorization header, and the registry that close() uses to end every request in
 * flight.
 */
import type { ClusterAgent } from '../cluster/cluster-agent';
import type { CouchbaseError } from '../errors/couchbase-error';
import { HttpClient } from '../http/http-client';
import type { HttpEndpoint } from '../http/http-connection';
import type { IOPS, IOTlsOptions } from '../iops/iops';
import type { Cancellable, ServiceHost, ServiceName } from '../services/service-host';
import type { AsyncResult } from '../results/async-result';
import type { MultiResult, ValueResult } from '../results/result';
import type { Logger } from '../util/logger';
import type { OnceEvent } from './connect-events';

/** Settings of a bucket's services. */
export interface BucketServicesOptions {
  readonly iops: IOPS;
  readonly now: () => number;
  readonly agent: ClusterAgent;
  readonly connectEvent: OnceEvent;
  readonly bucketName: string;
  readonly username: string;
  readonly password: string;
  readonly tls: IOTlsOptions | false;
  readonly timeouts: { readonly n1ql: number; readonly view: number };
  readonly logger: Logger;
  /** The bucket's quiet getMulti, for views' includeDocs. */
  readonly getMulti: (ids: string[]) => AsyncResult<MultiResult<ValueResult>>;
}

/** Implements ServiceHost for one bucket. */
export class BucketServices implements ServiceHost {
  readonly bucketName: string;
  readonly iops: IOPS;
  readonly http: HttpClient;
  readonly timeouts: { readonly n1ql: number; readonly view: number };
  readonly preparedCache = new Map<string, string>();
  readonly logger: Logger;
  readonly #opts: BucketServicesOptions;
  readonly #authorization: string;
  readonly #inFlight = new Set<Cancellable>();
  readonly #cursor = new Map<ServiceName, number>();
  #failure: CouchbaseError | undefined;

  /** Creates the services of a bucket. */
  constructor(options: BucketServicesOptions) {
    this.#opts = options;
    this.bucketName = options.bucketName;
    this.iops = options.iops;
    this.http = new HttpClient(options.iops);
    this.timeouts = options.timeouts;
    this.logger = options.logger;
    this.#authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  get authorization(): string {
    return this.#authorization;
  }

  now(): number {
    return this.#opts.now();
  }

  whenReady(ready: (error?: CouchbaseError) => void): void {
    if (this.#failure !== undefined) {
      const err = this.#failure;
      queueMicrotask(() => ready(err));
      return;
    }
    this.#opts.connectEvent.register({ callback: () => ready(this.#failure), errback: (err) => ready(err) });
  }

  endpointFor(service: ServiceName): HttpEndpoint | undefined {
    const nodes = this.#opts.agent.config?.nodes ?? [];
    const key = this.#opts.tls !== false ? `${service}SSL` : service;
    const candidates = nodes.filter((n) => typeof n.services[key] === 'number');
    if (candidates.length === 0) return undefined;
    const i = (this.#cursor.get(service) ?? 0) % candidates.length;
    this.#cursor.set(service, i + 1);
    const node = candidates[i]!;
    return { host: node.hostname, port: node.services[key]!, tls: this.#opts.tls };
  }

  track(request: Cancellable): () => void {
    this.#inFlight.add(request);
    return () => this.#inFlight.delete(request);
  }

  readDocuments(ids: string[], done: (docs: Map<string, ValueResult>) => void): void {
    const ar = this.#opts.getMulti(ids);
    ar.callback = (m) => done(m);
    // A failed read (timeout, bucket closed) still gives per-key results: use them.
    ar.errback = (err) => done((err.allResults as unknown as Map<string, ValueResult> | undefined) ?? new Map());
  }

  /** Ends every request in flight with `error`, refuses new ones, closes every connection. */
  close(error: CouchbaseError): void {
    this.#failure ??= error;
    for (const r of [...this.#inFlight]) r.destroy(error);
    this.#inFlight.clear();
    this.http.close();
  }

  /** Bootstrap failed: requests waiting for the connection fail with `error`. */
  fail(error: CouchbaseError): void {
    this.#failure ??= error;
  }
}
