/**
 * Array functions (expression/func_array.go). Equality inside them is the `=` operator's
 * (so a NULL never matches), ordering is collation, and results are new arrays.
 */
import { collate, collationKey, equalValues } from './collation';
import { arrayFn, def, isArray, isInteger, isNumber, strict, type FunctionDef, type FunctionTable } from './function-types';
import { QueryError } from './query-error';
import type { Value } from './values';

const contains = (arr: readonly Value[], v: Value): boolean => arr.some((x) => equalValues(v, x) === true);

/** MISSING if any argument is; NULL if any is NULL or the first is not an array (ARRAY_PUT / ARRAY_REMOVE). */
function arrayAndValues(f: (arr: Value[], values: Value[]) => Value): FunctionDef {
  return def(2, Infinity, 'array', (a) => {
    if (a.some((x) => x === undefined)) return undefined;
    if (a.some((x) => x === null) || !isArray(a[0])) return null;
    return f(a[0], a.slice(1));
  });
}

/** `arr` and a value to search for: MISSING if either is, NULL if not an array or the value is NULL. */
function search(type: FunctionDef['type'], f: (arr: Value[], v: Value) => Value): FunctionDef {
  return def(2, 2, type, (a) => {
    if (a[0] === undefined || a[1] === undefined) return undefined;
    if (!isArray(a[0]) || a[1] === null) return null;
    return f(a[0], a[1]);
  });
}

function flatten(arr: readonly Value[], depth: number, out: Value[]): Value[] {
  for (const x of arr) {
    if (depth !== 0 && Array.isArray(x)) flatten(x, depth - 1, out);
    else out.push(x);
  }
  return out;
}

/** Most elements ARRAY_RANGE builds: 20 MiB of numbers, the real service's result-size limit without a memory quota. */
const MAX_RANGE_ELEMENTS = (20 * 1024 * 1024) / 8;

function range(a: readonly Value[]): Value {
  return strict(a, isNumber, () => {
    const [start, end] = a as number[];
    const step = a.length > 2 ? (a[2] as number) : 1;
    if (step === 0 || start === end || (step > 0 && start! > end!) || (step < 0 && start! < end!)) return [];
    // Counted first: ARRAY_RANGE(0, 1e20) would grow an array until V8 aborts the whole
    // process, and `v += step` may never reach `end` at all (1e17 + 1 === 1e17).
    const count = Math.ceil((end! - start!) / step);
    if (!(count <= MAX_RANGE_ELEMENTS)) throw new QueryError('EVALUATION', 'Out of range evaluating ARRAY_RANGE().');
    const out: number[] = [];
    for (let v = start!, i = 0; i < count && (step > 0 ? v < end! : v > end!); v += step, i++) out.push(v);
    return out;
  });
}

function insert(a: readonly Value[]): Value {
  if (a.some((x) => x === undefined)) return undefined;
  if (!isArray(a[0]) || !isInteger(a[1])) return null;
  const arr = a[0];
  let pos = a[1];
  if (pos < 0) pos = arr.length + pos;
  if (pos < 0 || pos > arr.length) return null;
  return [...arr.slice(0, pos), ...a.slice(2), ...arr.slice(pos)];
}

function distinct(arr: readonly Value[]): Value[] {
  const seen = new Set<string>();
  return arr.filter((x) => {
    const k = collationKey(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The array functions by name. */
export const ARRAY_FUNCTIONS: FunctionTable = {
  array_length: arrayFn('number', (arr) => arr.length),
  array_reverse: arrayFn('array', (arr) => [...arr].reverse()),
  array_sort: arrayFn('array', (arr) => [...arr].sort(collate)),
  array_distinct: arrayFn('array', distinct),
  array_count: arrayFn('number', (arr) => arr.filter((x) => x !== undefined && x !== null).length),
  array_sum: arrayFn('number', (arr) => arr.reduce<number>((s, x) => (typeof x === 'number' ? s + x : s), 0)),
  array_avg: arrayFn('number', (arr) => {
    const nums = arr.filter(isNumber);
    return nums.length === 0 ? null : nums.reduce((s, x) => s + x, 0) / nums.length;
  }),
  // MAX starts from NULL and keeps anything collating higher (so MISSING never wins).
  array_max: arrayFn('json', (arr) => arr.reduce((m, x) => (collate(x, m) > 0 ? x : m), null as Value)),
  array_min: arrayFn('json', (arr) =>
    arr.reduce((m, x) => (x !== undefined && x !== null && (m === null || collate(x, m) < 0) ? x : m), null as Value),
  ),
  array_ifnull: arrayFn('json', (arr) => arr.find((x) => x !== undefined && x !== null) ?? null),
  array_contains: search('boolean', contains),
  array_position: search('number', (arr, v) => arr.findIndex((x) => equalValues(v, x) === true)),
  array_append: def(2, Infinity, 'array', (a) => {
    if (a.some((x) => x === undefined)) return undefined;
    return isArray(a[0]) ? [...a[0], ...a.slice(1)] : null;
  }),
  array_prepend: def(2, Infinity, 'array', (a) => {
    if (a.some((x) => x === undefined)) return undefined;
    const arr = a[a.length - 1];
    return isArray(arr) ? [...a.slice(0, -1), ...arr] : null;
  }),
  array_concat: def(2, Infinity, 'array', (a) => strict(a, isArray, () => (a as Value[][]).flat(1))),
  array_flatten: def(2, 2, 'array', (a) =>
    strict(a, (v, i) => (i === 0 ? isArray(v) : isInteger(v)), () => flatten(a[0] as Value[], a[1] as number, [])),
  ),
  array_range: def(2, 3, 'array', range),
  array_insert: def(3, Infinity, 'array', insert),
  array_put: arrayAndValues((arr, values) => {
    const out = [...arr];
    for (const v of values) if (!contains(arr, v)) out.push(v);
    return out;
  }),
  array_remove: arrayAndValues((arr, values) => arr.filter((x) => !values.some((v) => equalValues(x, v) === true))),
};
