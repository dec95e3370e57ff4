/**
 * The path operations of the sub-document API on one JSON document, with the semantics
 * and error precedence of kv_engine's subjson (subdoc/operations.cc, match.cc):
 * value validation first (VALUE_CANTINSERT, VALUE_ETOODEEP), then the path walk
 * (PATH_MISMATCH), then the operation's own rules. Pure: a new root is returned, the
 * input is never changed.
 */
import { isContainer, parseJson, parseJsonList, serialize, type JsonArray, type JsonNode, type JsonObject } from './json-tree';
import type { PathComponent } from './path';
import { SD } from './status';

/** Deepest a document may nest (jsonsl levels: the top-level value is at depth 1). */
export const MAX_DOC_DEPTH = 32;

/** What an operation produced: a status, and on success a new root and/or a result value. */
export interface OpResult {
  readonly status: number;
  /** The new document root (mutations). */
  readonly root?: JsonNode;
  /** The result value text (GET, GET_COUNT, COUNTER). */
  readonly value?: string;
}

const fail = (status: number): OpResult => ({ status });

/**
 * A path walk: `chain[i]` is the node reached after `i` components (chain[0] is the root),
 * `pos[i]` the entry or element index taken from chain[i]. `matched` components exist.
 */
interface Walk {
  readonly chain: JsonNode[];
  readonly pos: number[];
  readonly matched: number;
}

/** Walks `path` from `root`; undefined when the path and the document disagree on types. */
function walk(root: JsonNode, path: readonly PathComponent[]): Walk | undefined {
  const chain: JsonNode[] = [root];
  const pos: number[] = [];
  let node = root;
  for (const comp of path) {
    let i = -1;
    if (node.kind === 'object' && comp.key !== undefined) {
      i = node.entries.findIndex((e) => e.key === comp.key);
      if (i >= 0) node = node.entries[i]!.value;
    } else if (node.kind === 'array' && comp.index !== undefined) {
      i = comp.index === -1 ? node.items.length - 1 : comp.index;
      if (i >= node.items.length) i = -1;
      if (i >= 0) node = node.items[i]!;
    } else {
      return undefined;
    }
    if (i < 0) break;
    pos.push(i);
    chain.push(node);
  }
  return { chain, pos, matched: chain.length - 1 };
}

/** Replaces chain[level] by `node` and rebuilds every container above it. */
function rebuild(w: Walk, level: number, node: JsonNode): JsonNode {
  let child = node;
  for (let k = level - 1; k >= 0; k--) {
    const parent = w.chain[k] as JsonObject | JsonArray;
    const at = w.pos[k]!;
    child =
      parent.kind === 'object'
        ? { kind: 'object', entries: parent.entries.map((e, i) => (i === at ? { key: e.key, value: child } : e)) }
        : { kind: 'array', items: parent.items.map((v, i) => (i === at ? child : v)) };
  }
  return child;
}

/** Adds member `key` to the object at chain[level]. */
function addMember(w: Walk, level: number, key: string, value: JsonNode): JsonNode {
  const obj = w.chain[level] as JsonObject;
  return rebuild(w, level, { kind: 'object', entries: [...obj.entries, { key, value }] });
}

/** Inserts `values` into the array at chain[level] before element `at`. */
function insertItems(w: Walk, level: number, at: number, values: readonly JsonNode[]): JsonNode {
  const arr = w.chain[level] as JsonArray;
  return rebuild(w, level, { kind: 'array', items: [...arr.items.slice(0, at), ...values, ...arr.items.slice(at)] });
}

/**
 * MKDIR_P: creates the missing members from the deepest existing object down, with
 * `leaf` at the end (kv_engine creates objects only: a missing array element is ENOENT).
 */
function mkdirP(w: Walk, path: readonly PathComponent[], leaf: JsonNode): OpResult {
  const first = path[w.matched]!;
  if (first.key === undefined || w.chain[w.matched]!.kind !== 'object') return fail(SD.PATH_ENOENT);
  let node = leaf;
  for (let k = path.length - 1; k > w.matched; k--) {
    const comp = path[k]!;
    if (comp.key === undefined) return fail(SD.PATH_ENOENT);
    node = { kind: 'object', entries: [{ key: comp.key, value: node }] };
  }
  return { status: SD.SUCCESS, root: addMember(w, w.matched, first.key, node) };
}

