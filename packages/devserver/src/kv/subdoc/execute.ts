/**
 * Runs a validated sub-document command against one document version, the way kv_engine's
 * SubdocExecutionContext does (daemon/subdocument_context.cc): first the xattr phase (all
 * xattr specs, on the object of the document's xattrs or on a virtual xattr), then — for a
 * whole-document delete — the user xattrs are dropped, then the body phase. Lookups run
 * every spec and report each status; a mutation stops at its first failing spec and
 * changes nothing. Pure: no store access, no wire format.
 */
import { makeXattrs, type Xattrs } from '../../store/document';
import { looksLikeJson } from '../engine';
import { parseJson, serialize, type JsonNode } from './json-tree';
import { expandDocumentMacro, MacroPlaceholders } from './macros';
import * as ops from './operations';
import { MAX_DOC_DEPTH } from './operations';
import { parsePath } from './path';
import { DOC_FLAG, PATH_FLAG, type SubdocCommand, type SubdocSpec } from './spec';
import { SD } from './status';
import { isVattrPath, vattrDocument, withoutUserXattrs, xattrObject, xattrsFromObject, type DocumentInfo } from './xattrs';

/** The document version a command reads (or the template of one it creates). */
export interface SubdocInput {
  readonly body: Buffer;
  /** The body is JSON (datatype JSON). */
  readonly json: boolean;
  readonly xattrs: Xattrs | undefined;
  /** Metadata for `$document` and the `${$document…}` macros. */
  readonly info: DocumentInfo;
  /** For `$vbucket`. */
  readonly nowSeconds: number;
}

/** The status and value of one spec. */
export interface SpecResult {
  readonly status: number;
  readonly value?: Buffer;
}

/** Outcome of a mutation: the new body and xattrs, or the first failing spec. */
export type MutationResult =
  | {
      readonly ok: true;
      readonly body: Buffer;
      readonly json: boolean;
      readonly xattrs: Xattrs | undefined;
      /** A whole-document DELETE ran: the version becomes a tombstone. */
      readonly deleteDoc: boolean;
      /** Specs that return a value (COUNTER), with their index. */
      readonly values: readonly { readonly index: number; readonly value: Buffer }[];
    }
  | { readonly ok: false; readonly index: number; readonly status: number };

/** Prefix of a binary xattr value stored as a string (docs/ExtendedAttributes.md). */
const BINARY_PREFIX = 'cb-content-base64-encoded:';

/** Status of a document that cannot be searched. */
function parseError(e: 'invalid' | 'too-deep'): number {
  return e === 'too-deep' ? SD.DOC_E2DEEP : SD.DOC_NOTJSON;
}

/** The body of a document as a tree, parsed once per command. */
class Body {
  tree: JsonNode | undefined;
  dirty = false;
  constructor(
    public raw: Buffer,
    public json: boolean,
  ) {}

  /** The tree, or the status saying why the body cannot be searched. */
  root(): JsonNode | number {
    if (!this.json) return SD.DOC_NOTJSON;
    if (this.tree === undefined) {
      const parsed = parseJson(this.raw.toString('utf8'), MAX_DOC_DEPTH);
      if (typeof parsed === 'string') return parseError(parsed);
      this.tree = parsed;
    }
    return this.tree;
  }

  set(tree: JsonNode): void {
    this.tree = tree;
    this.dirty = true;
  }

  replace(raw: Buffer, json: boolean): void {
    this.raw = raw;
    this.json = json;
    this.tree = undefined;
    this.dirty = false;
  }

  bytes(): Buffer {
    return this.dirty && this.tree !== undefined ? Buffer.from(serialize(this.tree), 'utf8') : this.raw;
  }
}

/** MKDIR_P for a spec: its own flag, or implied by the MKDOC and ADD doc flags. */
function mkdirOf(spec: SubdocSpec, docFlags: number): boolean {
  return (spec.flags & PATH_FLAG.MKDIR_P) !== 0 || (docFlags & (DOC_FLAG.MKDOC | DOC_FLAG.ADD)) !== 0;
}

/** One path operation on `root` (lookups and mutations alike). */
function operate(spec: SubdocSpec, root: JsonNode, value: string, mkdir: boolean): ops.OpResult {
  const path = parsePath(spec.path);
  if (path === 'einval') return { status: SD.PATH_EINVAL };
  if (path === 'e2big') return { status: SD.PATH_E2BIG };
  switch (spec.op) {
    case 'get':
    case 'exists':
      return ops.get(root, path);
    case 'count':
      return ops.getCount(root, path);
    case 'dictAdd':
      return ops.storeValue('add', root, path, value, mkdir);
    case 'dictUpsert':
      return ops.storeValue('upsert', root, path, value, mkdir);
    case 'replace':
      return ops.storeValue('replace', root, path, value, false);
    case 'delete':
      return ops.remove(root, path);
    case 'pushFirst':
      return ops.arrayPush('first', root, path, value, mkdir);
    case 'pushLast':
      return ops.arrayPush('last', root, path, value, mkdir);
    case 'addUnique':
      return ops.arrayPush('unique', root, path, value, mkdir);
    case 'insert':
      return ops.arrayInsert(root, path, value);
    case 'counter':
      return ops.counter(root, path, value, mkdir);
    default:
      return { status: SD.EINVAL };
  }
}

/** A GET result under BINARY_VALUE: the bytes of a binary-encoded string. */
function decodeBinary(value: string): Buffer | undefined {
  const s = parseJson(value, 1);
  if (typeof s === 'string' || s.kind !== 'string') return undefined;
  const text = JSON.parse(s.raw) as string;
  return text.startsWith(BINARY_PREFIX) ? Buffer.from(text.slice(BINARY_PREFIX.length), 'base64') : undefined;
}

