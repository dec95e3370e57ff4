/**
 * @couchts/promise — the promise/async-await API of couchts: `await bucket.get(...)`.
 * Re-exports the very objects of `@couchts/core` (errors, results, IOPS, …), so
 * `import { NotFoundError } from '@couchts/promise'` is the core's class.
 * @packageDocumentation
 */
export * from '@couchts/core';
export { Bucket } from './bucket';
export { defer } from './defer';
export { BatchedN1QLRequest, type N1QLAllOptions, type N1QLRowStream } from './rows/n1ql';
export { RowStream, type RowStreamOptions } from './rows/row-stream';
export { BatchedRows } from './rows/batched';
export { BatchedView, type ViewRowStream, type QueryOptions, type QueryAllOptions } from './rows/views';
export { PromiseBucketManager } from './bucket-manager';
