/**
 * Turns a failed server status into the right error class, with a message that names
 * the document and a context that says where it happened. Driven by the status table
 * (mcbp/status.ts), falling back to the server's error map for statuses we do not know.
 */
import type { ErrorMap } from '../connection/error-map';
import { DATATYPE } from '../mcbp/datatype';
import { STATUS_TABLE, type StatusErrorKind } from '../mcbp/status';
import {
  ArgumentError,
  AuthError,
  BucketNotFoundError,
  DeltaBadvalError,
  DurabilityError,
  KeyExistsError,
  LockedError,
  NotFoundError,
  NotStoredError,
  NotSupportedError,
  SubdocError,
  SubdocPathExistsError,
  SubdocPathMismatchError,
  SubdocPathNotFoundError,
  TemporaryFailError,
  TooBigError,
} from './classes';
import { CouchbaseError, type ErrorContext } from './couchbase-error';

const CLASS_OF: Record<Exclude<StatusErrorKind, 'none'>, typeof CouchbaseError> = {
  NotFound: NotFoundError,
  KeyExists: KeyExistsError,
  TooBig: TooBigError,
  Argument: ArgumentError,
  NotStored: NotStoredError,
  DeltaBadval: DeltaBadvalError,
  // Only surfaces if a server sends it for a command that cannot be routed.
  NotMyVbucket: TemporaryFailError,
  BucketNotFound: BucketNotFoundError,
  Locked: LockedError,
  TemporaryFail: TemporaryFailError,
  Auth: AuthError,
  NotSupported: NotSupportedError,
  Internal: CouchbaseError,
  Durability: DurabilityError,
  SubdocPathNotFound: SubdocPathNotFoundError,
  SubdocPathExists: SubdocPathExistsError,
  SubdocPathMismatch: SubdocPathMismatchError,
  Subdoc: SubdocError,
};

/** Describes a status: name, description and attributes, from our table or the error map. */
export function describeStatus(status: number, errorMap?: ErrorMap): { name: string; desc: string; attrs: readonly string[]; kind: StatusErrorKind | undefined } {
  const known = STATUS_TABLE.get(status);
  if (known !== undefined) return { name: known.name, desc: known.desc, attrs: known.attrs, kind: known.error };
  const mapped = errorMap?.errors.get(status);
  const hex = `0x${status.toString(16).padStart(2, '0')}`;
  if (mapped !== undefined) return { name: mapped.name, desc: mapped.desc, attrs: mapped.attrs, kind: undefined };
  return { name: hex, desc: `unknown status ${hex}`, attrs: [], kind: undefined };
}

/** True when the client retries this status (table flag, or error-map attributes for unknown codes). */
export function isRetriableStatus(status: number, errorMap?: ErrorMap): boolean {
  const known = STATUS_TABLE.get(status);
  if (known !== undefined) return known.retry;
  const attrs = errorMap?.errors.get(status)?.attrs;
  return attrs !== undefined && attrs.includes('temp') && (attrs.includes('retry-now') || attrs.includes('retry-later') || attrs.includes('auto-retry'));
}

function classForAttrs(attrs: readonly string[]): typeof CouchbaseError {
  if (attrs.includes('auth')) return AuthError;
  if (attrs.includes('item-locked')) return LockedError;
  if (attrs.includes('temp')) return TemporaryFailError;
  if (attrs.includes('support')) return NotSupportedError;
  if (attrs.includes('invalid-input')) return ArgumentError;
  return CouchbaseError;
}

/** Server detail from an enhanced error body (`{"error":{"context","ref"}}`, datatype JSON). */
export function enhancedErrorDetail(datatype: number, body: Uint8Array): { context?: string; ref?: string } | undefined {
  if ((datatype & DATATYPE.JSON) === 0 || body.byteLength === 0 || body.byteLength > 64 * 1024) return undefined;
  try {
    const json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as { error?: { context?: unknown; ref?: unknown } };
    const e = json?.error;
    if (typeof e !== 'object' || e === null) return undefined;
    return {
      context: typeof e.context === 'string' ? e.context : undefined,
      ref: typeof e.ref === 'string' ? e.ref : undefined,
    };
  } catch {
    return undefined;
  }
}

/** What the caller knows about the failed operation. */
export interface StatusErrorInfo {
  key: string;
  operation: string;
  node?: string;
  opaque?: number;
  bucket?: string;
  /** The operation carried a CAS (so KEY_EEXISTS means a CAS mismatch). */
  hadCas?: boolean;
  retries?: number;
  retryReasons?: string[];
}

function messageFor(kind: StatusErrorKind | undefined, name: string, desc: string, info: StatusErrorInfo): string {
  const k = `'${info.key}'`;
  switch (kind) {
    case 'NotFound':
      return `Document not found: ${k}`;
    case 'KeyExists':
      if (info.operation === 'insert') return `Document already exists: ${k}`;
      return info.hadCas === true ? `CAS mismatch for ${k}: the document changed since that CAS was read` : `Document already exists or CAS mismatch: ${k}`;
    case 'Locked':
      return `Document is locked: ${k}`;
    case 'TooBig':
      return `Value too large for ${k}`;
    case 'NotStored':
      return `Document not stored by ${info.operation} (it must exist): ${k}`;
    case 'DeltaBadval':
      return `Document is not a number, ${info.operation} cannot change it: ${k}`;
    default:
      return `${info.operation} ${k} failed: ${desc} (${name})`;
  }
}

/**
 * Builds the error for a failed status. `body`/`datatype` are the response's value and
 * datatype (for enhanced error details).
 */
export function errorForStatus(status: number, info: StatusErrorInfo, errorMap?: ErrorMap, datatype = 0, body?: Uint8Array): CouchbaseError {
  const d = describeStatus(status, errorMap);
  const cls = d.kind !== undefined && d.kind !== 'none' ? CLASS_OF[d.kind] : classForAttrs(d.attrs);
  const detail = body !== undefined ? enhancedErrorDetail(datatype, body) : undefined;
  const context: ErrorContext = {
    key: info.key,
    operation: info.operation,
    status: d.name,
  };
  if (info.bucket !== undefined) context.bucket = info.bucket;
  if (info.node !== undefined) context.node = info.node;
  if (info.opaque !== undefined) context.opaque = info.opaque;
  if (info.retries !== undefined && info.retries > 0) {
    context.retries = info.retries;
    context.retryReasons = info.retryReasons;
  }
  if (detail?.context !== undefined) context.serverContext = detail.context;
  if (detail?.ref !== undefined) context.serverRef = detail.ref;
  let message = messageFor(d.kind, d.name, d.desc, info);
  if (detail?.context !== undefined || detail?.ref !== undefined) {
    message += ` (server: ${[detail.context, detail.ref !== undefined ? `ref ${detail.ref}` : undefined].filter(Boolean).join(', ')})`;
  }
  return new cls(message, { rc: status, key: info.key, context });
}
