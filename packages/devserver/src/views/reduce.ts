/**
 * Reduce functions: the built-in `_count`, `_sum` and `_stats`, and JavaScript
 * `function (keys, values, rereduce)` run in the view's sandbox.
 *
 * A JavaScript reduce sees what it would see on a real server, where reductions are
 * stored per B-tree node and combined: values are reduced at most
 * {@link REDUCE_CHUNK} at a time (`rereduce` false, `keys` the `[key, docId]` pairs),
 * and the partial results are then rereduced, again at most {@link REDUCE_CHUNK} at a
 * time (`rereduce` true, `keys` null), until one value is left. A function that ignores
 * `rereduce` therefore gives the same wrong answer it gives in production.
 *
 * Built-ins compute their result directly. Their error messages are the real server's
 * (couch_set_view_mapreduce.erl). `_sum` also adds arrays of numbers element-wise, as
 * CouchDB does (Couchbase itself accepts only numbers).
 */
import type { IndexRow } from './view-index';
import type { ViewSandbox } from './sandbox';

/** The built-in reduce functions. */
export const BUILTIN_REDUCES = ['_count', '_sum', '_stats'] as const;

/** A built-in reduce name. */
export type BuiltinReduce = (typeof BUILTIN_REDUCES)[number];

/** Values per reduce call, and partial results per rereduce call. */
export const REDUCE_CHUNK = 100;

/** The real server's error messages of the built-ins. */
export const REDUCE_ERRORS = {
  sum: 'Builtin _sum function requires map values to be numbers',
  stats: 'Builtin _stats function requires map values to be numbers',
} as const;

/** The result of reducing one group of rows. */
export type ReduceOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/** Whether `name` is a built-in reduce. */
export function isBuiltinReduce(name: string): name is BuiltinReduce {
  return (BUILTIN_REDUCES as readonly string[]).includes(name);
}

class ReduceError extends Error {}

/** Adds `v` into an element-wise sum (CouchDB `sum_arrays`: shorter arrays count as padded with 0). */
function addArrays(acc: number[], v: readonly unknown[]): number[] {
  const out = acc.slice();
  v.forEach((x, i) => {
    if (typeof x !== 'number') throw new ReduceError(REDUCE_ERRORS.sum);
    out[i] = (out[i] ?? 0) + x;
  });
  return out;
}

function builtinSum(rows: readonly IndexRow[]): number | number[] {
  let acc: number | number[] = 0;
  for (const { value } of rows) {
    if (typeof value === 'number') {
      acc = typeof acc === 'number' ? acc + value : addArrays(acc, [value]);
    } else if (Array.isArray(value)) {
      acc = addArrays(typeof acc === 'number' ? [acc] : acc, value);
    } else {
      throw new ReduceError(REDUCE_ERRORS.sum);
    }
  }
  return acc;
}

function builtinStats(rows: readonly IndexRow[]): Record<string, number> {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let sumsqr = 0;
  for (const { value } of rows) {
    if (typeof value !== 'number') throw new ReduceError(REDUCE_ERRORS.stats);
    sum += value;
    sumsqr += value * value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // Field order of the real server's output.
  return { sum, count: rows.length, min, max, sumsqr };
}

/** Reduces one group with a built-in. */
export function reduceBuiltin(name: BuiltinReduce, rows: readonly IndexRow[]): ReduceOutcome {
  try {
    switch (name) {
      case '_count':
        return { ok: true, value: rows.length };
      case '_sum':
        return { ok: true, value: builtinSum(rows) };
      case '_stats':
        return { ok: true, value: builtinStats(rows) };
    }
  } catch (err) {
    if (err instanceof ReduceError) return { ok: false, error: err.message };
    throw err;
  }
}

/**
 * Reduces several groups with the view's JavaScript reduce function (one sandbox run
 * for all of them; a group that throws or runs out of time fails alone).
 */
export function reduceJavaScript(sandbox: ViewSandbox, groups: readonly (readonly IndexRow[])[]): ReduceOutcome[] {
  if (groups.length === 0) return [];
  const items = groups.map((rows) => ({
    keys: JSON.stringify(rows.map((r) => [r.key, r.id])),
    values: JSON.stringify(rows.map((r) => r.value)),
  }));
  return sandbox.reduceBatch(items, REDUCE_CHUNK).map((r): ReduceOutcome => {
    const [ok, text] = r as [boolean, string];
    return ok ? { ok: true, value: JSON.parse(text) } : { ok: false, error: text };
  });
}

/** Reduces groups of rows with the view's reduce (`_count`, `_sum`, `_stats` or JavaScript source). */
export function reduceGroups(reduce: string, sandbox: ViewSandbox, groups: readonly (readonly IndexRow[])[]): ReduceOutcome[] {
  if (isBuiltinReduce(reduce)) return groups.map((rows) => reduceBuiltin(reduce, rows));
  return reduceJavaScript(sandbox, groups);
}
