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
import { BatchedResponse } from '../http/batched-response';

/** Rows are written in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 4096;

/** One entry of the `errors` array. */
export interface ViewResponseError {
  readonly from: string;
  readonly reason: string;
}

/** Writes one streamed view response. */
export class ViewResponseWriter {
  readonly #out: BatchedResponse;
  #rows = 0;

  constructor(private readonly res: ServerResponse) {
    this.#out = new BatchedResponse(res, WRITE_BATCH_BYTES);
  }

  /** Rows written so far. */
  get rowCount(): number {
    return this.#rows;
  }

  /** True once the client went away (or the response ended): stop producing. */
  get gone(): boolean {
    return this.#out.gone;
  }

  /** Sends the head and everything before the first row. */
  begin(opts: { totalRows?: number; debugInfo?: unknown }): void {
    this.res.writeHead(200, { 'content-type': 'application/json' });
    let head = '{';
    if (opts.debugInfo !== undefined) head += `"debug_info":${JSON.stringify(opts.debugInfo)},`;
    if (opts.totalRows !== undefined) head += `"total_rows":${opts.totalRows},`;
    this.#out.queue(`${head}"rows":[`);
  }

  /** Writes one row (JSON text); resolves when production may continue. */
  async row(json: string): Promise<void> {
    const first = this.#rows === 0;
    this.#rows++;
    await this.#out.queueAndMaybeFlush(first ? `\r\n${json}` : `,\r\n${json}`);
  }

  /** Closes the rows array, adds `errors` when there are any, and ends the response. */
  async end(errors: readonly ViewResponseError[]): Promise<void> {
    let tail = '\r\n]';
    if (errors.length > 0) tail += `,\r\n"errors":[\r\n${errors.map((e) => JSON.stringify(e)).join(',\r\n')}\r\n]`;
    await this.#out.finish(`${tail}\r\n}`);
  }
}
