/**
 * The streaming half shared by the query and views services: text is gathered into
 * writes of about `batchBytes`; when `res.write()` says the client is behind, the
 * producer awaits `drain` (so the server holds at most one batch beyond the socket's own
 * buffer, however large the result); when the client keeps up, it still yields to the
 * event loop every {@link YIELD_EVERY_BYTES} so other clients are served; when the client
 * goes away, `gone` tells the producer to stop.
 */
import type { ServerResponse } from 'node:http';

/** Yield to the event loop after this many bytes even when the client keeps up. */
export const YIELD_EVERY_BYTES = 256 * 1024;

/** A chunked response written in batches, with back-pressure. */
export class BatchedResponse {
  #pending: string[] = [];
  #pendingBytes = 0;
  #sinceYield = 0;
  #closed = false;

  constructor(
    readonly res: ServerResponse,
    private readonly batchBytes: number,
  ) {
    res.on('close', () => {
      this.#closed = true;
    });
  }

  /** True once the client went away (or the response ended): stop producing. */
  get gone(): boolean {
    return this.#closed || this.res.destroyed || this.res.writableEnded;
  }

  /** Adds text to the current batch. */
  queue(text: string): void {
    this.#pending.push(text);
    this.#pendingBytes += text.length;
  }

  /** Adds text and writes the batch once it is full; resolves when production may continue. */
  async queueAndMaybeFlush(text: string): Promise<void> {
    this.queue(text);
    if (this.#pendingBytes >= this.batchBytes) await this.flush();
  }

  /** Writes what is queued, waiting for `drain` if the client is behind. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0 || this.gone) return;
    const text = this.#pending.join('');
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#sinceYield += text.length;
    if (!this.res.write(text)) {
      this.#sinceYield = 0;
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
    } else if (this.#sinceYield >= YIELD_EVERY_BYTES) {
      // A fast reader never makes us wait: yield anyway so other clients are served.
      this.#sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Writes the last text and ends the response. */
  async finish(text: string): Promise<void> {
    this.queue(text);
    await this.flush();
    if (!this.gone) this.res.end();
  }
}
