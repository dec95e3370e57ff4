/**
 * Compiles an expression tree into a closure over a {@link Scope}. Compiling once per
 * execution (instead of walking the tree for every row) keeps a scan over many
 * documents cheap, and resolves parameters, function lookups and aggregate slots up
 * front, so errors about them surface before the first row.
 */
import type { Expr } from './ast';
import { compileCase, compileComprehension, compileQuantified } from './compile-collection';
import type { DocMeta } from './datastore';
import { scalarFunction, isAggregate } from './function-registry';
import type { FunctionContext } from './function-types';
import * as ops from './operators';
import { resolveParam, type ParamValues } from './parameters';
import { QueryError } from './query-error';
import type { Scope } from './scope';
import type { SelectStatement } from './statement-ast';
import { isObject, setField, truth, type ObjectValue, type Value } from './values';

/** A compiled expression. */
export type Evaluator = (scope: Scope) => Value;

/** What compilation needs besides the expression. */
export interface CompileEnv {
  readonly params: ParamValues;
  readonly functions: FunctionContext;
  /** Compiles a subquery into a function from the outer scope to its rows. */
  subquery(query: SelectStatement): (outer: Scope) => Value[];
  /** Slot of an aggregate call in `Scope.aggregates`; absent where aggregates are not allowed. */
  readonly aggregateSlot?: (call: Extract<Expr, { kind: 'call' }>) => number;
  /** The clause being compiled, for the "aggregates not allowed" message. */
  readonly clause?: string;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** `o.name` for a JSON object (own fields only), MISSING otherwise. */
export function fieldOf(o: Value, name: string): Value {
  return isObject(o) && hasOwn(o, name) ? o[name] : undefined;
}

/** META() as a value: what the real engine shows (CAS as a JSON number). */
export function metaObject(m: DocMeta): ObjectValue {
  return { cas: Number(m.cas), expiration: m.expiration, flags: m.flags, id: m.id, type: m.type };
}

/** `a[i]` (nav_element.go): integral numbers index arrays (negative from the end), else NULL / MISSING. */
function element(target: Value, index: Value): Value {
  if (typeof index === 'number' && Number.isInteger(index)) {
    if (!Array.isArray(target)) return undefined;
    const i = index < 0 ? target.length + index : index;
    return i >= 0 && i < target.length ? target[i] : undefined;
  }
  if (index === undefined || target === undefined) return undefined;
  return null;
}

/** `a.[expr]`: a computed field name. */
function computedField(target: Value, name: Value): Value {
  if (typeof name === 'string') return fieldOf(target, name);
  if (name === undefined || target === undefined) return undefined;
  return null;
}

function slice(target: Value, start: Value, end: Value, hasEnd: boolean): Value {
  if (target === undefined || start === undefined || (hasEnd && end === undefined)) return undefined;
  if (!Array.isArray(target) || typeof start !== 'number' || (hasEnd && typeof end !== 'number')) return null;
  const n = target.length;
  let s = start < 0 ? n + start : start;
  let e = hasEnd ? (end as number) : n;
  if (e < 0) e = n + e;
  if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) return null;
  s = Math.trunc(s);
  return target.slice(s, e);
}

function compileIdent(name: string): Evaluator {
  return (s) => {
    const vars = s.vars;
    if (name in vars) return vars[name];
    const implicit = s.implicit;
    return implicit === undefined ? undefined : fieldOf(vars[implicit], name);
  };
}

function compileMeta(e: Extract<Expr, { kind: 'call' }>): Evaluator {
  const alias = e.args.length === 1 && e.args[0]!.kind === 'ident' ? e.args[0]!.name : undefined;
  return (s) => {
    const key = alias ?? s.implicit;
    const m = key === undefined ? undefined : s.metas[key];
    return m === undefined ? undefined : metaObject(m);
  };
}

function compileCall(e: Extract<Expr, { kind: 'call' }>, env: CompileEnv): Evaluator {
  if (e.name === 'meta') return compileMeta(e);
  if (isAggregate(e.name)) {
    if (env.aggregateSlot === undefined) {
      throw new QueryError('NOT_GROUP_KEY_OR_AGG', `Aggregate ${e.name.toUpperCase()}() is not allowed in ${env.clause ?? 'this clause'}.`);
    }
    const slot = env.aggregateSlot(e);
    return (s) => s.aggregates?.[slot];
  }
  const fn = scalarFunction(e.name)!;
  const args = e.args.map((a) => compileExpr(a, env));
  const ctx = env.functions;
  return (s) => fn.fn(args.map((a) => a(s)), ctx);
}

