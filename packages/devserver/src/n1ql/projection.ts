/**
 * Result rows: naming of result terms (explicit alias, else the last field name of the
 * expression, else `$1`, `$2`… counting unnamed terms, as algebra/result.go does), row
 * construction (MISSING values are left out; `*` shows every FROM / UNNEST alias;
 * `path.*` merges an object's fields; RAW yields the bare value and skips MISSING), and
 * the response `signature`.
 */
import { implicitName, type Expr } from './ast';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import { isAggregate, scalarFunction } from './function-registry';
import type { Scope } from './scope';
import type { ResultTerm } from './statement-ast';
import { isObject, setField, typeName, type ObjectValue, type Value } from './values';

/** A planned projection. */
export interface ProjectionPlan {
  /** The response `signature`. */
  readonly signature: unknown;
  /** Builds the row of a scope; undefined means "no row" (RAW MISSING). */
  row(s: Scope): Value;
  /** Result names bound to their values, for ORDER BY terms that use them. */
  aliases(row: Value): Record<string, Value>;
}

const BOOLEAN_KINDS: ReadonlySet<string> = new Set(['between', 'like', 'in', 'is', 'exists', 'quantified', 'not']);

/** The type a term shows in the signature ("json" when it depends on the data). */
export function exprType(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeName(e.value);
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    case 'neg':
      return 'number';
    case 'binary':
      if (e.op === '||') return 'string';
      return ['+', '-', '*', '/', '%'].includes(e.op) ? 'number' : 'boolean';
    case 'comprehension':
      return e.form === 'array' ? 'array' : 'json';
    case 'subquery':
      return 'array';
    case 'call':
      if (isAggregate(e.name)) return e.name === 'count' || e.name === 'sum' || e.name === 'avg' ? 'number' : e.name === 'array_agg' ? 'array' : 'json';
      if (e.name === 'meta') return 'object';
      return scalarFunction(e.name)?.type ?? 'json';
    default:
      return BOOLEAN_KINDS.has(e.kind) ? 'boolean' : 'json';
  }
}

type CompiledTerm =
  | { readonly kind: 'expr'; readonly name: string; readonly value: Evaluator }
  | { readonly kind: 'star'; readonly path?: Evaluator };

/** The names result terms get (undefined for star terms). */
export function termNames(terms: readonly ResultTerm[]): (string | undefined)[] {
  let unnamed = 1;
  return terms.map((t) => {
    if (t.kind === 'star') return undefined;
    const name = t.alias ?? implicitName(t.expr);
    return name ?? `$${unnamed++}`;
  });
}

/** Plans a projection (or RETURNING clause). `starAliases` are what `*` shows. */
export function planProjection(raw: boolean, terms: readonly ResultTerm[], starAliases: readonly string[], env: CompileEnv): ProjectionPlan {
  if (raw) {
    const t = terms[0] as Extract<ResultTerm, { kind: 'expr' }>;
    const value = compileExpr(t.expr, env);
    return { signature: exprType(t.expr), row: value, aliases: () => ({}) };
  }
  const names = termNames(terms);
  const compiled: CompiledTerm[] = terms.map((t, i) =>
    t.kind === 'star' ? (t.path === undefined ? { kind: 'star' } : { kind: 'star', path: compileExpr(t.path, env) }) : { kind: 'expr', name: names[i]!, value: compileExpr(t.expr, env) },
  );
  const signature: Record<string, string> = {};
  terms.forEach((t, i) => {
    if (t.kind === 'star') signature['*'] = '*';
    else signature[names[i]!] = exprType(t.expr);
  });
  const exprNames = names.filter((n): n is string => n !== undefined);
  return {
    signature,
    row(s) {
      const out: ObjectValue = {};
      for (const t of compiled) {
        if (t.kind === 'expr') {
          const v = t.value(s);
          if (v !== undefined) setField(out, t.name, v);
        } else if (t.path === undefined) {
          for (const a of starAliases) {
            const v = s.vars[a];
            if (v !== undefined) setField(out, a, v);
          }
        } else {
          const v = t.path(s);
          if (isObject(v)) for (const [k, x] of Object.entries(v)) if (x !== undefined) setField(out, k, x);
        }
      }
      return out;
    },
    aliases(row) {
      const out: Record<string, Value> = {};
      for (const n of exprNames) out[n] = (row as ObjectValue)[n];
      return out;
    },
  };
}
