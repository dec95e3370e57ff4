/**
 * Design-document management with promises: the core's BucketManager, each AsyncResult
 * adapted with `defer`.
 */
import type { BucketManager as CoreBucketManager, DesignDocResult, DesignDocument, DesignOptions } from '@couchts/core';
import { defer } from './defer';

/** Design documents of a bucket (`bucket.bucketManager()`). */
export class PromiseBucketManager {
  /** @internal */
  constructor(private readonly core: CoreBucketManager) {}

  /** Creates or replaces a design document (development with `{ useDevmode: true }`). */
  designCreate(name: string, ddoc: DesignDocument, options?: DesignOptions): Promise<DesignDocResult> {
    return this.#run(() => this.core.designCreate(name, ddoc, options));
  }
  /** Reads a design document (`value`); a missing one rejects with an HTTPError of status 404. */
  designGet(name: string, options?: DesignOptions): Promise<DesignDocResult> {
    return this.#run(() => this.core.designGet(name, options));
  }
  /** Publishes `dev_<name>` as `<name>` and deletes the development copy. */
  designPublish(name: string): Promise<DesignDocResult> {
    return this.#run(() => this.core.designPublish(name));
  }
  /** Deletes a design document. */
  designDelete(name: string, options?: DesignOptions): Promise<DesignDocResult> {
    return this.#run(() => this.core.designDelete(name, options));
  }

  #run(start: () => ReturnType<CoreBucketManager['designGet']>): Promise<DesignDocResult> {
    try {
      return defer(start());
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
