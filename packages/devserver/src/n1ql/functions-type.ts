/**
 * Type inspection and conversion functions (expression/func_type_check.go,
 * func_type_conv.go). The IS_* checks pass MISSING and NULL through; the TO*
 * conversions keep MISSING and NULL and turn what cannot be converted into NULL.
 */
import { def, type FunctionDef, type FunctionTable } from './function-types';
import { isObject, truth, typeName, type TypeName, type Value } from './values';

/** Formats a number like Go's strconv.FormatFloat(x, 'f', -1, 64): shortest digits, never an exponent. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  const s = String(Math.abs(n));
  const e = s.indexOf('e');
  if (e < 0) return String(n);
  // Expand "d.ddde±x" without an exponent.
  const mantissa = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf('.');
  const digits = mantissa.replace('.', '');
  const intLen = (dot < 0 ? mantissa.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return n < 0 ? `-${out}` : out;
}

/** Go's ParseInt / ParseFloat accept this (no surrounding spaces, no hex here). */
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(v: Value): Value {
  if (v === undefined || v === null || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v !== 'string') return null;
  if (NUMERIC.test(v)) return Number(v);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(v);
  if (special === null) return null;
  if (special[2]!.toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

function toString(v: Value): Value {
  switch (typeof v) {
    case 'undefined':
    case 'string':
      return v;
    case 'boolean':
      return String(v);
    case 'number':
      return formatNumber(v);
    default:
      // NULL stays NULL; arrays and objects have no string form.
      return null;
  }
}

/** An IS_* check: MISSING / NULL pass through, else whether the type is one of `types`. */
function check(...types: TypeName[]): FunctionDef {
  return def(1, 1, 'boolean', ([v]) => (v === undefined || v === null ? v : types.includes(typeName(v))));
}

const isArrayFn = check('array');
const isAtomFn = check('boolean', 'number', 'string');
const isBooleanFn = check('boolean');
const isNumberFn = check('number');
const isObjectFn = check('object');
const isStringFn = check('string');
const typeFn = def(1, 1, 'string', ([v]) => typeName(v));

/** The type functions by name (with the real aliases: ISARRAY, IS_STR, TYPENAME…). */
export const TYPE_FUNCTIONS: FunctionTable = {
  type: typeFn,
  typename: typeFn,
  is_array: isArrayFn,
  isarray: isArrayFn,
  is_atom: isAtomFn,
  isatom: isAtomFn,
  is_boolean: isBooleanFn,
  is_bool: isBooleanFn,
  isboolean: isBooleanFn,
  isbool: isBooleanFn,
  is_number: isNumberFn,
  is_num: isNumberFn,
  isnumber: isNumberFn,
  isnum: isNumberFn,
  is_object: isObjectFn,
  is_obj: isObjectFn,
  isobject: isObjectFn,
  isobj: isObjectFn,
  is_string: isStringFn,
  is_str: isStringFn,
  isstring: isStringFn,
  isstr: isStringFn,
  toarray: def(1, 1, 'array', ([v]) => (v === undefined || v === null || Array.isArray(v) ? v : [v])),
  toboolean: def(1, 1, 'boolean', ([v]) => (v === undefined || v === null || typeof v === 'boolean' ? v : truth(v))),
  tonumber: def(1, 1, 'number', ([v]) => toNumber(v)),
  toobject: def(1, 1, 'object', ([v]) => (v === undefined || v === null || isObject(v) ? v : {})),
  tostring: def(1, 1, 'string', ([v]) => toString(v)),
  tostr: def(1, 1, 'string', ([v]) => toString(v)),
};
