/**
 * @couchts/core — the raw async core of couchts: the Couchbase wire protocol, routing,
 * `AsyncBucket` with `AsyncResult` callbacks, and the IOPS I/O abstraction.
 *
 * Applications normally use `@couchts/promise`, which wraps this package.
 * @packageDocumentation
 */
export { AsyncBucket, type BucketEventName, type CounterMultiValue } from './bucket/async-bucket';
export type { BucketOptions } from './bucket/bucket-options';
export type { EventHandlers } from './bucket/connect-events';
export type {
  AppendOptions,
  CounterOptions,
  GetOptions,
  InsertOptions,
  LockOptions,
  RemoveOptions,
  RgetOptions,
  StoreOptions,
  TouchOptions,
} from './bucket/op-builders';
export type { KeyValues } from './bucket/multi-inputs';
export type { EndureOptions } from './durability/durability-options';
export type { EndureMultiInput, ObserveOptions } from './durability/durability-service';
export { ObserveInfo } from './results/observe-info';
export { SD, SubdocSpec, type LookupSpecOptions, type MutationSpecOptions } from './subdoc/sd';
export { SubdocResult, type SubdocEntry } from './results/subdoc-result';
export type { LookupInOptions, MutateInOptions } from './subdoc/subdoc-ops';
export { AsyncResult, type Callback, type Errback } from './results/async-result';
export { MultiResult, OperationResult, Result, ValueResult, type Cas, type MutationToken } from './results/result';
export {
  EVACTION_CLEANUP,
  EVACTION_UNWATCH,
  EVACTION_WATCH,
  Event,
  IOEvent,
  READ_EVENT,
  RW_EVENT,
  TimerEvent,
  WRITE_EVENT,
  type EvAction,
  type IOConnectOptions,
  type IOPS,
  type IOSocket,
  type IOTlsOptions,
} from './iops/iops';
export { NodeIOPS } from './iops/node-iops';
export { CouchbaseError, CLIENT_RC, ERROR_CATEGORY, type CouchbaseErrorOptions, type ErrorContext } from './errors/couchbase-error';
export {
  AbortError,
  ArgumentError,
  AuthError,
  BucketNotFoundError,
  ConnectError,
  DeltaBadvalError,
  DurabilityError,
  HTTPError,
  KeyExistsError,
  LockedError,
  N1QLError,
  NetworkError,
  NotFoundError,
  NotStoredError,
  NotSupportedError,
  ObjectDestroyedError,
  ProtocolError,
  SubdocError,
  SubdocPathExistsError,
  SubdocPathMismatchError,
  SubdocPathNotFoundError,
  TemporaryFailError,
  TimeoutError,
  TooBigError,
  ValueFormatError,
  ViewEngineError,
  type HTTPErrorOptions,
  type N1QLErrorEntry,
  type N1QLErrorOptions,
} from './errors/classes';
export { parseConnectionString, type ConnectionHost, type ConnectionSpec } from './routing/connection-string';
export { N1QLQuery, type QueryConsistency, type QueryProfile } from './query/n1ql-query';
export { MutationState } from './query/mutation-state';
export { AsyncN1QLRequest } from './query/async-n1ql-request';
export type { QueryMeta, QueryMetrics } from './query/query-meta';
export { AsyncRowsBase } from './services/rows-handler';
export { AsyncViewBase } from './views/async-view-base';
export { ViewRow, type ViewMeta, type ViewErrorEntry } from './views/view-row';
export type { ViewOptions } from './views/view-options';
export { BucketManager, type DesignDocument, type DesignDocResult, type DesignOptions } from './views/bucket-manager';
export type { Format } from './transcoding/formats';
export { consoleLogger, LOG_LEVELS, type Logger, type LogLevel, type LogRecord } from './util/logger';
export type { SaslMechanism } from './sasl/mechanisms';
