/**
 * Streams a view response in the real server's layout (couch_httpd_view_merger.erl
 * `http_sender`):
 *
 *     {"debug_info":{…},"total_rows":N,"rows":[\r\n
 *     {"id":…,"key":…,"value":…},\r\n
 *     {…}\r\n
 *     ],\r\n"errors":[\r\n{"from":"local","reason":"…"}\r\n]\r\n}
 *
 * `debug_info` only with `debug=true`, `total_rows` only for map (not reduced) results,
 * `errors` only when there are some. Chunked (no content-length), `application/json`.
 *
 * Rows are gathered into writes of about {@link WRITE_BATCH_BYTES} (the real server's
 * batch size). When `res.write()` says the client is behind, production pauses until
 * `drain`, so the server buffers at most one batch beyond the socket's own buffer
 * however large the result; when the client goes away, production stops.
 */
import type { ServerResponse } from 'node:http';

/** Rows are written in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 4096;
/** Yield to the event loop after this many bytes even when the client keeps up. */
const YIELD_EVERY_BYTES = 256 * 1024;

/** One entry of the `errors` array. */
export interface ViewResponseError {
  readonly from: string;
  readonly reason: string;
}

/** Writes one streamed view response. */
export class ViewResponseWriter {
  #pending: string[] = [];
  #pendingBytes = 0;
  #sinceYield = 0;
  #rows = 0;
  #closed = false;

  constructor(private readonly res: ServerResponse) {
    res.on('close', () => {
      this.#closed = true;
    });
  }

  /** Rows written so far. */
  get rowCount(): number {
    return this.#rows;
  }

  /** True once the client went away (or the response ended): stop producing. */
  get gone(): boolean {
    return this.#closed || this.res.destroyed || this.res.writableEnded;
  }

  /** Sends the head and everything before the first row. */
  begin(opts: { totalRows?: number; debugInfo?: unknown }): void {
    this.res.writeHead(200, { 'content-type': 'application/json' });
    let head = '{';
    if (opts.debugInfo !== undefined) head += `"debug_info":${JSON.stringify(opts.debugInfo)},`;
    if (opts.totalRows !== undefined) head += `"total_rows":${opts.totalRows},`;
    this.#queue(`${head}"rows":[`);
  }

  /** Writes one row (JSON text); resolves when production may continue. */
  async row(json: string): Promise<void> {
    this.#queue(this.#rows === 0 ? `\r\n${json}` : `,\r\n${json}`);
    this.#rows++;
    if (this.#pendingBytes >= WRITE_BATCH_BYTES) await this.#flush();
  }

  /** Closes the rows array, adds `errors` when there are any, and ends the response. */
  async end(errors: readonly ViewResponseError[]): Promise<void> {
    let tail = '\r\n]';
    if (errors.length > 0) tail += `,\r\n"errors":[\r\n${errors.map((e) => JSON.stringify(e)).join(',\r\n')}\r\n]`;
    this.#queue(`${tail}\r\n}`);
    await this.#flush();
    if (!this.gone) this.res.end();
  }

  #queue(text: string): void {
    this.#pending.push(text);
    this.#pendingBytes += text.length;
  }

  async #flush(): Promise<void> {
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
      // A fast reader never makes us wait: yield anyway so other requests are served.
      this.#sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}
