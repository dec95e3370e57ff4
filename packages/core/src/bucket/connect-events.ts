/**
 * The bucket's connection events, `connect` and `destroy` (the seeds' txcouchbase
 * `registerDeferred`). Each fires once, with success or an error; handlers registered
 * after it fired receive the real outcome asynchronously (txcouchbase always reported
 * success there, even after a failed connect — a bug we do not copy).
 */
import type { CouchbaseError } from '../errors/couchbase-error';

/** Handlers for one event: like a Deferred, either may be omitted. */
export interface EventHandlers {
  callback?: () => void;
  errback?: (error: CouchbaseError) => void;
}

/** One once-only event and its waiting handlers. */
export class OnceEvent {
  #handlers: EventHandlers[] = [];
  #fired = false;
  #error: CouchbaseError | undefined;

  /** True once fired. */
  get fired(): boolean {
    return this.#fired;
  }

  /** The error it fired with, if it failed. */
  get error(): CouchbaseError | undefined {
    return this.#error;
  }

  /** Adds handlers; if already fired they run on a later microtask. */
  register(handlers: EventHandlers): void {
    if (this.#fired) queueMicrotask(() => this.#deliver(handlers));
    else this.#handlers.push(handlers);
  }

  /** Fires the event (first call wins). Handlers run on a later microtask. */
  fire(error?: CouchbaseError): void {
    if (this.#fired) return;
    this.#fired = true;
    this.#error = error;
    const handlers = this.#handlers;
    this.#handlers = [];
    queueMicrotask(() => {
      for (const h of handlers) this.#deliver(h);
    });
  }

  #deliver(h: EventHandlers): void {
    try {
      if (this.#error !== undefined) h.errback?.(this.#error);
      else h.callback?.();
    } catch (err) {
      queueMicrotask(() => {
        throw err;
      });
    }
  }
}
