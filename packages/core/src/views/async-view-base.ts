/**
 * AsyncViewBase: the raw core's view handler class (the seeds'
 * couchbase.asynchronous.view.AsyncViewBase). Subclass it and override `onRows(rows)`,
 * `onDone()`, `onError(err)`; rows (ViewRow) arrive in batches as the response streams
 * in; exactly one ending. With `includeDocs` each batch's documents are read over KV
 * (pipelined) before the batch is delivered, rows staying in order.
 */
import { ArgumentError, AuthError, TimeoutError, ViewEngineError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_WATCH, TimerEvent } from '../iops/iops';
import { HttpRowsRequest } from '../services/http-rows-request';
import { AsyncRowsBase } from '../services/rows-handler';
import type { ValueResult } from '../results/result';
import type { ServiceHost } from '../services/service-host';
import { designDocName, encodeViewOptions, type EncodedViewQuery, type ViewOptions } from './view-options';
import { toViewMeta, ViewRow, type ViewMeta } from './view-row';

/** Fetch batches allowed in flight before the response is paused (includeDocs back-pressure). */
const MAX_PENDING_FETCHES = 2;

interface PendingBatch {
  rows: ViewRow[];
  ready: boolean;
}

/** A view query with user-supplied row handlers. */
export class AsyncViewBase<K = unknown, V = unknown, D = unknown> extends AsyncRowsBase<ViewRow<K, V, D>> {
  /** Design document name (as given, without the dev_ prefix). */
  readonly design: string;
  /** View name. */
  readonly view: string;
  /** Response metadata (totalRows, errors, debugInfo), once done. */
  meta: ViewMeta | undefined;
  readonly #query: EncodedViewQuery;
  #request: HttpRowsRequest | undefined;
  #timer: TimerEvent | undefined;
  #pending: PendingBatch[] = [];
  #pausedForFetch = false;
  #ending: { error: CouchbaseError | undefined } | undefined;

  /** @internal The bucket creates handlers: `bucket.query(design, view, { itercls, ...options })`. Throws ArgumentError for bad options. */
  constructor(host: ServiceHost, design: string, view: string, options?: ViewOptions) {
    super(host);
    this.#query = encodeViewOptions(options);
    designDocName(design, false);
    if (typeof view !== 'string' || view === '') throw new ArgumentError('view name must be a non-empty string');
    this.design = design;
    this.view = view;
  }

