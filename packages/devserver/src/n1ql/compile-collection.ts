/**
 * CASE and the collection operators: ANY / SOME / EVERY / ANY AND EVERY … SATISFIES,
 * ARRAY … FOR and FIRST … FOR. Bindings follow collEval (expression/coll_util.go): each
 * binding expression is evaluated in the enclosing scope; MISSING makes the result
 * MISSING, a non-array NULL; several bindings walk in step up to the shortest one;
 * `name:var` binds positions (arrays) or sorted field names (objects); WITHIN walks
 * every nested value.
 */
import type { CollectionBinding, Expr } from './ast';
import { equalValues, sortedNames } from './collation';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import { descendants } from './operators';
import type { Scope, Vars } from './scope';
import { isObject, truth, type Value } from './values';

/** One binding's items as (name, value) pairs, or a MISSING / NULL verdict. */
type Items = { readonly names?: Value[]; readonly values: Value[] } | 'missing' | 'null';

function bindingItems(b: CollectionBinding, v: Value): Items {
  if (v === undefined) return 'missing';
  if (typeof v !== 'object' || v === null) return 'null';
  if (b.nameVariable === undefined) {
    if (b.within) return { values: descendants(v) };
    return Array.isArray(v) ? { values: v } : 'null';
  }
  if (b.within) {
    const values = descendants(v);
    return { names: values.map((_, i) => i), values };
  }
  if (Array.isArray(v)) return { names: v.map((_, i) => i), values: v };
  const names = isObject(v) ? sortedNames(v) : [];
  return { names, values: names.map((n) => (v as Record<string, Value>)[n]) };
}

/** Evaluates the bindings and yields one scope per step, or returns the MISSING / NULL verdict. */
function compileBindings(bindings: readonly CollectionBinding[], env: CompileEnv) {
  const exprs = bindings.map((b) => compileExpr(b.expr, env));
  return (s: Scope): Scope[] | 'missing' | 'null' => {
    const all: Exclude<Items, 'missing' | 'null'>[] = [];
    let sawNull = false;
    for (let i = 0; i < bindings.length; i++) {
      const items = bindingItems(bindings[i]!, exprs[i]!(s));
      if (items === 'missing') return 'missing';
      if (items === 'null') sawNull = true;
      else all.push(items);
    }
    if (sawNull) return 'null';
    const n = Math.min(...all.map((x) => x.values.length));
    const scopes: Scope[] = [];
    for (let k = 0; k < n; k++) {
      const vars = Object.create(s.vars) as Vars;
      bindings.forEach((b, i) => {
        vars[b.variable] = all[i]!.values[k];
        if (b.nameVariable !== undefined) vars[b.nameVariable] = all[i]!.names![k];
      });
      scopes.push({ ...s, vars });
    }
    return scopes;
  };
}

/** ANY / EVERY / ANY AND EVERY. */
export function compileQuantified(e: Extract<Expr, { kind: 'quantified' }>, env: CompileEnv): Evaluator {
  const steps = compileBindings(e.bindings, env);
  const cond = compileExpr(e.satisfies, env);
  const q = e.quantifier;
  return (s) => {
    const scopes = steps(s);
    if (scopes === 'missing') return undefined;
    if (scopes === 'null') return null;
    if (q === 'any') return scopes.some((x) => truth(cond(x)));
    const every = scopes.every((x) => truth(cond(x)));
    return q === 'every' ? every : every && scopes.length > 0;
  };
}

/** ARRAY … FOR (MISSING results are dropped) and FIRST … FOR (MISSING when nothing qualifies). */
export function compileComprehension(e: Extract<Expr, { kind: 'comprehension' }>, env: CompileEnv): Evaluator {
  const steps = compileBindings(e.bindings, env);
  const mapping = compileExpr(e.mapping, env);
  const when = e.when === undefined ? undefined : compileExpr(e.when, env);
  const first = e.form === 'first';
  return (s) => {
    const scopes = steps(s);
    if (scopes === 'missing') return undefined;
    if (scopes === 'null') return null;
    const out: Value[] = [];
    for (const x of scopes) {
      if (when !== undefined && !truth(when(x))) continue;
      const v = mapping(x);
      if (first) return v;
      if (v !== undefined) out.push(v);
    }
    return first ? undefined : out;
  };
}

/** Simple CASE (equality with the subject) and searched CASE (truthiness); NULL without a match and no ELSE. */
export function compileCase(e: Extract<Expr, { kind: 'case' }>, env: CompileEnv): Evaluator {
  const subject = e.subject === undefined ? undefined : compileExpr(e.subject, env);
  const whens = e.whens.map((w) => ({ when: compileExpr(w.when, env), then: compileExpr(w.then, env) }));
  const otherwise = e.otherwise === undefined ? undefined : compileExpr(e.otherwise, env);
  return (s) => {
    const subj = subject?.(s);
    for (const w of whens) {
      const hit = subject === undefined ? truth(w.when(s)) : equalValues(subj, w.when(s)) === true;
      if (hit) return w.then(s);
    }
    return otherwise === undefined ? null : otherwise(s);
  };
}