/** GET and EXISTS: the value at the path. */
export function get(root: JsonNode, path: readonly PathComponent[]): OpResult {
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  if (w.matched < path.length) return fail(SD.PATH_ENOENT);
  return { status: SD.SUCCESS, value: serialize(w.chain[w.matched]!) };
}

/** GET_COUNT: members of an object or elements of an array, as decimal text. */
export function getCount(root: JsonNode, path: readonly PathComponent[]): OpResult {
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  if (w.matched < path.length) return fail(SD.PATH_ENOENT);
  const node = w.chain[w.matched]!;
  if (node.kind === 'object') return { status: SD.SUCCESS, value: String(node.entries.length) };
  if (node.kind === 'array') return { status: SD.SUCCESS, value: String(node.items.length) };
  return fail(SD.PATH_MISMATCH);
}

/** Status for a value that did not parse. */
const valueError = (e: 'invalid' | 'too-deep'): OpResult => fail(e === 'too-deep' ? SD.VALUE_ETOODEEP : SD.VALUE_CANTINSERT);

/**
 * DICT_ADD, DICT_UPSERT and REPLACE: one JSON value stored at the path. ADD wants the
 * path absent (PATH_EEXISTS), REPLACE present (PATH_ENOENT); only REPLACE may end in an
 * array index.
 */
export function storeValue(mode: 'add' | 'upsert' | 'replace', root: JsonNode, path: readonly PathComponent[], valueText: string, mkdir: boolean): OpResult {
  if (path.length === 0) return fail(SD.VALUE_CANTINSERT);
  const value = parseJson(valueText, MAX_DOC_DEPTH - path.length);
  if (typeof value === 'string') return valueError(value);
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  const last = path[path.length - 1]!;
  if (mode !== 'replace' && last.key === undefined) return fail(SD.PATH_EINVAL);
  if (w.matched === path.length) {
    if (mode === 'add') return fail(SD.PATH_EEXISTS);
    return { status: SD.SUCCESS, root: rebuild(w, path.length, value) };
  }
  if (mode === 'replace') return fail(SD.PATH_ENOENT);
  if (w.matched < path.length - 1) return mkdir ? mkdirP(w, path, value) : fail(SD.PATH_ENOENT);
  return { status: SD.SUCCESS, root: addMember(w, w.matched, last.key!, value) };
}

/** DELETE: removes a member or an element (the root cannot be removed). */
export function remove(root: JsonNode, path: readonly PathComponent[]): OpResult {
  if (path.length === 0) return fail(SD.VALUE_CANTINSERT);
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  if (w.matched < path.length) return fail(SD.PATH_ENOENT);
  const level = path.length - 1;
  const parent = w.chain[level] as JsonObject | JsonArray;
  const at = w.pos[level]!;
  const next: JsonNode =
    parent.kind === 'object' ? { kind: 'object', entries: parent.entries.filter((_, i) => i !== at) } : { kind: 'array', items: parent.items.filter((_, i) => i !== at) };
  return { status: SD.SUCCESS, root: rebuild(w, level, next) };
}

/**
 * ARRAY_PUSH_FIRST / ARRAY_PUSH_LAST / ARRAY_ADD_UNIQUE on the array at the path. Push
 * values may be several comma-separated JSON values; ADD_UNIQUE takes one primitive and
 * refuses an array holding containers (PATH_MISMATCH) or the value already (PATH_EEXISTS),
 * comparing JSON text as kv_engine does (1 and 1.0 differ).
 */
