/**
 * The error a statement fails with: a query-service error code (errors/codes.go of the
 * query engine), its message, the HTTP status the service answers with when the error
 * happens before the first row, and for DML failures the `reason` object clients
 * classify (cxx reads `reason.code` 12033 / 17012 / 17014; protocol.md §4.1).
 */

/**
 * Every code the engine raises, with the HTTP status of a response that fails with it.
 * Statuses follow the real service's mapErrorToHttpResponse (server/http) where it maps
 * the code, and its default (500) where it does not; the exceptions are noted.
 */
export const QUERY_ERRORS = {
  /** A write statement on a read-only request. The real service answers 403 Forbidden. */
  READONLY: { code: 1000, httpStatus: 403 },
  /** Neither a statement nor a prepared name was given (E_SERVICE_MISSING_VALUE). */
  MISSING_VALUE: { code: 1050, httpStatus: 400 },
  /** The request's deadline passed. Unmapped in the real service, so its default 500. */
  TIMEOUT: { code: 1080, httpStatus: 500 },
  /** Lexing or parsing failed; also unknown functions and wrong argument counts. */
  SYNTAX: { code: 3000, httpStatus: 400 },
  /** No index can serve a keyspace scan (E_PLAN range: 404). */
  NO_INDEX: { code: 4000, httpStatus: 404 },
  /** EXECUTE / `prepared` named an unknown prepared statement. */
  NO_SUCH_PREPARED: { code: 4040, httpStatus: 404 },
  /** PREPARE reused a name for a different statement text. */
  PREPARED_NAME: { code: 4060, httpStatus: 500 },
  /** A grouped query projects something that is neither a group key nor an aggregate. */
  NOT_GROUP_KEY_OR_AGG: { code: 4210, httpStatus: 500 },
  /** CREATE INDEX with a name already in use (the real service answers 409 Conflict). */
  INDEX_EXISTS: { code: 4300, httpStatus: 409 },
  /** Anything unexpected. */
  INTERNAL: { code: 5000, httpStatus: 500 },
  /**
   * The request was cancelled (its client went away). The real service has no error
   * for this (the request just stops); E_EXECUTION_STATEMENT_STOPPED is the closest.
   */
  CANCELLED: { code: 5008, httpStatus: 500 },
  /** Evaluation failed: a parameter without a value, an invalid LIMIT/OFFSET. */
  EVALUATION: { code: 5010, httpStatus: 500 },
  /**
   * Unknown keyspace. Recent servers answer 424 Failed Dependency; the documented
   * examples (and older servers) show 404, which is what SDK tests expect.
   */
  KEYSPACE_NOT_FOUND: { code: 12003, httpStatus: 404 },
  /**
   * A document write failed. It happens while rows are streamed, after the 200 head
   * went out, so the response stays 200 with status "errors".
   */
  DML: { code: 12009, httpStatus: 200 },
  /**
   * The user's roles do not allow the statement on a keyspace (E_ACCESS_DENIED,
   * "User does not have credentials to run SELECT queries on …"): 401 as on a real server.
   */
  ACCESS_DENIED: { code: 13014, httpStatus: 401 },
  /** DROP INDEX of an index that does not exist. Unmapped in the real service: 500. */
  INDEX_NOT_FOUND: { code: 12016, httpStatus: 500 },
} as const;

/** One entry of {@link QUERY_ERRORS}. */
export type QueryErrorKind = keyof typeof QUERY_ERRORS;

/** A failed statement, as the query service reports it. */
export class QueryError extends Error {
  /** The query-service error code (`errors[0].code`). */
  readonly code: number;
  /** HTTP status of the response when the error is found before the first row. */
  readonly httpStatus: number;
  /** The `reason` object of the error (DML failures). */
  readonly reason?: Record<string, unknown>;
  /** The `retry` flag of the error (timeouts are retriable, as on a real server). */
  readonly retry: boolean;

  constructor(kind: QueryErrorKind, message: string, extra?: { reason?: Record<string, unknown>; retry?: boolean }) {
    super(message);
    this.name = 'QueryError';
    this.code = QUERY_ERRORS[kind].code;
    this.httpStatus = QUERY_ERRORS[kind].httpStatus;
    if (extra?.reason !== undefined) this.reason = extra.reason;
    this.retry = extra?.retry ?? false;
  }
}
