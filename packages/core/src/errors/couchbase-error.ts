/**
 * The root of every couchts error.
 *
 * Why a brand: a dual ESM + CJS package can be loaded twice in one process, and then
 * the two copies of `NotFoundError` are different classes. `instanceof` is made to
 * compare a stable brand string (undici style) instead of object identity, so an error
 * thrown by the CJS build is still `instanceof NotFoundError` imported from the ESM build.
 */
import type { MultiResult, Result } from '../results/result';

/** Symbol under which each error class keeps its brand (shared across module copies). */
const kBrand = Symbol.for('couchts.error.brand');
/** Symbol under which a class keeps the brands of the other classes it also counts as. */
const kAlso = Symbol.for('couchts.error.also');

/** Category bits behind the `isTransient` / `isNetwork` / … getters (libcouchbase LCB_XERR style). */
export const ERROR_CATEGORY = {
  INPUT: 1,
  NETWORK: 2,
  FATAL: 4,
  TRANSIENT: 8,
  DATA: 16,
  INTERNAL: 32,
} as const;

/**
 * Where and how an error happened. Never holds credentials or SASL material.
 */
export interface ErrorContext {
  /** Document key of the operation. */
  key?: string;
  /** Bucket name. */
  bucket?: string;
  /** KV node (`host:port`) the operation was last sent to, or was waiting for. */
  node?: string;
  /** Operation name as the API spells it (`get`, `upsert`, …) or the wire opcode name. */
  operation?: string;
  /** Opaque of the last request sent for this operation. */
  opaque?: number;
  /** Server status name (`KEY_ENOENT`, …), when the server answered. */
  status?: string;
  /** Number of times the operation was retried. */
  retries?: number;
  /** Why it was retried, one entry per distinct reason (`NOT_MY_VBUCKET`, `ETMPFAIL`, `NOT_CONNECTED`, …). */
  retryReasons?: string[];
  /** Timeout in milliseconds that applied. */
  timeout?: number;
  /** Server-provided detail from an enhanced error body. */
  serverContext?: string;
  /** Server-provided reference id from an enhanced error body. */
  serverRef?: string;
  /** Anything else a specific error adds. */
  [extra: string]: unknown;
}

/** Options of every couchts error constructor. */
export interface CouchbaseErrorOptions {
  /** The lower-level error that caused this one. */
  cause?: unknown;
  /** Where and how it happened. */
  context?: ErrorContext;
  /** Numeric result code: the server status for server failures, 0 otherwise. */
  rc?: number;
  /** Key of the failed operation. */
  key?: string;
  /** The failed operation's result object. */
  result?: Result;
  /** All results of the (multi) operation, successful ones included. */
  allResults?: MultiResult<Result>;
  /** Overrides the class's default `code`. */
  code?: string | number;
}

/**
 * Base class of all couchts errors: a stable `code`, the numeric `rc`, the `cause`, a
 * `context` object and the stack (kept, unlike the official SDK).
 */
export class CouchbaseError extends Error {
  /** Default `code` of instances of this class. */
  static readonly code: string = 'CB_ERROR';
  /** Category bits (see {@link ERROR_CATEGORY}). */
  static readonly categories: number = 0;
  /** `rc` of instances created without one (client-side failures; see {@link CLIENT_RC}). */
  static readonly clientRc: number = 0;
  static readonly [kBrand]: string = 'couchts:CouchbaseError';

  /**
   * Stable machine-readable code, e.g. `CB_NOT_FOUND`. A string for every class except
   * {@link N1QLError}, whose `code` is the query service's numeric error code (12009, …).
   */
  readonly code: string | number;
  /**
   * Numeric result code: the server status for server failures (1 = KEY_ENOENT, …), a
   * {@link CLIENT_RC} code (≥ 0x1000) for failures detected by the client.
   */
  readonly rc: number;
  /** Key of the failed operation, when there is one. */
  key: string | undefined;
  /** The failed operation's result. */
  result: Result | undefined;
  /** Every result of the operation (a multi operation's successful siblings included). */
  allResults: MultiResult<Result> | undefined;
  /** Where and how it happened. */
  readonly context: ErrorContext;

