/**
 * Every built-in scalar function by lower-case name, and the aggregate names (which the
 * grouping stage evaluates, not the function table).
 */
import { ARRAY_FUNCTIONS } from './functions-array';
import { CONDITIONAL_FUNCTIONS } from './functions-conditional';
import { MISC_FUNCTIONS } from './functions-misc';
import { NUMBER_FUNCTIONS } from './functions-number';
import { OBJECT_FUNCTIONS } from './functions-object';
import { STRING_FUNCTIONS } from './functions-string';
import { TYPE_FUNCTIONS } from './functions-type';
import type { FunctionDef, FunctionTable } from './function-types';

/** Aggregate functions; the value is whether DISTINCT is allowed. */
export const AGGREGATES = { count: true, sum: true, avg: true, min: true, max: true, array_agg: true } as const;

/** One of {@link AGGREGATES}' names. */
export type AggregateName = keyof typeof AGGREGATES;

/** Every scalar function. */
export const FUNCTIONS: FunctionTable = {
  ...STRING_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ARRAY_FUNCTIONS,
  ...OBJECT_FUNCTIONS,
  ...TYPE_FUNCTIONS,
  ...CONDITIONAL_FUNCTIONS,
  ...MISC_FUNCTIONS,
};

/** True when `name` (lower-case) is an aggregate. */
export function isAggregate(name: string): name is AggregateName {
  return Object.prototype.hasOwnProperty.call(AGGREGATES, name);
}

/** The scalar function called `name` (lower-case), if any. */
export function scalarFunction(name: string): FunctionDef | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}
