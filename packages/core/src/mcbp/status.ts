/**
 * The table of server status codes (kv_engine include/mcbp/protocol/status.h, gocbcore
 * memd/statuscode.go). One table drives three things (kafkajs protocol/error.js style):
 * which error class a failure becomes, whether the client retries it (the retry rule
 * of API.md), and the error map our dev cluster serves (same names and attributes as a
 * real server's GET_ERROR_MAP).
 */

/** Which error class a status becomes; resolved to a class in errors/status-errors.ts. */
export type StatusErrorKind =
  | 'none'
  | 'NotFound'
  | 'KeyExists'
  | 'TooBig'
  | 'Argument'
  | 'NotStored'
  | 'DeltaBadval'
  | 'NotMyVbucket'
  | 'BucketNotFound'
  | 'Locked'
  | 'TemporaryFail'
  | 'Auth'
  | 'NotSupported'
  | 'Internal'
  | 'Durability'
  | 'SubdocPathNotFound'
  | 'SubdocPathExists'
  | 'SubdocPathMismatch'
  | 'Subdoc';

/** What the client does and reports for one server status. */
export interface StatusInfo {
  /** Status name as the server's error map spells it. */
  readonly name: string;
  /** Short description, also served in the dev cluster's error map. */
  readonly desc: string;
  /** Error map attributes (kv_engine docs/ErrorMap.md). */
  readonly attrs: readonly string[];
  /** Error class family. */
  readonly error: StatusErrorKind;
  /**
   * Retried by the client with backoff until the operation's timeout. Exactly the API.md
   * retry rule: NOT_MY_VBUCKET, ETMPFAIL, EBUSY, ENOMEM (LOCKED deliberately not).
   */
  readonly retry: boolean;
}

const s = (name: string, desc: string, attrs: readonly string[], error: StatusErrorKind, retry = false): StatusInfo =>
  Object.freeze({ name, desc, attrs: Object.freeze([...attrs]), error, retry });

