/**
 * Every public error class. Server statuses map onto them through the status table
 * (mcbp/status.ts → errors/status-errors.ts); client-side failures are thrown directly.
 */
import { CLIENT_RC as RC, CouchbaseError, defineErrorClass, ERROR_CATEGORY as C, type CouchbaseErrorOptions } from './couchbase-error';

/** The document does not exist (KEY_ENOENT). */
export class NotFoundError extends CouchbaseError {
  static {
    defineErrorClass(this, 'NotFoundError', 'CB_NOT_FOUND', C.DATA);
  }
}

/** The document already exists (insert), or its CAS did not match (KEY_EEXISTS). */
export class KeyExistsError extends CouchbaseError {
  static {
    defineErrorClass(this, 'KeyExistsError', 'CB_KEY_EXISTS', C.DATA);
  }
}

/** The server is temporarily unable to serve the request (ETMPFAIL, EBUSY, ENOMEM, NOT_LOCKED …). */
export class TemporaryFailError extends CouchbaseError {
  static {
    defineErrorClass(this, 'TemporaryFailError', 'CB_TEMPORARY_FAIL', C.TRANSIENT, RC.TEMPORARY_FAIL);
  }
}

/** The document is locked (LOCKED). Not retried: it fails at once. */
export class LockedError extends TemporaryFailError {
  static {
    defineErrorClass(this, 'LockedError', 'CB_LOCKED', C.TRANSIENT | C.DATA, RC.TEMPORARY_FAIL);
  }
}

/** The value is too large (E2BIG, or over the 20 MiB document limit before sending). */
export class TooBigError extends CouchbaseError {
  static {
    defineErrorClass(this, 'TooBigError', 'CB_TOO_BIG', C.DATA | C.INPUT, RC.TOO_BIG);
  }
}

/** The document was not stored, e.g. append/prepend to a missing document (NOT_STORED). */
export class NotStoredError extends CouchbaseError {
  static {
    defineErrorClass(this, 'NotStoredError', 'CB_NOT_STORED', C.DATA);
  }
}

/** A counter operation met a document that is not a number (DELTA_BADVAL). */
export class DeltaBadvalError extends CouchbaseError {
  static {
    defineErrorClass(this, 'DeltaBadvalError', 'CB_DELTA_BADVAL', C.DATA | C.INPUT);
  }
}

/**
 * The operation did not complete within its timeout. The context says which key and
 * node, how many retries there were and why.
 */
export class TimeoutError extends CouchbaseError {
  static {
    defineErrorClass(this, 'TimeoutError', 'CB_TIMEOUT', C.NETWORK | C.TRANSIENT, RC.TIMEOUT);
  }
}

/**
 * The connection failed while the operation was in flight. For a mutation that had
 * already been written, the message says the outcome is unknown: it is never retried.
 */
export class NetworkError extends CouchbaseError {
  static {
    defineErrorClass(this, 'NetworkError', 'CB_NETWORK', C.NETWORK | C.TRANSIENT, RC.NETWORK);
  }
}

/** A connection could not be established (refused, unreachable, TLS verification failed …). */
export class ConnectError extends NetworkError {
  static {
    defineErrorClass(this, 'ConnectError', 'CB_CONNECT', C.NETWORK | C.TRANSIENT, RC.CONNECT);
  }
}

/** Authentication or authorization failed (AUTH_ERROR, EACCESS, HTTP 401). */
export class AuthError extends CouchbaseError {
  static {
    defineErrorClass(this, 'AuthError', 'CB_AUTH', C.FATAL | C.INPUT, RC.AUTH);
  }
}

/** The bucket does not exist or the user may not use it. */
export class BucketNotFoundError extends CouchbaseError {
  static {
    defineErrorClass(this, 'BucketNotFoundError', 'CB_BUCKET_NOT_FOUND', C.FATAL | C.INPUT, RC.BUCKET_NOT_FOUND);
  }
}

/** A bad argument, thrown synchronously by the core before anything is sent. */
export class ArgumentError extends CouchbaseError {
  static {
    defineErrorClass(this, 'ArgumentError', 'CB_ARGUMENT', C.INPUT, RC.ARGUMENT);
  }
}

/** A value could not be encoded for, or decoded from, its format (`json`, `utf8`, `bytes`). */
export class ValueFormatError extends ArgumentError {
  static {
    defineErrorClass(this, 'ValueFormatError', 'CB_VALUE_FORMAT', C.INPUT | C.DATA, RC.VALUE_FORMAT);
  }
}

/** The peer broke the protocol (bad magic, truncated or oversized frame, unexpected reply). */
export class ProtocolError extends CouchbaseError {
  static {
    defineErrorClass(this, 'ProtocolError', 'CB_PROTOCOL', C.NETWORK | C.FATAL | C.INTERNAL, RC.PROTOCOL);
  }
}

/** The bucket was closed: pending and later operations fail with this. */
export class ObjectDestroyedError extends CouchbaseError {
  static {
    defineErrorClass(this, 'ObjectDestroyedError', 'CB_OBJECT_DESTROYED', C.FATAL, RC.OBJECT_DESTROYED);
  }
}

