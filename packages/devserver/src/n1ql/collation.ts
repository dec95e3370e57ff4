/**
 * Ordering and equality of SQL++ values.
 *
 * Two flavours, as in the real value package: `collate` is the total order ORDER BY,
 * MIN/MAX, DISTINCT and ARRAY_SORT use (MISSING < NULL < false < true < numbers <
 * strings < arrays < objects); `compareValues` / `equalValues` are what the comparison
 * operators use, and they answer MISSING or NULL when an operand (or, for arrays and
 * objects, a nested element) is MISSING or NULL.
 */
import { isObject, MISSING, typeRank, type ObjectValue, type Value } from './values';

/**
 * Compares strings by Unicode code point (what Go's byte-wise UTF-8 comparison gives).
 * JavaScript's `<` compares UTF-16 units, which disagrees only when a surrogate meets a
 * character in U+E000..U+FFFF; remap those two ranges at the first difference.
 */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** The field names of an object, in code-point order. */
export function sortedNames(o: ObjectValue): string[] {
  return Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort(compareStrings);
}

function namesOfBoth(a: ObjectValue, b: ObjectValue): string[] {
  return [...new Set([...sortedNames(a), ...sortedNames(b)])].sort(compareStrings);
}

function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Total order of SQL++ values (negative, 0 or positive). */
export function collate(a: Value, b: Value): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  switch (typeof a) {
    case 'boolean':
      return Number(a) - Number(b as boolean);
    case 'number': {
      const y = b as number;
      // NaN sorts below every other number so the order stays total.
      if (Number.isNaN(a) || Number.isNaN(y)) return Number.isNaN(a) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return a < y ? -1 : a > y ? 1 : 0;
    }
    case 'string':
      return sign(compareStrings(a, b as string));
    case 'object': {
      if (a === null) return 0;
      if (Array.isArray(a)) {
        const y = b as Value[];
        for (let i = 0; i < a.length; i++) {
          if (i >= y.length) return 1;
          const c = collate(a[i], y[i]);
          if (c !== 0) return c;
        }
        return sign(a.length - y.length);
      }
      const x = a as ObjectValue;
      const y = b as ObjectValue;
      const delta = sortedNames(x).length - sortedNames(y).length;
      if (delta !== 0) return sign(delta);
      for (const name of namesOfBoth(x, y)) {
        // A name only one side has: the side lacking it is the larger one (objectCollate).
        if (x[name] === undefined) return 1;
        if (y[name] === undefined) return -1;
        const c = collate(x[name], y[name]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      return 0;
  }
}

/**
 * The comparison the `<`, `<=`, `>`, `>=` and BETWEEN operators use: MISSING if either side
 * is MISSING, NULL if either is NULL, else a number. Values of different types compare by
 * type order, and arrays / objects propagate a nested MISSING or NULL comparison.
 */
export function compareValues(a: Value, b: Value): number | null | undefined {
  if (a === undefined || b === undefined) return MISSING as undefined;
  if (a === null || b === null) return null;
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra - rb;
  if (Array.isArray(a)) {
    const y = b as Value[];
    for (let i = 0; i < a.length; i++) {
      if (i >= y.length) return 1;
      const c = compareValues(a[i], y[i]);
      if (c !== 0) return c;
    }
    return sign(a.length - y.length);
  }
  if (isObject(a)) {
    const y = b as ObjectValue;
    const delta = sortedNames(a).length - sortedNames(y).length;
    if (delta !== 0) return sign(delta);
    for (const name of namesOfBoth(a, y)) {
      if (a[name] === undefined) return 1;
      if (y[name] === undefined) return -1;
      const c = compareValues(a[name], y[name]);
      if (c !== 0) return c;
    }
    return 0;
  }
  return collate(a, b);
}

/**
 * The `=` operator: MISSING or NULL when either side is; values of different types are
 * unequal; arrays and objects compare element-wise and propagate a nested MISSING / NULL
 * (so `[null] = [null]` is NULL, as on a real server).
 */
export function equalValues(a: Value, b: Value): boolean | null | undefined {
  if (a === undefined || b === undefined) return MISSING as undefined;
  if (a === null || b === null) return null;
  if (typeRank(a) !== typeRank(b)) return false;
  if (Array.isArray(a)) {
    const y = b as Value[];
    if (a.length !== y.length) return false;
    let missing = false;
    let nul = false;
    for (let i = 0; i < a.length; i++) {
      const eq = equalValues(a[i], y[i]);
      if (eq === undefined) missing = true;
      else if (eq === null) nul = true;
      else if (!eq) return false;
    }
    return missing ? (MISSING as undefined) : nul ? null : true;
  }
  if (isObject(a)) {
    const y = b as ObjectValue;
    const names = sortedNames(a);
    if (names.length !== sortedNames(y).length) return false;
    let nul = false;
    for (const name of names) {
      if (y[name] === undefined) return false;
      const eq = equalValues(a[name], y[name]);
      if (eq === null) nul = true;
      else if (!eq) return false;
    }
    return nul ? null : true;
  }
  return collate(a, b) === 0;
}

/** A string key that is equal for values equal under collation (hash sets for DISTINCT / GROUP BY). */
export function collationKey(v: Value): string {
  if (v === undefined) return 'M';
  if (Array.isArray(v)) return `[${v.map(collationKey).join(',')}]`;
  if (isObject(v)) return `{${sortedNames(v).map((k) => `${JSON.stringify(k)}:${collationKey(v[k])}`).join(',')}}`;
  if (typeof v === 'number') return Object.is(v, -0) ? '0' : String(v);
  return JSON.stringify(v) ?? 'M';
}
