/**
 * Statement parameters: positional (`$1`, `?`) from `args` and named (`$name`) from
 * `named`. Every parameter a statement uses is resolved before the first row, so a
 * missing value fails the request up front (5010, as the real evaluation error).
 */
import type { Expr } from './ast';
import { QueryError } from './query-error';
import type { Value } from './values';

/** The parameter values of a request. */
export interface ParamValues {
  readonly positional: readonly unknown[];
  /** Named values, keyed without the `$`. */
  readonly named: Readonly<Record<string, unknown>>;
  /** PREPARE / EXPLAIN plan without values: parameters then read as MISSING instead of failing. */
  readonly lenient?: boolean;
}

/** Parameter values for planning a statement that will get its values later. */
export const PLANNING_PARAMS: ParamValues = { positional: [], named: {}, lenient: true };

/** Builds parameter values from request fields (named keys may carry a leading `$`). */
export function paramValues(args: readonly unknown[] | undefined, named: Readonly<Record<string, unknown>> | undefined): ParamValues {
  const n: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(named ?? {})) n[k.startsWith('$') ? k.slice(1) : k] = v;
  return { positional: args ?? [], named: n };
}

/** The value of a parameter expression; throws 5010 when the request has none. */
export function resolveParam(p: Extract<Expr, { kind: 'param' }>, values: ParamValues): Value {
  if (values.lenient === true) return undefined;
  if (p.position !== undefined) {
    if (p.position < 1 || p.position > values.positional.length) {
      throw new QueryError('EVALUATION', `No value for positional parameter $${p.position}`);
    }
    return values.positional[p.position - 1];
  }
  if (!(p.name in values.named)) throw new QueryError('EVALUATION', `No value for named parameter $${p.name}`);
  return values.named[p.name];
}
