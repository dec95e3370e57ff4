/**
 * Conditional functions for unknowns and comparisons (expression/func_cond_unknown.go,
 * func_comp.go). Note the real IFNULL quirk: MISSING is "not NULL", so IFNULL(MISSING, 1)
 * is MISSING.
 */
import { collate, equalValues } from './collation';
import { def, type FunctionTable } from './function-types';
import type { Value } from './values';

function firstWhere(test: (v: Value) => boolean) {
  return def(2, Infinity, 'json', (a) => {
    for (const v of a) if (test(v)) return v;
    return null;
  });
}

/** MISSINGIF / NULLIF: the first argument unless it equals the second (then `replacement`). */
function unlessEqual(replacement: Value) {
  return def(2, 2, 'json', ([a, b]) => {
    const eq = equalValues(a, b);
    if (eq === undefined || eq === null) return eq;
    return eq ? replacement : a;
  });
}

/** GREATEST / LEAST: ignore MISSING and NULL, keep the extreme under collation; NULL when none. */
function extreme(better: (c: number) => boolean) {
  return def(2, Infinity, 'json', (a) => {
    let best: Value = null;
    for (const v of a) {
      if (v === undefined || v === null) continue;
      if (best === null || better(collate(v, best))) best = v;
    }
    return best;
  });
}

/** The conditional functions by name. */
export const CONDITIONAL_FUNCTIONS: FunctionTable = {
  ifmissing: firstWhere((v) => v !== undefined),
  ifnull: firstWhere((v) => v !== null),
  ifmissingornull: firstWhere((v) => v !== undefined && v !== null),
  coalesce: firstWhere((v) => v !== undefined && v !== null),
  missingif: unlessEqual(undefined),
  nullif: unlessEqual(null),
  greatest: extreme((c) => c > 0),
  least: extreme((c) => c < 0),
};
