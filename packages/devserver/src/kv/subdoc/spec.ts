/**
 * Decoding and validating sub-document requests, as kv_engine's validators do before a
 * command runs (daemon/subdocument_validators.cc, subdocument_traits.h,
 * subdocument_parser.h). A request either becomes a {@link SubdocCommand} or is answered
 * with a status at once — EINVAL for malformed requests, and the XATTR and combination
 * statuses — without looking at the document.
 *
 * Single-path extras: path length u16, path flags u8, then [expiry u32] [user flags u32]
 * [doc flags u8] — lengths 3, 4, 7, 8, 11, 12 (lookups: 3 or 4); the value is the path
 * followed by the operation's value. Multi-path extras: [expiry u32] [user flags u32]
 * [doc flags u8] — lengths 0, 1, 4, 5, 8, 9 (lookups: 0 or 1); specs in the value.
 */
import { isValidMacro } from './macros';
import { SD } from './status';
import { isVattrPath, xattrKeyOf } from './xattrs';

/** Path flags (per spec). */
export const PATH_FLAG = { MKDIR_P: 0x01, XATTR: 0x04, EXPAND_MACROS: 0x10, BINARY_VALUE: 0x20 } as const;

/** Doc flags (per command). */
export const DOC_FLAG = { MKDOC: 0x01, ADD: 0x02, ACCESS_DELETED: 0x04, CREATE_AS_DELETED: 0x08, REVIVE: 0x10, REPLICA_READ: 0x20 } as const;

/** Longest path in bytes (SUBDOC_PATH_MAX_LENGTH). */
export const MAX_PATH_BYTES = 1024;
/** Most specs in one multi-path command (SUBDOC_MULTI_MAX_PATHS). */
export const MAX_SPECS = 16;

/** What the executor does with a spec. */
export type SpecOp = 'get' | 'exists' | 'count' | 'dictAdd' | 'dictUpsert' | 'delete' | 'replace' | 'pushLast' | 'pushFirst' | 'insert' | 'addUnique' | 'counter' | 'docGet' | 'docSet' | 'docDelete';

/** What kv_engine's traits say about an opcode. */
interface Traits {
  readonly op: SpecOp;
  readonly mutator: boolean;
  /** Operates on the whole body (multi specs only, with an empty path). */
  readonly wholeDoc: boolean;
  readonly hasValue: boolean;
  readonly emptyPath: boolean;
  readonly pathFlags: number;
  readonly docFlags: number;
}

const { MKDIR_P, XATTR, EXPAND_MACROS, BINARY_VALUE } = PATH_FLAG;
const { MKDOC, ADD, ACCESS_DELETED: AD, CREATE_AS_DELETED: CAD, REVIVE, REPLICA_READ } = DOC_FLAG;
const t = (op: SpecOp, mutator: boolean, hasValue: boolean, emptyPath: boolean, pathFlags: number, docFlags: number, wholeDoc = false): Traits => ({
  op,
  mutator,
  wholeDoc,
  hasValue,
  emptyPath,
  pathFlags,
  docFlags,
});

