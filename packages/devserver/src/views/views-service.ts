/**
 * The dev cluster's views service: the `capi` port of every node (any node answers for
 * the whole bucket), serving design-document management and view queries
 * (protocol.md §4.2, §4.3), plus the design-document list of the management port.
 *
 * Access: HTTP Basic credentials are required (401 otherwise, as `unauthorized()`); an
 * authenticated user without access to the bucket gets 403 `forbidden` with the
 * permission it lacks (`cluster.bucket[<b>].views!read`, `!write` for PUT and DELETE),
 * checked before the bucket is looked up so its existence is not revealed; an unknown
 * bucket is 404 `no_couchbase_bucket_exists`.
 *
 * Errors of a query: map failures of indexed documents are reported in the response's
 * `errors` (`{"from":"local","reason":"<message> (doc <id>)"}`) on every query of the
 * view until the document is indexed successfully or goes away. A reduce that fails
 * for a group gives no row for that group and an `errors` entry; with `on_error=stop`
 * the response stops at the first such failure — still HTTP 200 with the rows so far
 * and `errors`, which is what the real server's merger does (`http_sender`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestUrl, sendJson, unauthorized, type BasicAuth } from '../http/http-util';
import type { BucketStore } from '../store/bucket-store';
import type { ClusterClock } from '../store/clock';
import { BucketViews } from './bucket-views';
import { bodyKeys, parseCapiPath, readBody } from './capi-request';
import { isDevName, type DesignDocEntry } from './design-docs';
import { DEV_SUBSET_MODULUS } from './view-index';
import { ViewHttpError } from './view-errors';
import { parseViewParams, planReduce } from './view-params';
import { runViewQuery } from './view-query';
import { ViewResponseWriter, type ViewResponseError } from './view-response';

/** Options of {@link ViewsService}. */
export interface ViewsServiceOptions {
  /** The cluster clock (expiry is judged by it, never by wall time). */
  readonly clock: ClusterClock;
  /** Basic authentication against the cluster's users. */
  readonly auth: BasicAuth;
  /** Whether a user may use a bucket. */
  readonly canAccessBucket: (user: string, bucket: string) => boolean;
  /** Time limit of one map or reduce function call, in ms. Default 1000. */
  readonly mapTimeoutMs?: number;
}

/** Where errors found locally come from, as the real server names them. */
const FROM_LOCAL = 'local';

const notFound = (reason: string): ViewHttpError => new ViewHttpError(404, 'not_found', reason);

function methodNotAllowed(res: ServerResponse, allowed: string): void {
  sendJson(res, 405, { error: 'method_not_allowed', reason: `Only ${allowed} allowed` }, { allow: allowed });
}

/** The views service of a dev cluster (shared by every node). */
export class ViewsService {
  readonly #buckets = new Map<string, BucketViews>();
  readonly #clock: ClusterClock;
  readonly #auth: BasicAuth;
  readonly #canAccess: (user: string, bucket: string) => boolean;
  readonly #timeoutMs: number;
  #queries = 0;
  /** View responses being written right now (tests see `break` stop them). */
  #active = 0;

  constructor(options: ViewsServiceOptions) {
    this.#clock = options.clock;
    this.#auth = options.auth;
    this.#canAccess = options.canAccessBucket;
    this.#timeoutMs = options.mapTimeoutMs ?? 1000;
  }

