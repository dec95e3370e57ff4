/**
 * Sub-document spec helpers — the seeds' `couchbase.subdocument` (`SD.get`, `SD.upsert`,
 * …) in camelCase. Each helper validates its arguments at once (a bad path or a value
 * with no JSON form is thrown here, before anything is sent) and returns an immutable
 * spec that `lookupIn` / `mutateIn` put on the wire.
 */
import { ArgumentError, ValueFormatError } from '../errors/classes';
import { OPCODES } from '../mcbp/opcodes';

/** Sub-document opcodes of specs (protocol.md §6); a whole-document get uses plain GET inside a multi lookup. */
export const SUBDOC_OPCODES = {
  GET_DOC: OPCODES.GET,
  GET: OPCODES.SUBDOC_GET,
  EXISTS: OPCODES.SUBDOC_EXISTS,
  DICT_ADD: OPCODES.SUBDOC_DICT_ADD,
  DICT_UPSERT: OPCODES.SUBDOC_DICT_UPSERT,
  DELETE: OPCODES.SUBDOC_DELETE,
  REPLACE: OPCODES.SUBDOC_REPLACE,
  ARRAY_PUSH_LAST: OPCODES.SUBDOC_ARRAY_PUSH_LAST,
  ARRAY_PUSH_FIRST: OPCODES.SUBDOC_ARRAY_PUSH_FIRST,
  ARRAY_INSERT: OPCODES.SUBDOC_ARRAY_INSERT,
  ARRAY_ADD_UNIQUE: OPCODES.SUBDOC_ARRAY_ADD_UNIQUE,
  COUNTER: OPCODES.SUBDOC_COUNTER,
  GET_COUNT: OPCODES.SUBDOC_GET_COUNT,
} as const;

/** Per-spec path flags. */
export const PATH_FLAGS = {
  CREATE_PARENTS: 0x01,
  XATTR: 0x04,
  EXPAND_MACROS: 0x10,
} as const;

/** Longest path the server accepts (bytes). */
const MAX_PATH_BYTES = 1024;

/** Options of a lookup spec. */
export interface LookupSpecOptions {
  /** The path names an extended attribute (`$document.exptime`, `_sync.rev`, …). */
  xattr?: boolean;
}

/** Options of a mutation spec. */
export interface MutationSpecOptions {
  /** Create missing intermediate objects along the path. */
  createParents?: boolean;
  /** The path names an extended attribute. */
  xattr?: boolean;
}

/** One sub-document operation of a lookupIn or mutateIn. */
export class SubdocSpec {
  /** @internal Use the SD helpers. */
  constructor(
    /** `lookup` specs go to lookupIn, `mutation` specs to mutateIn. */
    readonly kind: 'lookup' | 'mutation',
    /** Wire opcode (see SUBDOC_OPCODES). */
    readonly opcode: number,
    /** The path as given ('' = the whole document). */
    readonly path: string,
    /** Path flags byte. */
    readonly flags: number,
    /** JSON text of the value (mutations that carry one). */
    readonly value: string | undefined,
  ) {
    Object.freeze(this);
  }

  /** True for an extended-attribute path. */
  get xattr(): boolean {
    return (this.flags & PATH_FLAGS.XATTR) !== 0;
  }
}

function checkPath(path: unknown, helper: string, allowEmpty: boolean): string {
  if (typeof path !== 'string') throw new ArgumentError(`SD.${helper}: path must be a string, got ${typeof path}`, { context: { operation: helper } });
  if (!allowEmpty && path === '') throw new ArgumentError(`SD.${helper}: path must not be empty`, { context: { operation: helper } });
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw new ArgumentError(`SD.${helper}: path is longer than ${MAX_PATH_BYTES} bytes`, { context: { operation: helper } });
  return path;
}

function flagsOf(options: LookupSpecOptions & MutationSpecOptions | undefined, helper: string, allowed: readonly string[]): number {
  if (options === undefined) return 0;
  if (typeof options !== 'object' || options === null) throw new ArgumentError(`SD.${helper}: options must be an object`, { context: { operation: helper } });
  let flags = 0;
  for (const [name, v] of Object.entries(options)) {
    if (!allowed.includes(name)) throw new ArgumentError(`SD.${helper}: unknown option '${name}'`, { context: { operation: helper } });
    if (v !== undefined && typeof v !== 'boolean') throw new ArgumentError(`SD.${helper}: ${name} must be a boolean`, { context: { operation: helper } });
  }
  if (options.createParents === true) flags |= PATH_FLAGS.CREATE_PARENTS;
  if (options.xattr === true) flags |= PATH_FLAGS.XATTR;
  return flags;
}