/** Opcode → traits (kv_engine subdocument_traits.h; whole-document ops only inside multi specs). */
const TRAITS = new Map<number, Traits>([
  [0x00, t('docGet', false, false, true, 0, AD | REVIVE | REPLICA_READ, true)],
  [0x01, t('docSet', true, true, true, 0, MKDOC | ADD, true)],
  [0x04, t('docDelete', true, false, true, 0, AD | REVIVE, true)],
  [0xc5, t('get', false, false, false, XATTR | BINARY_VALUE, AD | REVIVE | REPLICA_READ)],
  [0xc6, t('exists', false, false, false, XATTR, AD | REVIVE | REPLICA_READ)],
  [0xc7, t('dictAdd', true, true, false, MKDIR_P | XATTR | EXPAND_MACROS | BINARY_VALUE, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xc8, t('dictUpsert', true, true, false, MKDIR_P | XATTR | EXPAND_MACROS | BINARY_VALUE, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xc9, t('delete', true, false, false, XATTR, AD | REVIVE)],
  [0xca, t('replace', true, true, false, XATTR | EXPAND_MACROS | BINARY_VALUE, AD | REVIVE | ADD)],
  [0xcb, t('pushLast', true, true, true, MKDIR_P | XATTR | EXPAND_MACROS, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xcc, t('pushFirst', true, true, true, MKDIR_P | XATTR | EXPAND_MACROS, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xcd, t('insert', true, true, false, XATTR | EXPAND_MACROS, AD | REVIVE | ADD | CAD)],
  [0xce, t('addUnique', true, true, true, MKDIR_P | XATTR, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xcf, t('counter', true, true, false, MKDIR_P | XATTR, MKDOC | AD | REVIVE | ADD | CAD)],
  [0xd2, t('count', false, false, true, XATTR, AD | REVIVE | REPLICA_READ)],
]);

/** Single-path opcodes the dev cluster serves. */
export const SINGLE_PATH_OPCODES: readonly number[] = [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf, 0xd2];

/** One operation of a command. */
export interface SubdocSpec {
  readonly opcode: number;
  readonly op: SpecOp;
  readonly mutator: boolean;
  readonly wholeDoc: boolean;
  readonly flags: number;
  readonly path: string;
  /** The spec value (empty when the operation takes none). */
  readonly value: Buffer;
  readonly xattr: boolean;
  /** The X-Key of an xattr path (`$document` for a virtual one). */
  readonly xattrKey: string | undefined;
}

/** A validated command. */
export interface SubdocCommand {
  readonly multi: boolean;
  readonly mutator: boolean;
  readonly docFlags: number;
  /** Wire expiry (0 when the request had none). */
  readonly expiry: number;
  /** User flags when the request carried them (otherwise the document keeps its own). */
  readonly userFlags: number | undefined;
  readonly specs: readonly SubdocSpec[];
}

/** A request refused before execution. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
}

/** What the connection allows. */
export interface SpecContext {
  /** The client negotiated XATTR. */
  readonly xattr: boolean;
  /**
   * Several X-Keys may be used in one command (kv_engine since MB-57864, announced with
   * HELLO SubdocAllowsAccessOnMultipleXattrKeys 0x20); otherwise XATTR_INVALID_KEY_COMBO.
   */
  readonly multipleXattrKeys: boolean;
}

const refuse = (status: number, message: string): Refusal => ({ status, message });

/** Doc flag bits no server defines (extrasDocFlagMask). */
const UNKNOWN_DOC_FLAGS = 0xc0;

/** Checks the doc flags a command carries, whatever its specs (multi validator, common part). */
function checkDocFlags(docFlags: number, cas: bigint): Refusal | undefined {
  if (docFlags & UNKNOWN_DOC_FLAGS) return refuse(SD.EINVAL, 'Request document flags invalid');
  if (docFlags & ADD && cas !== 0n) return refuse(SD.EINVAL, 'Request with add flag must have CAS 0');
  if (docFlags & ADD && docFlags & MKDOC) return refuse(SD.EINVAL, 'Request must not contain both add and mkdoc flags');
  return undefined;
}

/**
 * Validates one spec (both forms): flags allowed for the opcode, doc flags allowed for
 * it, path length and emptiness, value presence, and the xattr rules.
 */
function checkSpec(traits: Traits, flags: number, pathBytes: Buffer, value: Buffer, docFlags: number, ctx: SpecContext): Refusal | string | undefined {
  if (flags & ~traits.pathFlags) return refuse(SD.EINVAL, 'Request flags invalid');
  if (docFlags & ~traits.docFlags) return refuse(SD.EINVAL, 'Request document flags invalid');
  if (pathBytes.byteLength > MAX_PATH_BYTES) return refuse(SD.EINVAL, 'Request path length exceeds maximum');
  if (traits.wholeDoc && pathBytes.byteLength > 0) return refuse(SD.EINVAL, 'Request must not include path for wholedoc operations');
  const xattr = checkXattr(traits.mutator, flags, pathBytes, value, ctx);
  if (xattr !== undefined && typeof xattr !== 'string') return xattr;
  if (!(flags & XATTR) && !traits.emptyPath && pathBytes.byteLength === 0) return refuse(SD.EINVAL, 'Request must include path');
  if (traits.hasValue !== value.byteLength > 0) return refuse(SD.EINVAL, traits.hasValue ? 'Request must include value' : 'Request must not include value');
  return xattr;
}

/** The xattr part of validation; on success the X-Key of an xattr path. */
function checkXattr(mutator: boolean, flags: number, pathBytes: Buffer, value: Buffer, ctx: SpecContext): Refusal | string | undefined {
  if (!(flags & XATTR)) {
    if (flags & EXPAND_MACROS) return refuse(SD.XATTR_INVALID_FLAG_COMBO, 'EXPAND_MACROS flag requires XATTR flag to be set');
    if (flags & BINARY_VALUE) return refuse(SD.XATTR_INVALID_FLAG_COMBO, 'BINARY_VALUE flag requires XATTR flag to be set');
    return undefined;
  }
  if (flags & BINARY_VALUE && flags & EXPAND_MACROS) return refuse(SD.XATTR_INVALID_FLAG_COMBO, "BINARY_VALUE can't be used together with EXPAND_MACROS");
  if (!ctx.xattr) return refuse(SD.NOT_SUPPORTED, 'Connection not XATTR enabled');
  const key = xattrKeyOf(pathBytes);
  if (key === undefined) return refuse(SD.XATTR_EINVAL, 'Request XATTR key invalid');
  if (isVattrPath(key) && mutator) return refuse(SD.XATTR_CANT_MODIFY_VATTR, 'Virtual xattrs cannot be modified');
  if (flags & EXPAND_MACROS && !isValidMacro(value.toString('utf8'))) return refuse(SD.XATTR_UNKNOWN_MACRO, 'Unknown macro');
  return key;
}

function makeSpec(opcode: number, traits: Traits, flags: number, pathBytes: Buffer, value: Buffer, key: string | undefined): SubdocSpec {
  return { opcode, op: traits.op, mutator: traits.mutator, wholeDoc: traits.wholeDoc, flags, path: pathBytes.toString('utf8'), value, xattr: (flags & XATTR) !== 0, xattrKey: key };
}

/** Decodes and validates a single-path command (opcode 0xc5–0xcf, 0xd2). */
export function parseSinglePath(opcode: number, extras: Buffer, body: Buffer, cas: bigint, ctx: SpecContext): SubdocCommand | Refusal {
  const traits = TRAITS.get(opcode);
  if (traits === undefined || traits.wholeDoc) return refuse(SD.EINVAL, 'Not a single-path sub-document command');
  const n = extras.byteLength;
  if (![3, 4, 7, 8, 11, 12].includes(n)) return refuse(SD.EINVAL, 'Invalid extras section');
  const docFlags = n === 4 || n === 8 || n === 12 ? extras[n - 1]! : 0;
  if (docFlags & UNKNOWN_DOC_FLAGS) return refuse(SD.EINVAL, 'Invalid extras section');
  const pathLen = extras.readUInt16BE(0);
  const flags = extras[2]!;
  if (pathLen > MAX_PATH_BYTES) return refuse(SD.EINVAL, 'Request path length exceeds maximum');
  if (pathLen > body.byteLength) return refuse(SD.EINVAL, "Path length can't exceed value");
  const pathBytes = body.subarray(0, pathLen);
  const value = body.subarray(pathLen);
  if (traits.hasValue !== value.byteLength > 0) return refuse(SD.EINVAL, traits.hasValue ? 'Request must include value' : 'Request must not include value');
  if (flags & ~traits.pathFlags) return refuse(SD.EINVAL, 'Request flags invalid');
  if (docFlags & ~traits.docFlags) return refuse(SD.EINVAL, 'Request document flags invalid');
  if (docFlags & CAD) {
    if (!(docFlags & (ADD | MKDOC))) return refuse(SD.EINVAL, 'CreateAsDeleted requires Mkdoc or Add');
    if (!(flags & XATTR)) return refuse(SD.EINVAL, 'CreateAsDeleted does not support body path');
  }
  const common = checkDocFlags(docFlags, cas);
  if (common !== undefined) return common;
  const key = checkXattr(traits.mutator, flags, pathBytes, value, ctx);
  if (key !== undefined && typeof key !== 'string') return key;
  if (!traits.emptyPath && pathLen === 0) return refuse(SD.EINVAL, 'Request must include path');
  if (!traits.mutator && n > 4) return refuse(SD.EINVAL, 'Request extras invalid');
  return {
    multi: false,
    mutator: traits.mutator,
    docFlags,
    expiry: n === 7 || n === 8 || n === 11 || n === 12 ? extras.readUInt32BE(3) : 0,
    userFlags: n === 11 || n === 12 ? extras.readUInt32BE(7) : undefined,
    specs: [makeSpec(opcode, traits, flags, pathBytes, value, key)],
  };
}

/** Decodes and validates MULTI_LOOKUP (0xd0) or MULTI_MUTATION (0xd1). */
export function parseMultiPath(mutator: boolean, extras: Buffer, body: Buffer, cas: bigint, ctx: SpecContext): SubdocCommand | Refusal {
  const n = extras.byteLength;
  if (!(mutator ? [0, 1, 4, 5, 8, 9] : [0, 1]).includes(n)) return refuse(SD.EINVAL, 'Request extras invalid');
  const docFlags = n === 1 || n === 5 || n === 9 ? extras[n - 1]! : 0;
  const common = checkDocFlags(docFlags, cas);
  if (common !== undefined) return common;
  if (docFlags & REVIVE && !(docFlags & AD)) return refuse(SD.EINVAL, "ReviveDocument can't be used without AccessDeleted");
  if (docFlags & REVIVE && docFlags & CAD) return refuse(SD.EINVAL, "ReviveDocument can't be used with CreateAsDeleted");

  const specs: SubdocSpec[] = [];
  let offset = 0;
  let xattrsAllowed = true;
  let bodyAllowed = true;
  let xattrKey: string | undefined;
  const header = mutator ? 8 : 4;
  while (specs.length < MAX_SPECS && offset < body.byteLength) {
    if (!bodyAllowed) return refuse(SD.INVALID_COMBO, 'Request contains an invalid combination of commands');
    if (offset + header > body.byteLength) return refuse(SD.EINVAL, 'Multi spec truncated');
    const opcode = body[offset]!;
    const flags = body[offset + 1]!;
    const pathLen = body.readUInt16BE(offset + 2);
    const valueLen = mutator ? body.readUInt32BE(offset + 4) : 0;
    const end = offset + header + pathLen + valueLen;
    if (end > body.byteLength) return refuse(SD.EINVAL, 'Multi spec path and value truncated');
    const pathBytes = body.subarray(offset + header, offset + header + pathLen);
    const value = body.subarray(offset + header + pathLen, end);
    offset = end;

    const traits = TRAITS.get(opcode);
    if (traits === undefined) return refuse(SD.INVALID_COMBO, 'Subdoc and MCBP command must not both be invalid');
    if (traits.mutator !== mutator) return refuse(SD.INVALID_COMBO, 'Mutation opcodes only permitted for mutation commands');
    const key = checkSpec(traits, flags, pathBytes, value, docFlags, ctx);
    if (key !== undefined && typeof key !== 'string') return key;
    const isXattr = (flags & XATTR) !== 0;
    if (isXattr && key !== undefined && !isVattrPath(key) && !ctx.multipleXattrKeys) {
      // The original rule (kv_engine before MB-57864): virtual xattrs mix with anything,
      // but all other xattr specs must name one X-Key.
      if (xattrKey !== undefined && xattrKey !== key) return refuse(SD.XATTR_INVALID_KEY_COMBO, 'Only a single xattr key may be accessed at the same time');
      xattrKey = key;
    }
    const isolated = traits.op === 'docDelete';
    if (xattrsAllowed) xattrsAllowed = isXattr;
    else if (isXattr) return refuse(SD.INVALID_XATTR_ORDER, 'XATTR specs must come before body specs');
    else if (isolated) return refuse(SD.INVALID_COMBO, 'Request contains an invalid combination of commands');
    if (isolated) bodyAllowed = false;
    specs.push(makeSpec(opcode, traits, flags, pathBytes, value, key));
  }
  if (specs.length === 0) return refuse(SD.INVALID_COMBO, 'Request must contain at least one path');
  if (offset !== body.byteLength) return refuse(SD.INVALID_COMBO, `Request must contain at most ${MAX_SPECS} paths`);
  return {
    multi: true,
    mutator,
    docFlags,
    expiry: n >= 4 ? extras.readUInt32BE(0) : 0,
    userFlags: n >= 8 ? extras.readUInt32BE(4) : undefined,
    specs,
  };
}
