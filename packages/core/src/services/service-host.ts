/**
 * What the HTTP services (query, views) need from their bucket: endpoints from the
 * current cluster config, the HTTP client, credentials as an Authorization header,
 * timeouts, timers, and a registry so close() can end every request in flight.
 */
import type { CouchbaseError } from '../errors/couchbase-error';
import type { HttpClient } from '../http/http-client';
import type { HttpEndpoint } from '../http/http-connection';
import type { IOPS } from '../iops/iops';
import type { ValueResult } from '../results/result';
import type { Logger } from '../util/logger';

/** HTTP services a node may run (config `nodesExt` service names). */
export type ServiceName = 'n1ql' | 'capi';

/** Something in flight that close() must end. */
export interface Cancellable {
  /** Ends the request with `error` (delivered through its normal error path). */
  destroy(error: CouchbaseError): void;
}

/** The bucket, as seen by HTTP services. */
export interface ServiceHost {
  readonly bucketName: string;
  readonly iops: IOPS;
  now(): number;
  readonly http: HttpClient;
  /** `Basic …` header value. */
  readonly authorization: string;
  readonly timeouts: { readonly n1ql: number; readonly view: number };
  /** Statement → prepared name, for `adhoc = false` queries. */
  readonly preparedCache: Map<string, string>;
  readonly logger: Logger;
  /** Calls `ready` once a config is known, or with the error that stops the bucket (never synchronously). */
  whenReady(ready: (error?: CouchbaseError) => void): void;
  /** An endpoint running `service`, rotating over the nodes that run it; undefined if none does. */
  endpointFor(service: ServiceName): HttpEndpoint | undefined;
  /** Registers a request so close() can end it; returns the function that unregisters it. */
  track(request: Cancellable): () => void;
  /**
   * Reads documents over KV (pipelined; a missing one is an unsuccessful result, not an
   * error). `ids` must be distinct. Used by views' `includeDocs`.
   */
  readDocuments(ids: string[], done: (docs: Map<string, ValueResult>) => void): void;
}