/** JSON text of a value, or a ValueFormatError when it has none. */
function jsonOf(value: unknown, helper: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new ValueFormatError(`SD.${helper}: the value cannot be encoded as JSON: ${(err as Error).message}`, { cause: err, context: { operation: helper } });
  }
  if (text === undefined) throw new ValueFormatError(`SD.${helper}: the value has no JSON form (${typeof value})`, { context: { operation: helper } });
  return text;
}

const LOOKUP_OPTS = ['xattr'];
const MUTATION_OPTS = ['createParents', 'xattr'];

const lookup = (opcode: number, helper: string, path: unknown, options: LookupSpecOptions | undefined, allowEmpty = false): SubdocSpec => {
  const p = checkPath(path, helper, allowEmpty);
  return new SubdocSpec('lookup', p === '' ? SUBDOC_OPCODES.GET_DOC : opcode, p, flagsOf(options, helper, LOOKUP_OPTS), undefined);
};

const mutation = (opcode: number, helper: string, path: unknown, value: unknown, options: MutationSpecOptions | undefined, hasValue = true): SubdocSpec =>
  new SubdocSpec('mutation', opcode, checkPath(path, helper, false), flagsOf(options, helper, MUTATION_OPTS), hasValue ? jsonOf(value, helper) : undefined);

/**
 * The spec helpers:
 *
 * ```ts
 * const r = await bucket.lookupIn('user', SD.get('name'), SD.exists('email'), SD.getCount('tags'));
 * await bucket.mutateIn('user', SD.upsert('address.city', 'Oslo', { createParents: true }), SD.counter('visits', 1));
 * ```
 */
export const SD = Object.freeze({
  /** The value at `path` ('' = the whole document). */
  get: (path: string, options?: LookupSpecOptions): SubdocSpec => lookup(SUBDOC_OPCODES.GET, 'get', path, options, true),
  /** Whether `path` exists (read it with `result.exists(i)`). */
  exists: (path: string, options?: LookupSpecOptions): SubdocSpec => lookup(SUBDOC_OPCODES.EXISTS, 'exists', path, options),
  /** The number of elements of the array or object at `path`. */
  getCount: (path: string, options?: LookupSpecOptions): SubdocSpec => lookup(SUBDOC_OPCODES.GET_COUNT, 'getCount', path, options, true),
  /** Sets `path`, creating it if missing. */
  upsert: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.DICT_UPSERT, 'upsert', path, value, options),
  /** Creates `path`; SubdocPathExistsError if it exists. */
  insert: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.DICT_ADD, 'insert', path, value, options),
  /** Replaces the value at `path`; SubdocPathNotFoundError if missing. */
  replace: (path: string, value: unknown, options?: LookupSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.REPLACE, 'replace', path, value, options),
  /** Removes `path`. */
  remove: (path: string, options?: LookupSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.DELETE, 'remove', path, undefined, options, false),
  /** Appends `value` to the array at `path`. */
  arrayAppend: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.ARRAY_PUSH_LAST, 'arrayAppend', path, value, options),
  /** Prepends `value` to the array at `path`. */
  arrayPrepend: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.ARRAY_PUSH_FIRST, 'arrayPrepend', path, value, options),
  /** Inserts `value` at the array position `path` names (`list[2]`). */
  arrayInsert: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => mutation(SUBDOC_OPCODES.ARRAY_INSERT, 'arrayInsert', path, value, options),
  /** Adds a primitive `value` to the array at `path` unless it is there (SubdocPathExistsError). */
  arrayAddUnique: (path: string, value: unknown, options?: MutationSpecOptions): SubdocSpec => {
    if (value !== null && typeof value === 'object') {
      throw new ArgumentError('SD.arrayAddUnique: the value must be a primitive (string, number, boolean or null)', { context: { operation: 'arrayAddUnique' } });
    }
    return mutation(SUBDOC_OPCODES.ARRAY_ADD_UNIQUE, 'arrayAddUnique', path, value, options);
  },
  /** Adds `delta` (a non-zero integer; negative subtracts) to the number at `path`; the result is the new value. */
  counter: (path: string, delta: number, options?: MutationSpecOptions): SubdocSpec => {
    if (typeof delta !== 'number' || !Number.isSafeInteger(delta) || delta === 0) {
      throw new ArgumentError(`SD.counter: delta must be a non-zero integer, got ${String(delta)}`, { context: { operation: 'counter' } });
    }
    return mutation(SUBDOC_OPCODES.COUNTER, 'counter', path, delta, options);
  },
});
