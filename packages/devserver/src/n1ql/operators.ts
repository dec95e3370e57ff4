/**
 * The SQL++ operators over values, with the real engine's MISSING / NULL rules
 * (expression/arith_*.go, logic_*.go, comp_*.go, concat.go, coll_in.go):
 * arithmetic is MISSING if any operand is MISSING and NULL if any is not a number;
 * comparisons are MISSING / NULL when an operand is; AND is FALSE if any operand is
 * false, then MISSING, then NULL; OR is TRUE if any is true, then NULL, then MISSING.
 */
import type { BinaryOp, IsTest } from './ast';
import { compareValues, equalValues } from './collation';
import { likePattern } from './like-pattern';
import { truth, type Value } from './values';

/** `-x`. */
export function negate(v: Value): Value {
  if (v === undefined) return undefined;
  return typeof v === 'number' ? -v : null;
}

/** NOT: MISSING and NULL stay as they are, anything else is negated truthiness. */
export function not(v: Value): Value {
  if (v === undefined || v === null) return v;
  return !truth(v);
}

/** AND over already-evaluated operands (the evaluator short-circuits on false itself). */
export function and(a: Value, b: Value): Value {
  if ((a !== undefined && a !== null && !truth(a)) || (b !== undefined && b !== null && !truth(b))) return false;
  if (a === undefined || b === undefined) return undefined;
  if (a === null || b === null) return null;
  return true;
}

/** OR over already-evaluated operands. */
export function or(a: Value, b: Value): Value {
  if ((a !== undefined && a !== null && truth(a)) || (b !== undefined && b !== null && truth(b))) return true;
  if (a === null || b === null) return null;
  if (a === undefined || b === undefined) return undefined;
  return false;
}

function arithmetic(op: BinaryOp, a: Value, b: Value): Value {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a !== 'number' || typeof b !== 'number') return null;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      // Division by zero is NULL (with a warning on a real server), not Infinity.
      return b === 0 ? null : a / b;
    default:
      return b === 0 ? null : a % b;
  }
}

/** `a || b`: string concatenation; MISSING wins, then NULL for any non-string. */
export function concat(a: Value, b: Value): Value {
  if (a === undefined || b === undefined) return undefined;
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  return a + b;
}

/** A comparison result as a value: MISSING / NULL pass through, else the boolean. */
function fromCompare(c: number | null | undefined, test: (n: number) => boolean): Value {
  return typeof c === 'number' ? test(c) : c;
}

/** Applies a binary operator other than AND / OR (those short-circuit in the evaluator). */
export function binary(op: BinaryOp, a: Value, b: Value): Value {
  switch (op) {
    case '=':
      return equalValues(a, b);
    case '!=': {
      const eq = equalValues(a, b);
      return typeof eq === 'boolean' ? !eq : eq;
    }
    case '<':
      return fromCompare(compareValues(a, b), (c) => c < 0);
    case '<=':
      return fromCompare(compareValues(a, b), (c) => c <= 0);
    case '>':
      return fromCompare(compareValues(a, b), (c) => c > 0);
    case '>=':
      return fromCompare(compareValues(a, b), (c) => c >= 0);
    case '||':
      return concat(a, b);
    case 'and':
      return and(a, b);
    case 'or':
      return or(a, b);
    default:
      return arithmetic(op, a, b);
  }
}

/** `x BETWEEN low AND high` (comp_between.go: MISSING first, then NULL). */
export function between(x: Value, low: Value, high: Value): Value {
  const lo = compareValues(x, low);
  if (lo === undefined) return undefined;
  const hi = compareValues(x, high);
  if (hi === undefined) return undefined;
  if (lo === null || hi === null) return null;
  return lo >= 0 && hi <= 0;
}

/** `x LIKE pattern`: MISSING if either is MISSING, NULL unless both are strings. */
export function like(x: Value, pattern: Value): Value {
  if (x === undefined || pattern === undefined) return undefined;
  if (typeof x !== 'string' || typeof pattern !== 'string') return null;
  return likePattern(pattern).test(x);
}

/**
 * `x IN list` (coll_in.go): MISSING if either side is MISSING, NULL if the list is not an
 * array; NULL x is NULL (FALSE for an empty list); otherwise TRUE when an element equals
 * x, else NULL if the list held a NULL, MISSING if it held a MISSING, FALSE otherwise.
 */
export function inList(x: Value, list: Value): Value {
  if (x === undefined || list === undefined) return undefined;
  if (!Array.isArray(list)) return null;
  if (x === null) return list.length === 0 ? false : null;
  let sawNull = false;
  let sawMissing = false;
  for (const item of list) {
    if (item === undefined) sawMissing = true;
    else if (item === null) sawNull = true;
    else if (equalValues(x, item) === true) return true;
  }
  return sawNull ? null : sawMissing ? undefined : false;
}

/** Every value nested anywhere inside `v` (objects' values and arrays' elements, recursively). */
export function descendants(v: Value, out: Value[] = []): Value[] {
  if (Array.isArray(v)) {
    for (const x of v) {
      out.push(x);
      descendants(x, out);
    }
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) {
      if (x === undefined) continue;
      out.push(x);
      descendants(x, out);
    }
  }
  return out;
}

/** `x WITHIN container`: IN over every nested value of the container. */
export function within(x: Value, container: Value): Value {
  if (x === undefined || container === undefined) return undefined;
  if (typeof container !== 'object' || container === null) return null;
  return inList(x, descendants(container));
}

/** `x IS [NOT] NULL | MISSING | VALUED` (the truth table of the SQL++ docs). */
export function isTest(x: Value, test: IsTest, negated: boolean): Value {
  switch (test) {
    case 'null':
      if (x === undefined) return undefined;
      return negated ? x !== null : x === null;
    case 'missing':
      return negated ? x !== undefined : x === undefined;
    default: {
      const valued = x !== undefined && x !== null;
      return negated ? !valued : valued;
    }
  }
}