export function arrayPush(where: 'first' | 'last' | 'unique', root: JsonNode, path: readonly PathComponent[], valueText: string, mkdir: boolean): OpResult {
  // The elements sit one level below the array the path names.
  const maxDepth = MAX_DOC_DEPTH - 1 - path.length;
  let values: readonly JsonNode[];
  if (where === 'unique') {
    const v = parseJson(valueText, maxDepth);
    if (typeof v === 'string') return valueError(v);
    if (isContainer(v)) return fail(SD.VALUE_CANTINSERT);
    values = [v];
  } else {
    const list = parseJsonList(valueText, maxDepth);
    if (typeof list === 'string') return valueError(list);
    values = list;
  }
  if (path.length === 0 && where === 'last' && root.kind !== 'array') {
    // subjson appends to the root by looking at its last character: `}` is a mismatch,
    // anything else (a scalar root) is "not JSON".
    return fail(root.kind === 'object' ? SD.PATH_MISMATCH : SD.DOC_NOTJSON);
  }
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  if (w.matched < path.length) return mkdir ? mkdirP(w, path, { kind: 'array', items: values }) : fail(SD.PATH_ENOENT);
  const arr = w.chain[path.length]!;
  if (arr.kind !== 'array') return fail(SD.PATH_MISMATCH);
  if (where === 'unique') {
    const wanted = serialize(values[0]!);
    for (const item of arr.items) {
      if (isContainer(item)) return fail(SD.PATH_MISMATCH);
      if (serialize(item) === wanted) return fail(SD.PATH_EEXISTS);
    }
  }
  return { status: SD.SUCCESS, root: insertItems(w, path.length, where === 'first' ? 0 : arr.items.length, values) };
}

/**
 * ARRAY_INSERT: values inserted before the element the path names; the index may also be
 * the array's length (append). A negative index or a path not ending in one is PATH_EINVAL.
 */
export function arrayInsert(root: JsonNode, path: readonly PathComponent[], valueText: string): OpResult {
  const list = parseJsonList(valueText, MAX_DOC_DEPTH - path.length);
  if (typeof list === 'string') return valueError(list);
  const last = path[path.length - 1];
  if (last?.index === undefined || last.index < 0) return fail(SD.PATH_EINVAL);
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  const level = path.length - 1;
  if (w.matched === path.length) return { status: SD.SUCCESS, root: insertItems(w, level, last.index, list) };
  if (w.matched === level) {
    const arr = w.chain[level] as JsonArray;
    if (last.index === arr.items.length) return { status: SD.SUCCESS, root: insertItems(w, level, last.index, list) };
  }
  return fail(SD.PATH_ENOENT);
}

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * COUNTER: adds a signed 64-bit delta (non-zero, no leading zeros, no sign but `-`) to the
 * integer at the path, or creates it with the delta when only the last component is
 * missing (or MKDIR_P). Result: the new number. Overflow is VALUE_CANTINSERT (kv_engine maps
 * subjson's DELTA_OVERFLOW so); a stored integer outside int64 is NUM_ERANGE.
 */
export function counter(root: JsonNode, path: readonly PathComponent[], deltaText: string, mkdir: boolean): OpResult {
  if (!/^-?[1-9][0-9]*$/.test(deltaText)) return fail(SD.DELTA_EINVAL);
  const delta = BigInt(deltaText);
  if (delta < INT64_MIN || delta > INT64_MAX) return fail(SD.DELTA_EINVAL);
  if (path.length === 0) return fail(SD.VALUE_CANTINSERT);
  const w = walk(root, path);
  if (w === undefined) return fail(SD.PATH_MISMATCH);
  if (w.matched === path.length) {
    const node = w.chain[path.length]!;
    if (node.kind !== 'number' || node.integer !== true) return fail(SD.PATH_MISMATCH);
    const current = BigInt(node.raw);
    if (current < INT64_MIN || current > INT64_MAX) return fail(SD.NUM_ERANGE);
    const next = current + delta;
    if (next < INT64_MIN || next > INT64_MAX) return fail(SD.VALUE_CANTINSERT);
    const text = next.toString();
    return { status: SD.SUCCESS, root: rebuild(w, path.length, { kind: 'number', raw: text, integer: true }), value: text };
  }
  const immediate = w.matched === path.length - 1;
  if ((!mkdir && !immediate) || w.chain[w.matched]!.kind !== 'object') return fail(SD.PATH_ENOENT);
  const created: JsonNode = { kind: 'number', raw: delta.toString(), integer: true };
  const last = path[path.length - 1]!;
  if (last.key === undefined) return fail(SD.PATH_EINVAL);
  const result = immediate ? { status: SD.SUCCESS, root: addMember(w, w.matched, last.key, created) } : mkdirP(w, path, created);
  return result.status === SD.SUCCESS ? { ...result, value: created.raw } : result;
}