/** Runs every spec of a lookup; one result per spec, in order. */
export function executeLookup(cmd: SubdocCommand, input: SubdocInput): SpecResult[] {
  const body = new Body(input.body, input.json);
  let xroot: JsonNode | undefined;
  return cmd.specs.map((spec): SpecResult => {
    if (spec.op === 'docGet') {
      return body.raw.byteLength === 0 ? { status: SD.PATH_ENOENT } : { status: SD.SUCCESS, value: body.raw };
    }
    let root: JsonNode | number;
    if (spec.xattr && isVattrPath(spec.xattrKey!)) {
      root = vattrDocument(spec.xattrKey!, input.info, input.xattrs, input.nowSeconds) ?? SD.XATTR_UNKNOWN_VATTR;
    } else if (spec.xattr) {
      root = xroot ??= xattrObject(input.xattrs);
    } else {
      root = body.root();
    }
    if (typeof root === 'number') return { status: root };
    const r = operate(spec, root, '', false);
    if (r.status !== SD.SUCCESS || spec.op === 'exists') return { status: r.status };
    if (spec.flags & PATH_FLAG.BINARY_VALUE) {
      const bytes = decodeBinary(r.value!);
      return bytes === undefined ? { status: SD.FIELD_NOT_BINARY_VALUE } : { status: SD.SUCCESS, value: bytes };
    }
    return { status: SD.SUCCESS, value: Buffer.from(r.value!, 'utf8') };
  });
}

/** The CAS and seqno the new version will get (known before it is written). */
export interface NextMutation {
  readonly cas: bigint;
  readonly seqno: bigint;
}

/** The value text a mutation spec operates with: macros and binary values resolved. */
function specValue(spec: SubdocSpec, input: SubdocInput, macros: MacroPlaceholders): string | number {
  const text = spec.value.toString('utf8');
  if (spec.flags & PATH_FLAG.EXPAND_MACROS) {
    return macros.placeholder(text, spec.xattrKey!) ?? expandDocumentMacro(text, input.info) ?? SD.XATTR_UNKNOWN_VATTR_MACRO;
  }
  if (spec.flags & PATH_FLAG.BINARY_VALUE) return JSON.stringify(BINARY_PREFIX + spec.value.toString('base64'));
  return text;
}

/** Runs a mutation; atomic: either every spec applies or the first failure is reported. */
export function executeMutation(cmd: SubdocCommand, input: SubdocInput, next: NextMutation): MutationResult {
  const body = new Body(input.body, input.json);
  const macros = new MacroPlaceholders(cmd.specs.map((s) => s.value.toString('utf8')).join('\n') + Object.values(input.xattrs ?? {}).join('\n'));
  let xroot: JsonNode | undefined;
  let xattrsChanged = false;
  let deleteDoc = false;
  const values: { index: number; value: Buffer }[] = [];
  for (const [index, spec] of cmd.specs.entries()) {
    const failed = (status: number): MutationResult => ({ ok: false, index, status });
    if (spec.op === 'docSet') {
      body.replace(spec.value, looksLikeJson(spec.value));
      continue;
    }
    if (spec.op === 'docDelete') {
      body.replace(Buffer.alloc(0), false);
      deleteDoc = true;
      continue;
    }
    const value = specValue(spec, input, macros);
    if (typeof value === 'number') return failed(value);
    const root = spec.xattr ? (xroot ??= xattrObject(input.xattrs)) : body.root();
    if (typeof root === 'number') return failed(root);
    const r = operate(spec, root, value, mkdirOf(spec, cmd.docFlags));
    if (r.status !== SD.SUCCESS) return failed(r.status);
    if (spec.xattr) {
      xroot = r.root!;
      xattrsChanged = true;
    } else {
      body.set(r.root!);
    }
    if (r.value !== undefined) values.push({ index, value: Buffer.from(r.value, 'utf8') });
  }
  const bytes = body.bytes();
  let xattrs = xattrsChanged && xroot !== undefined ? xattrsFromObject(xroot) : input.xattrs;
  // A whole-document delete takes the user xattrs with the body (the system ones stay).
  if (deleteDoc) xattrs = withoutUserXattrs(xattrs);
  if (xattrs !== undefined && macros.keys.size > 0) {
    xattrs = makeXattrs(Object.entries(xattrs).map(([k, v]): [string, string] => [k, macros.keys.has(k) ? macros.expand(v, next.cas, next.seqno, bytes) : v]));
  }
  return { ok: true, body: bytes, json: body.json, xattrs, deleteDoc, values };
}

/**
 * The body a command starts from when it creates the document (MKDOC or ADD): `{}` or
 * `[]` as the first path operation suggests — `[]` for a path starting with `[` or an
 * array push on the root — else nothing (kv_engine Subdoc::Util::get_root_type). A
 * document created as deleted starts empty.
 */
export function newDocumentBody(cmd: SubdocCommand): { body: Buffer; json: boolean } {
  const empty = { body: Buffer.alloc(0), json: false };
  if (cmd.docFlags & DOC_FLAG.CREATE_AS_DELETED) return empty;
  const first = cmd.specs.find((s) => !s.wholeDoc);
  if (first === undefined) return empty;
  const c = first.path.trimStart()[0];
  if (c === undefined) return ['pushLast', 'pushFirst', 'addUnique'].includes(first.op) ? { body: Buffer.from('[]'), json: true } : empty;
  return { body: Buffer.from(c === '[' ? '[]' : '{}'), json: true };
}
