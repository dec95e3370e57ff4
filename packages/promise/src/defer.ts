/**
 * `defer`: turns a raw AsyncResult into a Promise (txcouchbase's `defer(opres)`, the
 * one bridge between the callback core and promises). The Promise's handlers are
 * attached synchronously, so the AsyncResult can never complete unobserved.
 */
import type { AsyncResult } from '@couchts/core';

/** Wraps an AsyncResult: resolves with its result, rejects with its error. */
export function defer<T>(asyncResult: AsyncResult<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    asyncResult.callback = resolve;
    asyncResult.errback = reject;
  });
}
