/**
 * AsyncN1QLRequest: the raw core's N1QL handler class (the seeds'
 * couchbase.asynchronous.n1ql.AsyncN1QLRequest). Subclass it and override
 * `onRows(rows)`, `onDone()` and `onError(err)`; rows arrive in batches as the response
 * streams in; exactly one ending (onDone, or onError then onDone).
 *
 * ```ts
 * class RowsHandler extends AsyncN1QLRequest {
 *   onRows(rows) { console.log(`Got ${rows.length} rows`); }
 *   onDone() { console.log('Rows complete!'); }
 *   onError(err) { console.error(err); }
 * }
 * bucket.n1qlQuery(new N1QLQuery('SELECT * FROM `travel-sample` LIMIT 10'), { itercls: RowsHandler }).start();
 * ```
 */
import { randomBytes } from 'node:crypto';
import { NotSupportedError, TimeoutError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { EVACTION_CLEANUP, EVACTION_WATCH, TimerEvent } from '../iops/iops';
import { HttpRowsRequest } from '../services/http-rows-request';
import { AsyncRowsBase } from '../services/rows-handler';
import type { ServiceHost } from '../services/service-host';
import { N1QLQuery } from './n1ql-query';
import { queryResponseError, toQueryMeta, type QueryMeta } from './query-meta';

/** Error codes meaning "the prepared statement is gone or stale: prepare it again". */
const REPREPARE_CODES: ReadonlySet<number> = new Set([4040, 4050, 4070]);

/** Grace added to the client's deadline so the server's own timeout (1080) arrives first. */
const CLIENT_TIMEOUT_GRACE_MS = 500;

/** A N1QL request with user-supplied row handlers. */
export class AsyncN1QLRequest<Row = unknown> extends AsyncRowsBase<Row> {
  /** The query this request runs. */
  readonly query: N1QLQuery;
  /** Response metadata (requestId, status, metrics, signature, warnings, profile), once done. */
  meta: QueryMeta | undefined;
  #request: HttpRowsRequest | undefined;
  #timer: TimerEvent | undefined;
  #reprepared = false;

  /** @internal The bucket creates handlers: `bucket.n1qlQuery(query, { itercls })`. */
  constructor(host: ServiceHost, query: N1QLQuery | string) {
    super(host);
    this.query = N1QLQuery.from(query);
  }

  protected _begin(): void {
    const timeout = this.query.timeout ?? this.host.timeouts.n1ql;
    const iops = this.host.iops;
    this.#timer = iops.timerEventFactory?.() ?? new TimerEvent();
    this.#timer._onReady = () => {
      this._abortTransport();
      this._end(
        new TimeoutError(`Query timed out after ${timeout} ms`, {
          context: { statement: this.query.statement.slice(0, 200), timeout, rowsReceived: this.rowsReceived },
        }),
      );
    };
    iops.updateTimer(this.#timer, EVACTION_WATCH, (timeout + CLIENT_TIMEOUT_GRACE_MS) * 1000);
    this.#send(timeout);
  }

  protected override _end(error?: CouchbaseError): void {
    if (this.#timer !== undefined) {
      this.host.iops.updateTimer(this.#timer, EVACTION_CLEANUP, 0);
      this.#timer = undefined;
    }
    super._end(error);
  }

  protected _pauseTransport(): void {
    this.#request?.pause();
  }
  protected _resumeTransport(): void {
    this.#request?.resume();
  }
  protected _abortTransport(): void {
    this.#request?.abort();
  }

  #send(timeout: number): void {
    const endpoint = this.host.endpointFor('n1ql');
    if (endpoint === undefined) {
      this._end(new NotSupportedError('No node of the cluster runs the query service', { context: { bucket: this.host.bucketName } }));
      return;
    }
    const q = this.query;
    const contextId = randomBytes(8).toString('hex');
    const prepared = q.adhoc ? undefined : this.host.preparedCache.get(q.statement);
    let body: Record<string, unknown>;
    if (q.adhoc) body = q.toRequestBody(timeout, contextId);
    else if (prepared !== undefined) body = { ...q.toRequestBody(timeout, contextId, null), prepared };
    else body = { ...q.toRequestBody(timeout, contextId, `PREPARE ${q.statement}`), auto_execute: true };
    const context = { statement: q.statement.slice(0, 200), node: `${endpoint.host}:${endpoint.port}`, clientContextId: body.client_context_id };
    this.#request = new HttpRowsRequest(
      this.host.http,
      endpoint,
      {
        method: 'POST',
        path: '/query/service',
        headers: { authorization: this.host.authorization, 'content-type': 'application/json', 'user-agent': 'couchts/0.1.0' },
        body: JSON.stringify(body),
      },
      'results',
      {
        onRows: (rows) => this._rows(rows as Row[], true),
        onFailure: (err) => this._end(err),
        onComplete: (head, raw, parseError, snippet) => {
          const meta = raw === undefined ? undefined : toQueryMeta(raw);
          const error = queryResponseError(head.status, meta, snippet, context);
          if (error === undefined && parseError !== undefined) {
            this._end(parseError);
            return;
          }
          const code = meta?.errors?.[0]?.code;
          if (error !== undefined && !q.adhoc && !this.#reprepared && this.rowsReceived === 0 && typeof code === 'number' && REPREPARE_CODES.has(code)) {
            // The cached plan is gone (a restarted query node, changed indexes): prepare again, once.
            this.#reprepared = true;
            this.host.preparedCache.delete(q.statement);
            this.#send(timeout);
            return;
          }
          if (meta?.prepared !== undefined && !q.adhoc) this.host.preparedCache.set(q.statement, meta.prepared);
          this.meta = meta;
          this._end(error);
        },
      },
    );
    this.#request.start();
  }
}