  /**
   * Starts following a bucket: indexes follow its mutationListeners/topologyListeners.
   * Call once per bucket; attaching a bucket of the same name again replaces the old
   * store (its design documents are kept and rebuilt over the new one).
   */
  attachBucket(bucket: BucketStore): void {
    const old = this.#buckets.get(bucket.name);
    old?.detach();
    const views = new BucketViews(bucket, this.#clock, this.#timeoutMs);
    this.#buckets.set(bucket.name, views);
    for (const d of old?.ddocs.values() ?? []) views.put(d.name, d.body);
  }

  /**
   * Stores a design document directly (used for samples). `name` may carry the `dev_`
   * prefix (and a leading `_design/`).
   *
   * @throws Error for an unknown bucket; ViewHttpError for an invalid design document
   */
  putDesignDoc(bucket: string, name: string, ddoc: unknown): void {
    const views = this.#buckets.get(bucket);
    if (views === undefined) throw new Error(`putDesignDoc: bucket '${bucket}' is not attached to the views service`);
    views.put(name.startsWith('_design/') ? name.slice('_design/'.length) : name, ddoc);
  }

  /** Handles one HTTP request on a node's `capi` port (Basic auth checked here). */
  async handleCapi(_node: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.#handle(req, res);
    } catch (err) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof ViewHttpError) sendJson(res, err.status, err.body());
      else sendJson(res, 500, { error: 'unknown_error', reason: String((err as Error)?.message ?? err) });
    }
  }

  /** Answers `GET /pools/default/buckets/<bucket>/ddocs` of the management port; the caller already authenticated `user`. */
  handleDdocList(user: string, bucket: string, res: ServerResponse): void {
    const views = this.#buckets.get(bucket);
    // As the management port does for buckets: an inaccessible bucket looks like a missing one.
    if (views === undefined || !this.#canAccess(user, bucket)) return sendJson(res, 404, 'Requested resource not found.');
    const base = `/pools/default/buckets/${encodeURIComponent(bucket)}/ddocs`;
    const rows = [...views.ddocs.values()].map((d) => {
      const id = `_design/${d.name}`;
      const controller = `${base}/${encodeURIComponent(id)}/controller`;
      return {
        doc: { meta: { id, rev: d.rev }, json: d.body },
        controllers: { compact: `${controller}/compactView`, setUpdateMinChanges: `${controller}/setUpdateMinChanges` },
      };
    });
    sendJson(res, 200, { rows });
  }

  /** For the admin API's describe(): counts of design documents, views, indexed rows, queries served. */
  stats(): Record<string, unknown> {
    let designDocs = 0;
    let views = 0;
    let indexedRows = 0;
    let pendingChanges = 0;
    let mapErrors = 0;
    for (const b of this.#buckets.values()) {
      for (const d of b.ddocs.values()) {
        designDocs++;
        for (const v of d.views.values()) {
          views++;
          indexedRows += v.index.rowCount;
          pendingChanges += v.index.pendingCount;
          mapErrors += v.index.errors().length;
        }
      }
    }
    return { buckets: this.#buckets.size, designDocs, views, indexedRows, pendingChanges, mapErrors, queriesServed: this.#queries, activeQueries: this.#active };
  }

  /** Stops following buckets (listeners removed), for cluster shutdown. */
  close(): void {
    for (const b of this.#buckets.values()) b.detach();
    this.#buckets.clear();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const user = await this.#auth.check(req);
    if (user === undefined) return unauthorized(res);
    const url = requestUrl(req);
    if (url === undefined) throw new ViewHttpError(400, 'bad_request', 'Invalid request target');
    const target = parseCapiPath(url.pathname);
    if (target.bucket === undefined) throw notFound('missing');
    if (!this.#canAccess(user, target.bucket)) {
      // couch_httpd's `forbidden` error, with the permission list ns_server adds.
      const permission = req.method === 'PUT' || req.method === 'DELETE' ? 'write' : 'read';
      throw new ViewHttpError(403, 'forbidden', 'Forbidden. User needs one of the following permissions', {
        permissions: [`cluster.bucket[${target.bucket}].views!${permission}`],
      });
    }
    const views = this.#buckets.get(target.bucket);
    if (views === undefined) throw notFound('no_couchbase_bucket_exists');
    switch (target.kind) {
      case 'ddoc':
        return this.#designDoc(views, target.ddoc, req, res);
      case 'view':
        return this.#query(views, target.ddoc, target.view, url, req, res);
      default:
        throw notFound('missing');
    }
  }

  async #designDoc(views: BucketViews, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = `_design/${name}`;
    switch (req.method) {
      case 'GET':
      case 'HEAD': {
        const d = views.ddocs.get(name);
        if (d === undefined) throw notFound('missing');
        return sendJson(res, 200, d.body, { 'x-couchbase-meta': JSON.stringify({ id, rev: d.rev, type: 'json' }) });
      }
      case 'PUT': {
        const text = (await readBody(req)).toString('utf8');
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          throw new ViewHttpError(400, 'invalid_design_document', 'invalid UTF-8 JSON');
        }
        views.put(name, body);
        return sendJson(res, 201, { ok: true, id });
      }
      case 'DELETE':
        if (!views.remove(name)) throw notFound('missing');
        return sendJson(res, 200, { ok: true, id });
      default:
        return methodNotAllowed(res, 'DELETE,GET,HEAD,PUT');
    }
  }

  async #query(views: BucketViews, ddocName: string, viewName: string, url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') return methodNotAllowed(res, 'GET,POST,HEAD');
    const keys = req.method === 'POST' ? bodyKeys(await readBody(req)) : undefined;
    const ddoc: DesignDocEntry | undefined = views.ddocs.get(ddocName);
    if (ddoc === undefined) throw notFound(`Design document _design/${ddocName} not found`);
    const view = ddoc.views.get(viewName);
    if (view === undefined) throw notFound('missing_named_view');
    const params = parseViewParams(url.searchParams, keys);
    const plan = planReduce(params, view.def.reduce !== undefined);

    views.prepare(ddoc, params.stale);
    const snap = view.index.snapshot();
    const devSubsetOnly = isDevName(ddocName) && !params.fullSet;
    const errors: ViewResponseError[] = view.index.errors().map((reason) => ({ from: FROM_LOCAL, reason }));
    const writer = new ViewResponseWriter(res);
    writer.begin({
      totalRows: plan.reduce ? undefined : devSubsetOnly ? snap.devRows : snap.totalRows,
      debugInfo: params.debug
        ? {
            [FROM_LOCAL]: {
              design_document: `_design/${ddocName}`,
              view: viewName,
              indexed_rows: snap.totalRows,
              dev_subset: devSubsetOnly ? { rows: snap.devRows, vbuckets: `vb % ${DEV_SUBSET_MODULUS} == 0` } : false,
              pending_changes: view.index.pendingCount,
              stale: params.stale,
              reduce: plan.reduce ? { function: view.def.reduce, group_level: plan.groupLevel } : false,
            },
          }
        : undefined,
    });
    this.#queries++;
    const spec = { params, plan, reduce: view.def.reduce, sandbox: view.sandbox, devSubsetOnly };
    // HEAD has no body: no rows to produce.
    const items = req.method === 'HEAD' ? [] : runViewQuery(snap.rows, spec);
    this.#active++;
    try {
      for (const item of items) {
        if (writer.gone) break;
        if ('row' in item) {
          await writer.row(item.row);
          continue;
        }
        errors.push({ from: FROM_LOCAL, reason: item.error });
        if (params.onError === 'stop') break;
      }
      if (!writer.gone) await writer.end(errors);
    } finally {
      this.#active--;
    }
    // The default: answer from the index as it was, then catch up.
    if (params.stale === 'update_after') views.refresh(ddoc);
  }
}
