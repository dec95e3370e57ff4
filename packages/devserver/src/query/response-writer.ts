/**
 * Writes a query response the way the query service streams it: the prelude, then rows
 * as they are produced (batched into ~16 KiB writes, waiting for `drain` when the
 * client reads slowly), then the trailer — in the real field order: requestID,
 * clientContextID, signature, results, errors, warnings, status, metrics.
 */
import type { ServerResponse } from 'node:http';
import { BatchedResponse } from '../http/batched-response';
import { formatGoDuration } from './go-duration';

/** Rows are written in batches of about this many bytes. */
const WRITE_BATCH_BYTES = 16 * 1024;

/** One error object of a response. */
export interface ResponseError {
  code: number;
  msg: string;
  reason?: Record<string, unknown>;
  retry?: boolean;
}

/** Everything that goes after the rows. */
export interface Trailer {
  errors?: ResponseError[];
  warnings?: { code: number; msg: string }[];
  status: string;
  elapsedMs: number;
  executionMs: number;
  mutationCount?: number;
  sortCount?: number;
  metrics: boolean;
  profile?: unknown;
  prepared?: string;
}

/** Streams one response. */
export class ResponseWriter {
  readonly #out: BatchedResponse;
  #rows = 0;
  #resultSize = 0;
  #first = true;

  constructor(private readonly res: ServerResponse) {
    this.#out = new BatchedResponse(res, WRITE_BATCH_BYTES);
  }

  /** Rows written so far. */
  get rowCount(): number {
    return this.#rows;
  }

  /** True once the client went away (stop producing). */
  get gone(): boolean {
    return this.#out.gone;
  }

  /** Sends the head and everything before the first row. */
  begin(status: number, requestId: string, clientContextId: string | undefined, signature: unknown): void {
    this.res.writeHead(status, { 'content-type': 'application/json; version=7.6.0' });
    let prelude = `{\n"requestID": ${JSON.stringify(requestId)},\n`;
    if (clientContextId !== undefined) prelude += `"clientContextID": ${JSON.stringify(clientContextId)},\n`;
    if (signature !== undefined) prelude += `"signature": ${JSON.stringify(signature)},\n`;
    prelude += '"results": [';
    this.#out.queue(prelude);
  }

  /** Writes one row; resolves when it may continue (after `drain` if the client is slow). */
  async row(value: unknown): Promise<void> {
    const text = JSON.stringify(value) ?? 'null';
    this.#resultSize += Buffer.byteLength(text);
    this.#rows++;
    const first = this.#first;
    this.#first = false;
    await this.#out.queueAndMaybeFlush(first ? text : `,\n${text}`);
  }

  /** Writes the trailer and ends the response. */
  async end(t: Trailer): Promise<void> {
    let trailer = ']';
    if (t.errors !== undefined && t.errors.length > 0) trailer += `,\n"errors": ${JSON.stringify(t.errors)}`;
    if (t.warnings !== undefined && t.warnings.length > 0) trailer += `,\n"warnings": ${JSON.stringify(t.warnings)}`;
    trailer += `,\n"status": ${JSON.stringify(t.status)}`;
    if (t.metrics) {
      const metrics: Record<string, unknown> = {
        elapsedTime: formatGoDuration(t.elapsedMs),
        executionTime: formatGoDuration(t.executionMs),
        resultCount: this.#rows,
        resultSize: this.#resultSize,
      };
      if (t.mutationCount !== undefined && t.mutationCount > 0) metrics.mutationCount = t.mutationCount;
      if (t.sortCount !== undefined && t.sortCount > 0) metrics.sortCount = t.sortCount;
      if (t.errors !== undefined && t.errors.length > 0) metrics.errorCount = t.errors.length;
      if (t.warnings !== undefined && t.warnings.length > 0) metrics.warningCount = t.warnings.length;
      trailer += `,\n"metrics": ${JSON.stringify(metrics)}`;
    }
    if (t.profile !== undefined) trailer += `,\n"profile": ${JSON.stringify(t.profile)}`;
    if (t.prepared !== undefined) trailer += `,\n"prepared": ${JSON.stringify(t.prepared)}`;
    trailer += '\n}\n';
    await this.#out.finish(trailer);
  }
}
