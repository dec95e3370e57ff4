/**
 * One streaming HTTP request of a rows service: sends it, splits rows out of the body
 * as it arrives (row-stream-parser), and reports rows, then the parsed trailing
 * metadata and the HTTP status — or a failure. Pause / resume / abort reach the socket.
 */
import { ProtocolError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import type { HttpClient, HttpRequestHandle } from '../http/http-client';
import type { HttpEndpoint, HttpRequest } from '../http/http-connection';
import type { ResponseHead } from '../http/response-parser';
import { RowStreamParser } from './row-stream-parser';

/** Bytes of a body kept for error messages. */
const SNIPPET_BYTES = 4096;

/** What a rows request reports. */
export interface HttpRowsSink {
  /** Rows parsed from one network read. */
  onRows(rows: unknown[]): void;
  /** The body ended: its metadata (every field but the rows), or the parse error of a non-JSON body. */
  onComplete(head: ResponseHead, meta: Record<string, unknown> | undefined, parseError: ProtocolError | undefined, snippet: string): void;
  /** The request failed before the body ended (network, protocol). */
  onFailure(error: CouchbaseError): void;
}

/** A streaming rows request. */
export class HttpRowsRequest {
  #handle: HttpRequestHandle | undefined;
  #parser: RowStreamParser;
  #head: ResponseHead | undefined;
  #parseError: ProtocolError | undefined;
  #snippet: Buffer[] = [];
  #snippetBytes = 0;
  #rows: unknown[] = [];
  #finished = false;

  constructor(
    private readonly http: HttpClient,
    private readonly endpoint: HttpEndpoint,
    private readonly request: HttpRequest,
    rowsKey: string,
    private readonly sink: HttpRowsSink,
  ) {
    this.#parser = new RowStreamParser(rowsKey, (row) => this.#rows.push(row));
  }

  /** Sends the request. */
  start(): void {
    this.#handle = this.http.request(this.endpoint, this.request, {
      onHead: (head) => {
        this.#head = head;
      },
      onData: (chunk) => this.#onData(chunk),
      onEnd: () => this.#onEnd(),
      onError: (err) => this.#fail(err),
    });
  }

  /** Back-pressure. */
  pause(): void {
    this.#handle?.pause();
  }
  /** Back-pressure released. */
  resume(): void {
    this.#handle?.resume();
  }
  /** Abandons the request (its connection is closed). */
  abort(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#handle?.abort();
  }

  #onData(chunk: Uint8Array): void {
    if (this.#finished) return;
    if (this.#snippetBytes < SNIPPET_BYTES) {
      const part = Buffer.from(chunk.subarray(0, SNIPPET_BYTES - this.#snippetBytes));
      this.#snippet.push(part);
      this.#snippetBytes += part.byteLength;
    }
    if (this.#parseError !== undefined) return;
    try {
      this.#parser.push(chunk);
    } catch (err) {
      this.#parseError = err as ProtocolError;
      // A 2xx body that is not what the service sends cannot be trusted further.
      if (this.#head !== undefined && this.#head.status < 300) {
        this.abort();
        this.sink.onFailure(this.#parseError);
        return;
      }
    }
    if (this.#rows.length > 0) {
      const rows = this.#rows;
      this.#rows = [];
      this.sink.onRows(rows);
    }
  }

  #onEnd(): void {
    if (this.#finished) return;
    this.#finished = true;
    let meta: Record<string, unknown> | undefined;
    if (this.#parseError === undefined) {
      try {
        meta = this.#parser.end();
      } catch (err) {
        this.#parseError = err as ProtocolError;
      }
    }
    this.sink.onComplete(this.#head!, meta, this.#parseError, Buffer.concat(this.#snippet).toString('utf8'));
  }

  #fail(err: CouchbaseError): void {
    if (this.#finished) return;
    this.#finished = true;
    this.sink.onFailure(err);
  }
}
