/**
 * Object functions (expression/func_obj.go). Names come back in code-point order, and
 * OBJECT_VALUES / OBJECT_PAIRS follow the same order.
 */
import { sortedNames } from './collation';
import { def, type FunctionDef, type FunctionTable } from './function-types';
import { isObject, type ObjectValue, type Value } from './values';

function objectFn(type: FunctionDef['type'], f: (o: ObjectValue) => Value): FunctionDef {
  return def(1, 1, type, ([v]) => (v === undefined ? undefined : isObject(v) ? f(v) : null));
}

/** Object functions taking the object and more arguments: MISSING / NULL like the rest. */
function objectWith(min: number, max: number, f: (o: ObjectValue, rest: readonly Value[]) => Value): FunctionDef {
  return def(min, max, 'object', (a) => {
    if (a.some((x) => x === undefined)) return undefined;
    return isObject(a[0]) ? f(a[0], a.slice(1)) : null;
  });
}

/** The object functions by name. */
export const OBJECT_FUNCTIONS: FunctionTable = {
  object_names: objectFn('array', sortedNames),
  object_values: objectFn('array', (o) => sortedNames(o).map((k) => o[k])),
  object_pairs: objectFn('array', (o) => sortedNames(o).map((k) => ({ name: k, val: o[k] }))),
  object_length: objectFn('number', (o) => sortedNames(o).length),
  object_put: objectWith(3, 3, (o, [k, v]) => (typeof k === 'string' ? { ...o, [k]: v } : null)),
  object_add: objectWith(3, 3, (o, [k, v]) => (typeof k !== 'string' ? null : o[k] !== undefined ? o : { ...o, [k]: v })),
  object_remove: objectWith(2, Infinity, (o, names) => {
    const out = { ...o };
    for (const n of names) if (typeof n === 'string') delete out[n];
    return out;
  }),
};
