/**
 * GROUP BY, aggregates, LETTING and the group-key rule. Input rows are gathered into
 * groups keyed by the GROUP BY values (equal under collation); each group keeps its
 * first row as representative (the values of group keys) and one accumulator per
 * aggregate. Without GROUP BY an aggregate query is one group, present even over no
 * rows. Expressions evaluated per group must depend only on group keys, aggregates and
 * LETTING names, else 4210, as on a real server.
 */
import { children, type CollectionBinding, type Expr } from './ast';
import { makeAccumulator, type Accumulator } from './aggregates';
import { collationKey } from './collation';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import { canonicalText, exprText } from './expression-text';
import { isAggregate, type AggregateName } from './function-registry';
import { QueryError } from './query-error';
import { childScope, type Scope } from './scope';
import type { SelectStatement } from './statement-ast';
import type { Value } from './values';

type Call = Extract<Expr, { kind: 'call' }>;

/** The aggregate calls inside `e` (not inside subqueries, whose aggregates are their own). */
export function aggregateCalls(e: Expr, out: Call[] = []): Call[] {
  if (e.kind === 'call' && isAggregate(e.name)) out.push(e);
  else for (const c of children(e)) aggregateCalls(c, out);
  return out;
}

/** True when `q` groups: GROUP BY, or an aggregate in its projection, HAVING, LETTING or ORDER BY. */
export function isGrouped(q: SelectStatement): boolean {
  if (q.groupBy !== undefined) return true;
  const exprs = [...q.projection.flatMap((t) => (t.kind === 'expr' ? [t.expr] : [])), ...(q.having ? [q.having] : []), ...q.letting.map((l) => l.expr), ...q.orderBy.map((o) => o.expr)];
  return exprs.some((e) => aggregateCalls(e).length > 0);
}

/** The grouping stage of a query. */
export interface GroupingPlan {
  /** The compile environment for per-group expressions (aggregates allowed). */
  readonly env: CompileEnv;
  /** Checks that `e` depends only on group keys, aggregates and `names`; throws 4210. */
  check(e: Expr, names: ReadonlySet<string>): void;
  /** Groups the (filtered) input rows and yields one scope per group. */
  groups(input: Iterable<Scope>, empty: () => Scope): Iterable<Scope>;
}

/** Plans grouping for `q`; `inputEnv` compiles per-row expressions, `alias` is the keyspace alias. */
export function planGrouping(q: SelectStatement, inputEnv: CompileEnv, alias: string | undefined): GroupingPlan {
  const slots = new Map<string, number>();
  const aggs: { name: AggregateName; distinct: boolean; star: boolean; arg?: Evaluator }[] = [];
  const env: CompileEnv = {
    ...inputEnv,
    clause: 'this clause',
    aggregateSlot(call) {
      const key = exprText(call);
      let slot = slots.get(key);
      if (slot === undefined) {
        slot = aggs.length;
        slots.set(key, slot);
        // Aggregate arguments are per-row expressions: no nested aggregates there.
        const arg = call.star ? undefined : compileExpr(call.args[0]!, { ...inputEnv, clause: 'an aggregate argument' });
        aggs.push({ name: call.name as AggregateName, distinct: call.distinct, star: call.star, ...(arg ? { arg } : {}) });
      }
      return slot;
    },
  };
  const keys = (q.groupBy ?? []).map((k) => compileExpr(k, inputEnv));
  const keyTexts = new Set((q.groupBy ?? []).map((k) => canonicalText(k, alias)));
  const letting = q.letting.map((l) => ({ name: l.name, expr: l.expr }));

  function check(e: Expr, names: ReadonlySet<string>): void {
    if (keyTexts.has(canonicalText(e, alias))) return;
    switch (e.kind) {
      case 'call':
        if (isAggregate(e.name)) return;
        if (e.name === 'meta') throw new QueryError('NOT_GROUP_KEY_OR_AGG', `Expression ${exprText(e)} must depend only on group keys or aggregates.`);
        break;
      case 'literal':
      case 'param':
      case 'subquery':
        return;
      case 'ident':
        if (names.has(e.name)) return;
        throw new QueryError('NOT_GROUP_KEY_OR_AGG', `Expression ${exprText(e)} must depend only on group keys or aggregates.`);
      case 'quantified':
      case 'comprehension': {
        const inner = new Set([...names, ...e.bindings.flatMap((b: CollectionBinding) => [b.variable, ...(b.nameVariable ? [b.nameVariable] : [])])]);
        for (const b of e.bindings) check(b.expr, names);
        for (const c of children(e).slice(e.bindings.length)) check(c, inner);
        return;
      }
      default:
        break;
    }
    if (e.kind === 'field' || e.kind === 'element') {
      // A path that is not a group key: fine only if its root is a LETTING name or a variable.
      let root: Expr = e;
      while (root.kind === 'field' || root.kind === 'element') root = root.target;
      if (root.kind === 'ident' && names.has(root.name)) return;
      if (root.kind === 'ident') throw new QueryError('NOT_GROUP_KEY_OR_AGG', `Expression ${exprText(e)} must depend only on group keys or aggregates.`);
    }
    for (const c of children(e)) check(c, names);
  }

  const lettingNames = new Set<string>();
  const compiledLetting = letting.map((l) => {
    check(l.expr, lettingNames);
    lettingNames.add(l.name);
    return { name: l.name, value: compileExpr(l.expr, env) };
  });

  function* groups(input: Iterable<Scope>, empty: () => Scope): Iterable<Scope> {
    const byKey = new Map<string, { rep: Scope; accs: Accumulator[] }>();
    for (const s of input) {
      const key = keys.length === 0 ? '' : collationKey(keys.map((k) => k(s)));
      let g = byKey.get(key);
      if (g === undefined) {
        g = { rep: s, accs: aggs.map((a) => makeAccumulator(a.name, a.distinct, a.star)) };
        byKey.set(key, g);
      }
      for (let i = 0; i < aggs.length; i++) g.accs[i]!.add(aggs[i]!.arg?.(s));
    }
    if (byKey.size === 0 && keys.length === 0) byKey.set('', { rep: empty(), accs: aggs.map((a) => makeAccumulator(a.name, a.distinct, a.star)) });
    for (const g of byKey.values()) {
      const aggregates: Value[] = g.accs.map((a) => a.result());
      let scope: Scope = { ...childScope(g.rep, {}), aggregates };
      for (const l of compiledLetting) scope = { ...childScope(scope, { [l.name]: l.value(scope) }), aggregates };
      yield scope;
    }
  }

  return { env, check: (e, names) => check(e, new Set([...names, ...lettingNames])), groups };
}