  /** Creates an error; see {@link CouchbaseErrorOptions}. */
  constructor(message: string, options: CouchbaseErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const ctor = new.target as typeof CouchbaseError;
    this.code = options.code ?? ctor.code;
    this.rc = options.rc ?? ctor.clientRc;
    this.key = options.key ?? options.context?.key;
    this.result = options.result;
    this.allResults = options.allResults;
    this.context = options.context ?? {};
    // A user's subclass (not defined through defineErrorClass) reports its own name.
    if (!Object.prototype.hasOwnProperty.call(ctor.prototype, 'name')) this.name = ctor.name;
    if (this.key !== undefined && this.context.key === undefined) this.context.key = this.key;
  }

  /** The operation may succeed if tried again later. */
  get isTransient(): boolean {
    return this.#has(ERROR_CATEGORY.TRANSIENT);
  }
  /** Caused by the network or the connection state. */
  get isNetwork(): boolean {
    return this.#has(ERROR_CATEGORY.NETWORK);
  }
  /** About the data itself (missing key, CAS mismatch, …). */
  get isData(): boolean {
    return this.#has(ERROR_CATEGORY.DATA);
  }
  /** Caused by what the caller passed in. */
  get isInput(): boolean {
    return this.#has(ERROR_CATEGORY.INPUT);
  }
  /** Retrying will not help without changing something (credentials, bucket, configuration). */
  get isFatal(): boolean {
    return this.#has(ERROR_CATEGORY.FATAL);
  }

  #has(bit: number): boolean {
    return ((this.constructor as typeof CouchbaseError).categories & bit) !== 0;
  }

  /**
   * Brand check: true for instances of this class from any copy of the package. Only
   * classes of the package have a brand of their own; a user's subclass falls back to
   * ordinary prototype identity (it must not inherit its parent's brand, or every
   * NotFoundError would be an instance of `class MyErr extends NotFoundError`).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    if (!Object.prototype.hasOwnProperty.call(this, kBrand)) return Function.prototype[Symbol.hasInstance].call(this, value);
    const brand = (this as unknown as Record<symbol, unknown>)[kBrand];
    for (let p: object | null = Object.getPrototypeOf(value); p !== null; p = Object.getPrototypeOf(p)) {
      if (Object.prototype.hasOwnProperty.call(p, 'constructor')) {
        const ctor = (p as { constructor?: Record<symbol, unknown> }).constructor;
        if (ctor === undefined || !Object.prototype.hasOwnProperty.call(ctor, kBrand)) continue;
        if (ctor[kBrand] === brand) return true;
        const also = ctor[kAlso] as readonly string[] | undefined;
        if (also !== undefined && also.includes(brand as string)) return true;
      }
    }
    return false;
  }
}

/**
 * Gives an error class its public name, brand, default code and categories. Called from
 * each class's static block so that renaming by a bundler cannot change `err.name`.
 */
export function defineErrorClass(
  cls: typeof CouchbaseError,
  name: string,
  code: string,
  categories: number,
  clientRc: number = CLIENT_RC.GENERIC,
  alsoInstanceOf: readonly (typeof CouchbaseError)[] = [],
): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(cls, kBrand, { value: `couchts:${name}` });
  // Like the Python SDK's category re-parenting: an error may also count as another class
  // (a query 401 is both an N1QLError and an AuthError).
  if (alsoInstanceOf.length > 0) {
    Object.defineProperty(cls, kAlso, { value: alsoInstanceOf.map((c) => (c as unknown as Record<symbol, string>)[kBrand]) });
  }
  Object.defineProperty(cls, 'code', { value: code });
  Object.defineProperty(cls, 'categories', { value: categories });
  Object.defineProperty(cls, 'clientRc', { value: clientRc });
}

/**
 * Result codes of failures the client detects itself, kept apart from server statuses
 * (which are < 0x1000), so `result.rc` is never 0 for a failed result.
 */
export const CLIENT_RC = {
  GENERIC: 0x1000,
  TIMEOUT: 0x1001,
  NETWORK: 0x1002,
  CONNECT: 0x1003,
  OBJECT_DESTROYED: 0x1004,
  ARGUMENT: 0x1005,
  VALUE_FORMAT: 0x1006,
  PROTOCOL: 0x1007,
  NOT_SUPPORTED: 0x1008,
  ABORTED: 0x1009,
  AUTH: 0x100a,
  BUCKET_NOT_FOUND: 0x100b,
  TOO_BIG: 0x100c,
  TEMPORARY_FAIL: 0x100d,
  DURABILITY: 0x100e,
  HTTP: 0x100f,
} as const;

defineErrorClass(CouchbaseError, 'CouchbaseError', 'CB_ERROR', 0);
