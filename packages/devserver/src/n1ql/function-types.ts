/**
 * The shape of a built-in scalar function and the helpers most of them are written with.
 * Arguments arrive evaluated; the helpers implement the rule nearly every real function
 * follows (expression/func_*.go): MISSING if any argument is MISSING, else NULL if any
 * argument has the wrong type.
 */
import type { TypeName, Value } from './values';

/** What a function may read besides its arguments. */
export interface FunctionContext {
  /** Statement start time in epoch ms (NOW_* are fixed for a whole statement, as on a server). */
  readonly statementTime: number;
  /** The live clock (CLOCK_*). */
  clock(): number;
}

/** A built-in scalar function. */
export interface FunctionDef {
  readonly minArgs: number;
  /** `Infinity` for variadic functions. */
  readonly maxArgs: number;
  /** Result type for the response `signature` ('json' when it depends on the arguments). */
  readonly type: TypeName | 'json';
  readonly fn: (args: readonly Value[], ctx: FunctionContext) => Value;
}

/** A table of functions by lower-case name. */
export type FunctionTable = Readonly<Record<string, FunctionDef>>;

/** A function definition. */
export function def(minArgs: number, maxArgs: number, type: FunctionDef['type'], fn: FunctionDef['fn']): FunctionDef {
  return { minArgs, maxArgs, type, fn };
}

/** MISSING if any argument is MISSING, NULL if any fails `ok`, else `fn(args)`. */
export function strict(args: readonly Value[], ok: (v: Value, i: number) => boolean, fn: () => Value): Value {
  let wrong = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === undefined) return undefined;
    if (!ok(a, i)) wrong = true;
  }
  return wrong ? null : fn();
}

/** True for a string. */
export const isString = (v: Value): v is string => typeof v === 'string';
/** True for a number. */
export const isNumber = (v: Value): v is number => typeof v === 'number';
/** True for an integral number. */
export const isInteger = (v: Value): v is number => typeof v === 'number' && Number.isInteger(v);
/** True for an array. */
export const isArray = (v: Value): v is Value[] => Array.isArray(v);

/** A one-argument function of a string. */
export function stringFn(type: FunctionDef['type'], f: (s: string) => Value): FunctionDef {
  return def(1, 1, type, (a) => strict(a, isString, () => f(a[0] as string)));
}

/** A one-argument function of a number. */
export function numberFn(f: (n: number) => Value): FunctionDef {
  return def(1, 1, 'number', (a) => strict(a, isNumber, () => f(a[0] as number)));
}

/** A one-argument function of an array. */
export function arrayFn(type: FunctionDef['type'], f: (arr: Value[]) => Value): FunctionDef {
  return def(1, 1, type, (a) => strict(a, isArray, () => f(a[0] as Value[])));
}
