/**
 * Design documents, as the seeds' BucketManager managed them: create (development or
 * production), get, publish (copy the development document to production, then remove
 * the development one), delete. Over the views service's HTTP API (protocol.md §4.3).
 */
import { ArgumentError, AuthError, HTTPError } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';
import { AsyncResult } from '../results/async-result';
import { httpJsonRequest, type JsonResponse } from '../services/http-json-request';
import type { ServiceHost } from '../services/service-host';
import { designDocName } from './view-options';

/** A design document: views with a JavaScript map function and an optional reduce. */
export interface DesignDocument {
  views: Record<string, { map: string; reduce?: string }>;
  [other: string]: unknown;
}

/** Outcome of a design-document operation. */
export interface DesignDocResult {
  /** The name on the server (with `dev_` for development documents). */
  readonly name: string;
  /** HTTP status of the (last) request. */
  readonly status: number;
  /** The design document (get), or the server's answer (create, delete, publish). */
  readonly value: unknown;
}

/** Options of development-aware operations. */
export interface DesignOptions {
  /** The development (`dev_`) document. */
  useDevmode?: boolean;
}

function checkDdoc(ddoc: unknown): void {
  if (typeof ddoc !== 'object' || ddoc === null || Array.isArray(ddoc)) throw new ArgumentError('design document must be an object with "views"');
  const views = (ddoc as { views?: unknown }).views;
  if (typeof views !== 'object' || views === null) throw new ArgumentError('design document must have a "views" object');
  for (const [name, v] of Object.entries(views)) {
    if (typeof v !== 'object' || v === null || typeof (v as { map?: unknown }).map !== 'string') throw new ArgumentError(`view '${name}' needs a "map" function source string`);
  }
}

function useDevmode(options: DesignOptions | undefined): boolean {
  if (options === undefined) return false;
  if (typeof options !== 'object' || options === null) throw new ArgumentError('options must be an object');
  for (const k of Object.keys(options)) if (k !== 'useDevmode') throw new ArgumentError(`unknown option '${k}'`);
  return options.useDevmode === true;
}

/** Design-document management of one bucket. */
export class BucketManager {
  /** @internal Created by the bucket: `bucket.bucketManager()`. */
  constructor(private readonly host: ServiceHost) {}

  /** Creates or replaces a design document. */
  designCreate(name: string, ddoc: DesignDocument, options?: DesignOptions): AsyncResult<DesignDocResult> {
    const full = designDocName(name, useDevmode(options));
    checkDdoc(ddoc);
    return this.#call('PUT', full, JSON.stringify(ddoc));
  }

  /** Reads a design document; a missing one is an HTTPError with status 404. */
  designGet(name: string, options?: DesignOptions): AsyncResult<DesignDocResult> {
    return this.#call('GET', designDocName(name, useDevmode(options)));
  }

  /** Deletes a design document. */
  designDelete(name: string, options?: DesignOptions): AsyncResult<DesignDocResult> {
    return this.#call('DELETE', designDocName(name, useDevmode(options)));
  }

  /** Publishes the development document `dev_<name>` as `<name>`, then deletes the development one. */
  designPublish(name: string): AsyncResult<DesignDocResult> {
    const prod = designDocName(name.startsWith('dev_') ? name.slice(4) : name, false);
    const dev = designDocName(prod, true);
    const result = new AsyncResult<DesignDocResult>();
    const get = this.#call('GET', dev);
    get.errback = (err) => result._fail(err);
    get.callback = (doc) => {
      const put = this.#call('PUT', prod, JSON.stringify(doc.value));
      put.errback = (err) => result._fail(err);
      put.callback = (created) => {
        const del = this.#call('DELETE', dev);
        del.errback = (err) => result._fail(err);
        del.callback = () => result._succeed({ name: prod, status: created.status, value: created.value });
      };
    };
    return result;
  }

  #call(method: 'GET' | 'PUT' | 'DELETE', name: string, body?: string): AsyncResult<DesignDocResult> {
    const result = new AsyncResult<DesignDocResult>();
    const host = this.host;
    host.whenReady((ready) => {
      if (ready !== undefined) return result._fail(ready);
      const endpoint = host.endpointFor('capi');
      if (endpoint === undefined) return result._fail(new HTTPError('No node of the cluster runs the views service', { context: { bucket: host.bucketName } }));
      const path = `/${encodeURIComponent(host.bucketName)}/_design/${encodeURIComponent(name)}`;
      const headers: Record<string, string> = { authorization: host.authorization, 'user-agent': 'couchts/0.1.0' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      httpJsonRequest(host, endpoint, { method, path, headers, body }, host.timeouts.view, (err, res) => {
        if (err !== undefined) return result._fail(err);
        const failure = failureOf(method, name, res!);
        if (failure !== undefined) return result._fail(failure);
        result._succeed({ name, status: res!.head.status, value: res!.json });
      });
    });
    return result;
  }
}

function failureOf(method: string, name: string, res: JsonResponse): CouchbaseError | undefined {
  const status = res.head.status;
  if (status >= 200 && status < 300) return undefined;
  const body = res.body.toString('utf8').slice(0, 2000);
  const detail = res.json as { error?: string; reason?: string } | undefined;
  const reason = detail?.reason ?? detail?.error ?? body;
  const context = { design: name, httpStatus: status };
  if (status === 401 || status === 403) return new AuthError(`${method} design document '${name}' refused (HTTP ${status}): ${reason}`, { context });
  return new HTTPError(`${method} design document '${name}' failed (HTTP ${status}): ${reason}`, { status, body, context });
}
