/**
 * The dev cluster's query service (`n1ql` port of every node): `POST /query/service`
 * (JSON or form body) and `GET /query/service?statement=` for read-only statements,
 * Basic auth, answered by the SQL++ engine with responses streamed as rows are produced.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { QueryError, type AccessKind, type QueryEngine, type QueryExecution } from '../n1ql/engine';

/** The real role that would allow each kind of statement (named in the 13014 message). */
const ACCESS_ROLES: Record<AccessKind, string> = {
  SELECT: 'query_select',
  INSERT: 'query_insert',
  UPSERT: 'query_insert and query_update',
  UPDATE: 'query_update',
  DELETE: 'query_delete',
  CREATE_INDEX: 'query_manage_index',
  DROP_INDEX: 'query_manage_index',
};
import { requestUrl, type BasicAuth } from '../http/http-util';
import { BadRequest, parseQueryRequest, readBody, type QueryRequestParams } from './request-params';
import { ResponseWriter, type ResponseError } from './response-writer';

/** What the admin API shows about the service. */
export interface QueryServiceStats {
  active: number;
  completed: number;
}

function errorBody(requestId: string, clientContextId: string | undefined, errors: ResponseError[], status: string): string {
  const body: Record<string, unknown> = { requestID: requestId };
  if (clientContextId !== undefined) body.clientContextID = clientContextId;
  body.errors = errors;
  body.status = status;
  body.metrics = { elapsedTime: '0s', executionTime: '0s', resultCount: 0, resultSize: 0, errorCount: errors.length };
  return JSON.stringify(body);
}

function toResponseError(err: unknown): { error: ResponseError; httpStatus: number; status: string } {
  if (err instanceof QueryError) {
    const error: ResponseError = { code: err.code, msg: err.message };
    if (err.reason !== undefined) error.reason = err.reason;
    if (err.code === 12009) error.retry = false;
    return { error, httpStatus: err.httpStatus, status: err.code === 1080 ? 'timeout' : err.httpStatus >= 500 ? 'fatal' : 'errors' };
  }
  if (err instanceof BadRequest) return { error: { code: err.code, msg: err.message }, httpStatus: 400, status: 'fatal' };
  return { error: { code: 5000, msg: `Internal error: ${(err as Error)?.message ?? String(err)}` }, httpStatus: 500, status: 'fatal' };
}

/** The query service of a dev cluster (shared by every node). */
export class QueryService {
  readonly stats: QueryServiceStats = { active: 0, completed: 0 };

  constructor(
    private readonly engine: QueryEngine,
    private readonly auth: BasicAuth,
    /** The user store's data permissions (roles); absent: every user may do everything. */
    private readonly permissions?: (user: string, bucket: string, permission: 'read' | 'write') => boolean,
  ) {}

  /** The access check of one request: the user's roles decide, as query_select & co. would. */
  #accessFor(user: string): ((keyspace: string, kind: AccessKind) => void) | undefined {
    const allowed = this.permissions;
    if (allowed === undefined) return undefined;
    return (keyspace, kind) => {
      const needs: ('read' | 'write')[] = kind === 'SELECT' ? ['read'] : kind === 'CREATE_INDEX' || kind === 'DROP_INDEX' ? ['read', 'write'] : ['write'];
      if (needs.every((p) => allowed(user, keyspace, p))) return;
      const role = ACCESS_ROLES[kind];
      throw new QueryError(
        'ACCESS_DENIED',
        `User does not have credentials to run ${kind.replace('_', ' ')} queries on the ${keyspace} bucket. Add role ${role} on ${keyspace} to allow the statement to run.`,
      );
    };
  }

  /** Handles one HTTP request on a node's query port. */
  async handle(_node: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url?.pathname === '/admin/ping') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"OK"}');
      return;
    }
    const requestId = randomUUID();
    const reply = (status: number, errors: ResponseError[], queryStatus: string, contextId?: string): void => {
      const body = errorBody(requestId, contextId, errors, queryStatus);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    };
    if (url === undefined) {
      reply(400, [{ code: 1000, msg: 'Invalid request target' }], 'fatal');
      return;
    }
    if (url.pathname !== '/query/service' && url.pathname !== '/query') {
      reply(404, [{ code: 1000, msg: `Unknown endpoint ${url.pathname}` }], 'fatal');
      return;
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      reply(405, [{ code: 1000, msg: `Method ${req.method} is not supported` }], 'fatal');
      return;
    }
    const user = await this.auth.check(req);
    if (user === undefined) {
      // An empty-bodied 401 would be as real; the JSON body tells a human what failed.
      reply(401, [{ code: 10000, msg: 'Authentication failure' }], 'fatal');
      return;
    }
    let params: QueryRequestParams;
    try {
      params = parseQueryRequest(req.method, url, String(req.headers['content-type'] ?? ''), await readBody(req));
    } catch (err) {
      const e = toResponseError(err);
      reply(e.httpStatus, [e.error], e.status);
      return;
    }
    this.stats.active++;
    try {
      await this.#run(params, requestId, res, user);
    } finally {
      this.stats.active--;
      this.stats.completed++;
    }
  }

  async #run(params: QueryRequestParams, requestId: string, res: ServerResponse, user: string): Promise<void> {
    const started = Date.now();
    const signal = { aborted: false };
    res.on('close', () => {
      signal.aborted = true;
    });
    const contextId = params.clientContextId;
    let exec: QueryExecution;
    try {
      if (params.viaGet && params.statement !== undefined && !this.engine.isReadOnly(params.statement)) {
        throw new BadRequest(1000, 'GET requests may only run read-only statements; use POST');
      }
      exec = this.engine.execute({
        statement: params.statement,
        prepared: params.prepared,
        autoExecute: params.autoExecute,
        args: params.args,
        named: params.named,
        readonly: params.readonly || params.viaGet,
        deadline: params.timeoutMs !== undefined && params.timeoutMs > 0 ? started + params.timeoutMs : undefined,
        signal,
        access: this.#accessFor(user),
      });
    } catch (err) {
      const e = toResponseError(err);
      const body = errorBody(requestId, contextId, [e.error], e.status);
      res.writeHead(e.httpStatus, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      return;
    }
    const writer = new ResponseWriter(res);
    writer.begin(200, requestId, contextId, exec.signature);
    let failure: ReturnType<typeof toResponseError> | undefined;
    try {
      for (const row of exec.rows) {
        if (writer.gone) return;
        await writer.row(row);
      }
    } catch (err) {
      failure = toResponseError(err);
    }
    if (writer.gone) return;
    const elapsed = Date.now() - started;
    await writer.end({
      errors: failure === undefined ? undefined : [failure.error],
      status: failure === undefined ? 'success' : failure.status,
      elapsedMs: elapsed,
      executionMs: elapsed,
      mutationCount: exec.mutationCount(),
      metrics: params.metrics,
      profile: params.profile !== undefined && params.profile !== 'off' ? { phaseTimes: { run: `${elapsed}ms` }, phaseCounts: { fetch: writer.rowCount } } : undefined,
      prepared: exec.prepared,
    });
  }
}