/** Status code → what it means. Codes not listed are looked up in the server's error map. */
export const STATUS_TABLE: ReadonlyMap<number, StatusInfo> = new Map<number, StatusInfo>([
  [0x00, s('SUCCESS', 'Success', ['success'], 'none')],
  [0x01, s('KEY_ENOENT', 'Not found', ['item-only'], 'NotFound')],
  [0x02, s('KEY_EEXISTS', 'Key already exists, or CAS mismatch', ['item-only'], 'KeyExists')],
  [0x03, s('E2BIG', 'Value is too big', ['item-only', 'invalid-input'], 'TooBig')],
  [0x04, s('EINVAL', 'Invalid request', ['internal', 'invalid-input'], 'Argument')],
  [0x05, s('NOT_STORED', 'Not stored', ['internal', 'item-only'], 'NotStored')],
  [0x06, s('DELTA_BADVAL', 'Existing document is not a number', ['item-only', 'invalid-input'], 'DeltaBadval')],
  [0x07, s('NOT_MY_VBUCKET', 'Server does not own this vBucket', ['fetch-config', 'invalid-input'], 'NotMyVbucket', true)],
  [0x08, s('NO_BUCKET', 'Not connected to any bucket', ['conn-state-invalidated'], 'BucketNotFound')],
  [0x09, s('LOCKED', 'Requested resource is locked', ['item-locked', 'item-only', 'retry-now'], 'Locked')],
  [0x0e, s('NOT_LOCKED', 'Requested resource is not locked', ['item-only'], 'TemporaryFail')],
  [0x1f, s('AUTH_STALE', 'Reauthentication required', ['conn-state-invalidated', 'auth'], 'Auth')],
  [0x20, s('AUTH_ERROR', 'Authentication failed', ['conn-state-invalidated', 'auth'], 'Auth')],
  [0x21, s('AUTH_CONTINUE', 'Continue authentication', ['special-handling'], 'none')],
  [0x22, s('ERANGE', 'Invalid range requested', ['invalid-input'], 'Argument')],
  [0x24, s('EACCESS', 'Not authorized for command', ['support'], 'Auth')],
  [0x25, s('NOT_INITIALIZED', 'Server not initialized', ['conn-state-invalidated'], 'TemporaryFail')],
  [0x30, s('RATE_LIMITED_NETWORK_INGRESS', 'Rate limited: network ingress', ['temp', 'retry-later', 'rate-limit'], 'TemporaryFail')],
  [0x31, s('RATE_LIMITED_NETWORK_EGRESS', 'Rate limited: network egress', ['temp', 'retry-later', 'rate-limit'], 'TemporaryFail')],
  [0x32, s('RATE_LIMITED_MAX_CONNECTIONS', 'Rate limited: max connections', ['conn-state-invalidated', 'rate-limit'], 'TemporaryFail')],
  [0x33, s('RATE_LIMITED_MAX_COMMANDS', 'Rate limited: max commands', ['temp', 'retry-later', 'rate-limit'], 'TemporaryFail')],
  [0x80, s('UNKNOWN_FRAME_INFO', 'Unknown frame info identifier', ['support'], 'NotSupported')],
  [0x81, s('UNKNOWN_COMMAND', 'Unknown command', ['support'], 'NotSupported')],
  [0x82, s('ENOMEM', 'No memory available to store the item', ['temp', 'retry-later'], 'TemporaryFail', true)],
  [0x83, s('NOT_SUPPORTED', 'Command not supported with the current bucket type or configuration', ['support'], 'NotSupported')],
  [0x84, s('EINTERNAL', 'Internal error', ['internal', 'conn-state-invalidated'], 'Internal')],
  [0x85, s('EBUSY', 'Busy, try again', ['temp', 'retry-now'], 'TemporaryFail', true)],
  [0x86, s('ETMPFAIL', 'Temporary failure, try again', ['temp', 'retry-now'], 'TemporaryFail', true)],
  [0x87, s('XATTR_EINVAL', 'Invalid extended attribute', ['invalid-input'], 'Argument')],
  [0x88, s('UNKNOWN_COLLECTION', 'Operation specified an unknown collection', ['invalid-input'], 'Argument')],
  [0x8c, s('UNKNOWN_SCOPE', 'Operation specified an unknown scope', ['invalid-input'], 'Argument')],
  [0xa0, s('DurabilityInvalidLevel', 'Durability level is invalid', ['invalid-input'], 'Durability')],
  [0xa1, s('DurabilityImpossible', 'Durability requirements are impossible to achieve', ['item-only', 'invalid-input'], 'Durability')],
  [0xa2, s('SyncWriteInProgress', 'The key has a pending synchronous write', ['item-only', 'retry-later'], 'TemporaryFail')],
  [0xa3, s('SyncWriteAmbiguous', 'The synchronous write timed out with an ambiguous result', ['item-only'], 'Durability')],
  [0xa4, s('SyncWriteReCommitInProgress', 'The key has a synchronous write being re-committed', ['item-only', 'retry-later'], 'TemporaryFail')],
  [0xc0, s('SUBDOC_PATH_ENOENT', 'Subdoc: path not found in document', ['subdoc', 'item-only'], 'SubdocPathNotFound')],
  [0xc1, s('SUBDOC_PATH_MISMATCH', 'Subdoc: path and document disagree on structure', ['subdoc', 'item-only'], 'SubdocPathMismatch')],
  [0xc2, s('SUBDOC_PATH_EINVAL', 'Subdoc: invalid path', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xc3, s('SUBDOC_PATH_E2BIG', 'Subdoc: path too large', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xc4, s('SUBDOC_PATH_E2DEEP', 'Subdoc: path too deep', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xc5, s('SUBDOC_VALUE_CANTINSERT', 'Subdoc: value cannot be inserted', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xc6, s('SUBDOC_DOC_NOTJSON', 'Subdoc: document is not JSON', ['subdoc', 'item-only'], 'Subdoc')],
  [0xc7, s('SUBDOC_NUM_ERANGE', 'Subdoc: existing number out of range', ['subdoc', 'item-only'], 'Subdoc')],
  [0xc8, s('SUBDOC_DELTA_EINVAL', 'Subdoc: invalid delta', ['subdoc', 'item-only'], 'Subdoc')],
  [0xc9, s('SUBDOC_PATH_EEXISTS', 'Subdoc: path already exists', ['subdoc', 'item-only'], 'SubdocPathExists')],
  [0xca, s('SUBDOC_VALUE_ETOODEEP', 'Subdoc: value too deep', ['subdoc', 'invalid-input', 'item-only'], 'Subdoc')],
  [0xcb, s('SUBDOC_INVALID_COMBO', 'Subdoc: invalid combination of commands', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xcc, s('SUBDOC_MULTI_PATH_FAILURE', 'Subdoc: some commands failed', ['subdoc', 'special-handling'], 'Subdoc')],
  [0xcd, s('SUBDOC_SUCCESS_DELETED', 'Subdoc: success on a deleted document', ['item-deleted', 'success', 'subdoc'], 'none')],
  [0xce, s('SUBDOC_XATTR_INVALID_FLAG_COMBO', 'Subdoc: invalid flag combination', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xcf, s('SUBDOC_XATTR_INVALID_KEY_COMBO', 'Subdoc: invalid xattr key combination', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xd0, s('SUBDOC_XATTR_UNKNOWN_MACRO', 'Subdoc: unknown macro', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xd1, s('SUBDOC_XATTR_UNKNOWN_VATTR', 'Subdoc: unknown virtual attribute', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xd2, s('SUBDOC_XATTR_CANT_MODIFY_VATTR', 'Subdoc: virtual attributes cannot be modified', ['subdoc', 'invalid-input'], 'Subdoc')],
  [0xd3, s('SUBDOC_MULTI_PATH_FAILURE_DELETED', 'Subdoc: some commands failed on a deleted document', ['item-deleted', 'subdoc', 'special-handling'], 'Subdoc')],
  [0xd4, s('SUBDOC_INVALID_XATTR_ORDER', 'Subdoc: xattr specs must come first', ['subdoc', 'invalid-input'], 'Subdoc')],
]);

/** Named status codes, for code that compares against a specific status. */
export const STATUS = {
  SUCCESS: 0x00,
  KEY_ENOENT: 0x01,
  KEY_EEXISTS: 0x02,
  E2BIG: 0x03,
  EINVAL: 0x04,
  NOT_STORED: 0x05,
  DELTA_BADVAL: 0x06,
  NOT_MY_VBUCKET: 0x07,
  NO_BUCKET: 0x08,
  LOCKED: 0x09,
  NOT_LOCKED: 0x0e,
  AUTH_STALE: 0x1f,
  AUTH_ERROR: 0x20,
  AUTH_CONTINUE: 0x21,
  ERANGE: 0x22,
  EACCESS: 0x24,
  NOT_INITIALIZED: 0x25,
  UNKNOWN_FRAME_INFO: 0x80,
  UNKNOWN_COMMAND: 0x81,
  ENOMEM: 0x82,
  NOT_SUPPORTED: 0x83,
  EINTERNAL: 0x84,
  EBUSY: 0x85,
  ETMPFAIL: 0x86,
  UNKNOWN_COLLECTION: 0x88,
  UNKNOWN_SCOPE: 0x8c,
  DURABILITY_IMPOSSIBLE: 0xa1,
  SUBDOC_PATH_ENOENT: 0xc0,
  SUBDOC_PATH_MISMATCH: 0xc1,
  SUBDOC_PATH_EINVAL: 0xc2,
  SUBDOC_VALUE_CANTINSERT: 0xc5,
  SUBDOC_DOC_NOTJSON: 0xc6,
  SUBDOC_NUM_ERANGE: 0xc7,
  SUBDOC_DELTA_EINVAL: 0xc8,
  SUBDOC_PATH_EEXISTS: 0xc9,
  SUBDOC_INVALID_COMBO: 0xcb,
  SUBDOC_MULTI_PATH_FAILURE: 0xcc,
  SUBDOC_SUCCESS_DELETED: 0xcd,
  SUBDOC_MULTI_PATH_FAILURE_DELETED: 0xd3,
} as const;

/** Name of a status code (`0x7ff0` style when unknown to the table). */
export function statusName(status: number): string {
  return STATUS_TABLE.get(status)?.name ?? `0x${status.toString(16).padStart(2, '0')}`;
}
