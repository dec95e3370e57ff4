/**
 * Query metadata (what follows the rows), and the errors a query response carries. Any
 * response with `errors`, whatever its HTTP status, becomes an N1QLError (API.md).
 */
import { AuthError, HTTPError, N1QLAuthError, N1QLError, type N1QLErrorEntry } from '../errors/classes';
import type { CouchbaseError } from '../errors/couchbase-error';

/** Metrics of a query (durations are Go duration strings, e.g. "1.2ms"). */
export interface QueryMetrics {
  elapsedTime?: string;
  executionTime?: string;
  resultCount?: number;
  resultSize?: number;
  mutationCount?: number;
  sortCount?: number;
  errorCount?: number;
  warningCount?: number;
  [other: string]: unknown;
}

/** Everything of a query response but its rows. */
export interface QueryMeta {
  requestId?: string;
  clientContextId?: string;
  status?: string;
  signature?: unknown;
  warnings: { code: number; msg: string }[];
  metrics?: QueryMetrics;
  profile?: unknown;
  /** Name of the prepared statement the request prepared, if any. */
  prepared?: string;
  /** Errors the response carried (the request then failed with an N1QLError). */
  errors?: N1QLErrorEntry[];
}

/** Builds QueryMeta from the raw trailing fields. */
export function toQueryMeta(raw: Record<string, unknown>): QueryMeta {
  return {
    requestId: typeof raw.requestID === 'string' ? raw.requestID : undefined,
    clientContextId: typeof raw.clientContextID === 'string' ? raw.clientContextID : undefined,
    status: typeof raw.status === 'string' ? raw.status : undefined,
    signature: raw.signature,
    warnings: Array.isArray(raw.warnings) ? (raw.warnings as { code: number; msg: string }[]) : [],
    metrics: typeof raw.metrics === 'object' && raw.metrics !== null ? (raw.metrics as QueryMetrics) : undefined,
    profile: raw.profile,
    prepared: typeof raw.prepared === 'string' ? raw.prepared : undefined,
    errors: Array.isArray(raw.errors) ? (raw.errors as N1QLErrorEntry[]) : undefined,
  };
}

/** The error of a finished response, or undefined for a success. */
export function queryResponseError(status: number, meta: QueryMeta | undefined, snippet: string, context: Record<string, unknown>): CouchbaseError | undefined {
  const errors = meta?.errors?.filter((e) => typeof e === 'object' && e !== null) ?? [];
  if (errors.length > 0) {
    const first = errors[0]!;
    const code = typeof first.code === 'number' ? first.code : 0;
    const msg = typeof first.msg === 'string' ? first.msg : 'query failed';
    return new (status === 401 ? N1QLAuthError : N1QLError)(`Query failed: ${msg} (code ${code})`, {
      errors,
      requestId: meta?.requestId,
      status,
      context: { ...context, httpStatus: status, queryStatus: meta?.status, errors },
    });
  }
  if (status === 401) return new AuthError(`The query service refused the credentials (HTTP 401)`, { context: { ...context, httpStatus: status } });
  if (status < 200 || status >= 300 || meta === undefined) {
    return new HTTPError(`The query service answered HTTP ${status}${meta === undefined ? ' with a body that is not a query response' : ''}`, {
      status,
      body: snippet,
      context: { ...context, httpStatus: status },
    });
  }
  if (meta.status !== undefined && meta.status !== 'success' && meta.status !== 'completed') {
    return new N1QLError(`Query ended with status '${meta.status}'`, { requestId: meta.requestId, status, context: { ...context, queryStatus: meta.status } });
  }
  return undefined;
}