function compileObject(e: Extract<Expr, { kind: 'object' }>, env: CompileEnv): Evaluator {
  const entries = e.entries.map((x) => ({ key: compileExpr(x.key, env), value: compileExpr(x.value, env) }));
  return (s) => {
    const out: ObjectValue = {};
    for (const x of entries) {
      const k = x.key(s);
      if (k === undefined || k === null) continue;
      if (typeof k !== 'string') return null;
      const v = x.value(s);
      if (v !== undefined) setField(out, k, v);
    }
    return out;
  };
}

function compileBinary(e: Extract<Expr, { kind: 'binary' }>, env: CompileEnv): Evaluator {
  const l = compileExpr(e.left, env);
  const r = compileExpr(e.right, env);
  switch (e.op) {
    case 'and':
      // Short-circuit: a false operand decides AND whatever the other one is.
      return (s) => {
        const a = l(s);
        return a !== undefined && a !== null && !truth(a) ? false : ops.and(a, r(s));
      };
    case 'or':
      return (s) => {
        const a = l(s);
        return a !== undefined && a !== null && truth(a) ? true : ops.or(a, r(s));
      };
    default: {
      const op = e.op;
      return (s) => ops.binary(op, l(s), r(s));
    }
  }
}

/** Compiles an expression. */
export function compileExpr(e: Expr, env: CompileEnv): Evaluator {
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'param': {
      const v = resolveParam(e, env.params);
      return () => v;
    }
    case 'ident':
      return compileIdent(e.name);
    case 'field': {
      const t = compileExpr(e.target, env);
      const name = e.name;
      return (s) => fieldOf(t(s), name);
    }
    case 'element': {
      const t = compileExpr(e.target, env);
      const i = compileExpr(e.index, env);
      // `a.[expr]` is parsed as an element whose index is a name; strings pick fields.
      return (s) => {
        const target = t(s);
        const index = i(s);
        return typeof index === 'string' ? computedField(target, index) : element(target, index);
      };
    }
    case 'slice': {
      const t = compileExpr(e.target, env);
      const st = compileExpr(e.start, env);
      const en = e.end === undefined ? undefined : compileExpr(e.end, env);
      return (s) => slice(t(s), st(s), en?.(s), en !== undefined);
    }
    case 'array': {
      const items = e.items.map((x) => compileExpr(x, env));
      // A MISSING element reads back as NULL (that is also how the response shows it).
      return (s) => items.map((x) => {
        const v = x(s);
        return v === undefined ? null : v;
      });
    }
    case 'object':
      return compileObject(e, env);
    case 'neg': {
      const o = compileExpr(e.operand, env);
      return (s) => ops.negate(o(s));
    }
    case 'not': {
      const o = compileExpr(e.operand, env);
      return (s) => ops.not(o(s));
    }
    case 'binary':
      return compileBinary(e, env);
    case 'between': {
      const [o, lo, hi] = [e.operand, e.low, e.high].map((x) => compileExpr(x, env)) as [Evaluator, Evaluator, Evaluator];
      return e.not ? (s) => ops.not(ops.between(o(s), lo(s), hi(s))) : (s) => ops.between(o(s), lo(s), hi(s));
    }
    case 'like': {
      const o = compileExpr(e.operand, env);
      const p = compileExpr(e.pattern, env);
      return e.not ? (s) => ops.not(ops.like(o(s), p(s))) : (s) => ops.like(o(s), p(s));
    }
    case 'in': {
      const o = compileExpr(e.operand, env);
      const l = compileExpr(e.list, env);
      const test = e.within ? ops.within : ops.inList;
      return e.not ? (s) => ops.not(test(o(s), l(s))) : (s) => test(o(s), l(s));
    }
    case 'is': {
      const o = compileExpr(e.operand, env);
      const { test, not } = e;
      return (s) => ops.isTest(o(s), test, not);
    }
    case 'exists': {
      const o = compileExpr(e.operand, env);
      return (s) => {
        const v = o(s);
        return Array.isArray(v) ? v.length > 0 : v === undefined ? undefined : null;
      };
    }
    case 'case':
      return compileCase(e, env);
    case 'quantified':
      return compileQuantified(e, env);
    case 'comprehension':
      return compileComprehension(e, env);
    case 'call':
      return compileCall(e, env);
    case 'subquery': {
      const run = env.subquery(e.query);
      return (s) => run(s);
    }
  }
}