  protected _begin(): void {
    const timeout = this.host.timeouts.view;
    this.#timer = this.host.iops.timerEventFactory?.() ?? new TimerEvent();
    this.#timer._onReady = () => {
      this._abortTransport();
      this.#finish(new TimeoutError(`View query timed out after ${timeout} ms`, { context: { design: this.design, view: this.view, timeout } }));
    };
    this.host.iops.updateTimer(this.#timer, EVACTION_WATCH, timeout * 1000);
    const endpoint = this.host.endpointFor('capi');
    if (endpoint === undefined) {
      this.#finish(new ViewEngineError('No node of the cluster runs the views service', { context: { bucket: this.host.bucketName } }));
      return;
    }
    const q = this.#query;
    const ddoc = designDocName(this.design, q.useDevmode);
    const path = `/${encodeURIComponent(this.host.bucketName)}/_design/${encodeURIComponent(ddoc)}/_view/${encodeURIComponent(this.view)}`;
    const qs = new URLSearchParams(q.params).toString();
    const context = { design: ddoc, view: this.view, node: `${endpoint.host}:${endpoint.port}` };
    this.#request = new HttpRowsRequest(
      this.host.http,
      endpoint,
      {
        method: q.keys === undefined ? 'GET' : 'POST',
        path: qs === '' ? path : `${path}?${qs}`,
        headers: { authorization: this.host.authorization, 'content-type': 'application/json', 'user-agent': 'couchts/0.1.0' },
        body: q.keys === undefined ? undefined : JSON.stringify({ keys: q.keys }),
      },
      'rows',
      {
        onRows: (raw) => this.#onRows(raw),
        onFailure: (err) => this.#finish(err),
        onComplete: (head, raw, parseError, snippet) => {
          if (head.status === 401) return this.#finish(new AuthError('The views service refused the credentials (HTTP 401)', { context: { ...context, httpStatus: 401 } }));
          if (head.status < 200 || head.status >= 300 || raw === undefined) {
            let reason = '';
            try {
              const body = JSON.parse(snippet) as { error?: string; reason?: string };
              reason = `${body.error ?? ''}${body.reason !== undefined ? `: ${body.reason}` : ''}`;
            } catch {
              reason = parseError?.message ?? '';
            }
            return this.#finish(
              new ViewEngineError(`View query failed (HTTP ${head.status})${reason !== '' ? `: ${reason}` : ''}`, {
                status: head.status,
                body: snippet,
                cause: parseError,
                context: { ...context, httpStatus: head.status },
              }),
            );
          }
          this.meta = toViewMeta(raw);
          if (this.meta.errors.length > 0 && !q.continueOnError) {
            const first = this.meta.errors[0]!;
            return this.#finish(
              new ViewEngineError(`The views engine reported ${this.meta.errors.length} error(s): ${first.reason ?? JSON.stringify(first)}`, {
                status: head.status,
                context: { ...context, errors: this.meta.errors },
              }),
            );
          }
          this.#finish(undefined);
        },
      },
    );
    this.#request.start();
  }

  protected _pauseTransport(): void {
    this.#request?.pause();
  }
  protected _resumeTransport(): void {
    if (!this.#pausedForFetch) this.#request?.resume();
  }
  protected _abortTransport(): void {
    this.#request?.abort();
  }

  protected override _end(error?: CouchbaseError): void {
    if (this.#timer !== undefined) {
      this.host.iops.updateTimer(this.#timer, EVACTION_CLEANUP, 0);
      this.#timer = undefined;
    }
    this.#pending = [];
    super._end(error);
  }

  #onRows(raw: unknown[]): void {
    const rows: ViewRow<K, V, D>[] = [];
    for (const r of raw) {
      const o = r as { key?: K; value?: V; id?: unknown };
      rows.push(new ViewRow<K, V, D>(o.key as K, o.value as V, typeof o.id === 'string' ? o.id : undefined));
    }
    if (!this.#query.includeDocs) {
      this._rows(rows, true);
      return;
    }
    const batch: PendingBatch = { rows: rows as ViewRow[], ready: false };
    this.#pending.push(batch);
    const ids = [...new Set(rows.map((r) => r.id).filter((id): id is string => id !== undefined))];
    const attach = (docs: Map<string, ValueResult>): void => {
      for (const row of batch.rows) if (row.id !== undefined) row.doc = docs.get(row.id);
      batch.ready = true;
      this.#drain();
    };
    if (ids.length === 0) attach(new Map());
    else this.host.readDocuments(ids, attach);
    if (this.#pending.length > MAX_PENDING_FETCHES && !this.#pausedForFetch) {
      this.#pausedForFetch = true;
      this.#request?.pause();
    }
  }

  /** Delivers fetched batches in order; ends once everything is delivered. */
  #drain(): void {
    while (this.#pending.length > 0 && this.#pending[0]!.ready) this._rows(this.#pending.shift()!.rows as ViewRow<K, V, D>[], true);
    if (this.#pausedForFetch && this.#pending.length <= 1) {
      this.#pausedForFetch = false;
      this.#request?.resume();
    }
    if (this.#pending.length === 0 && this.#ending !== undefined) {
      const { error } = this.#ending;
      this.#ending = undefined;
      this._end(error);
    }
  }

  /** Ends after the rows still waiting for their documents (an error ends at once). */
  #finish(error: CouchbaseError | undefined): void {
    if (error !== undefined || this.#pending.length === 0) {
      this._end(error);
      return;
    }
    this.#ending = { error: undefined };
  }
}