/** The server or this client does not support the request (UNKNOWN_COMMAND, NOT_SUPPORTED …). */
export class NotSupportedError extends CouchbaseError {
  static {
    defineErrorClass(this, 'NotSupportedError', 'CB_NOT_SUPPORTED', C.FATAL | C.INPUT, RC.NOT_SUPPORTED);
  }
}

/** Durability requirements could not be met. */
export class DurabilityError extends CouchbaseError {
  static {
    defineErrorClass(this, 'DurabilityError', 'CB_DURABILITY', C.TRANSIENT, RC.DURABILITY);
  }
}

/** Options of {@link HTTPError}. */
export interface HTTPErrorOptions extends CouchbaseErrorOptions {
  /** HTTP status of the response. */
  status?: number;
  /** Response body (truncated), for diagnosis. */
  body?: string;
}

/** An HTTP service (query, views, management) answered with a failure status. */
export class HTTPError extends CouchbaseError {
  static {
    defineErrorClass(this, 'HTTPError', 'CB_HTTP', C.NETWORK, RC.HTTP);
  }
  /** HTTP status code (0 when no response arrived). */
  readonly status: number;
  /** Response body, when there was one. */
  readonly body: string | undefined;
  /** Creates an HTTP error. */
  constructor(message: string, options: HTTPErrorOptions = {}) {
    super(message, options);
    this.status = options.status ?? 0;
    this.body = options.body;
  }
}

/** One error object of a query service response. */
export interface N1QLErrorEntry {
  code: number;
  msg: string;
  reason?: Record<string, unknown>;
  retry?: boolean;
  [extra: string]: unknown;
}

/** Options of {@link N1QLError}. */
export interface N1QLErrorOptions extends CouchbaseErrorOptions {
  /** All error objects of the response. */
  errors?: N1QLErrorEntry[];
  /** The response's requestID. */
  requestId?: string;
  /** HTTP status of the response. */
  status?: number;
}

/**
 * The query service reported errors. `code` and `msg` are the first error's; `errors`
 * holds all of them. Any response that carries `errors` becomes one, whatever its HTTP status.
 */
export class N1QLError extends CouchbaseError {
  static {
    defineErrorClass(this, 'N1QLError', 'CB_N1QL', C.DATA, RC.HTTP);
  }
  /** Message of the first error. */
  readonly msg: string;
  /** The response's requestID. */
  readonly requestId: string | undefined;
  /** Every error object of the response. */
  readonly errors: N1QLErrorEntry[];
  /** HTTP status of the response. */
  readonly status: number;
  /** Creates a query error from the response's error list. */
  constructor(message: string, options: N1QLErrorOptions = {}) {
    const errors = options.errors ?? [];
    super(message, { ...options, code: options.code ?? errors[0]?.code ?? 'CB_N1QL' });
    this.msg = errors[0]?.msg ?? message;
    this.requestId = options.requestId;
    this.errors = errors;
    this.status = options.status ?? 0;
  }
}

/**
 * A query response refused for authentication (HTTP 401) that also carried query errors:
 * an N1QLError (it has `code`, `msg`, `errors`) that is also `instanceof AuthError`.
 */
export class N1QLAuthError extends N1QLError {
  static {
    defineErrorClass(this, 'N1QLAuthError', 'CB_N1QL_AUTH', C.DATA | C.FATAL | C.INPUT, RC.AUTH, [AuthError]);
  }
}

/** The views engine reported an error (in the response body or its trailing `errors`). */
export class ViewEngineError extends HTTPError {
  static {
    defineErrorClass(this, 'ViewEngineError', 'CB_VIEW_ENGINE', C.DATA, RC.HTTP);
  }
}

/** A sub-document operation failed (base of the specific sub-document errors). */
export class SubdocError extends CouchbaseError {
  static {
    defineErrorClass(this, 'SubdocError', 'CB_SUBDOC', C.DATA);
  }
}

/** A sub-document path does not exist (SUBDOC_PATH_ENOENT). */
export class SubdocPathNotFoundError extends SubdocError {
  static {
    defineErrorClass(this, 'SubdocPathNotFoundError', 'CB_SUBDOC_PATH_NOT_FOUND', C.DATA);
  }
}

/** A sub-document path already exists (SUBDOC_PATH_EEXISTS). */
export class SubdocPathExistsError extends SubdocError {
  static {
    defineErrorClass(this, 'SubdocPathExistsError', 'CB_SUBDOC_PATH_EXISTS', C.DATA);
  }
}

/** A sub-document path and the document disagree on structure (SUBDOC_PATH_MISMATCH). */
export class SubdocPathMismatchError extends SubdocError {
  static {
    defineErrorClass(this, 'SubdocPathMismatchError', 'CB_SUBDOC_PATH_MISMATCH', C.DATA);
  }
}

/** The operation was aborted through its `AbortSignal`; `name` is `AbortError` as in the DOM. */
export class AbortError extends CouchbaseError {
  static {
    defineErrorClass(this, 'AbortError', 'ABORT_ERR', 0, RC.ABORTED);
  }
}
