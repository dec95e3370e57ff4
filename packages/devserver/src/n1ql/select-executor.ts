/**
 * Plans and runs a SELECT: source → WHERE → grouping / HAVING → projection → DISTINCT →
 * ORDER BY → OFFSET / LIMIT. Everything is compiled before the first row (so errors of
 * planning surface from `execute()`); rows then stream through generators, and only
 * grouping and ORDER BY hold rows in memory.
 */
import { children, type Expr } from './ast';
import { collate, collationKey } from './collation';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import { nestedContext, type ExecContext } from './exec-context';
import { planProjection } from './projection';
import { QueryError } from './query-error';
import { childScope, rootScope, type Scope } from './scope';
import { isGrouped, planGrouping } from './select-grouping';
import { planSource } from './select-source';
import type { OrderTerm, SelectStatement } from './statement-ast';
import { truth, type Value } from './values';

/** A planned SELECT. */
export interface SelectPlan {
  readonly signature: unknown;
  /** The rows of the query for an outer scope (the root scope at top level). */
  run(outer?: Scope): Iterable<Value>;
}

/** Every collection-operator variable used anywhere in `q`'s own expressions. */
function bindingVariables(q: SelectStatement): string[] {
  const out: string[] = [];
  const walk = (e: Expr): void => {
    if (e.kind === 'quantified' || e.kind === 'comprehension') for (const b of e.bindings) out.push(b.variable, ...(b.nameVariable ? [b.nameVariable] : []));
    children(e).forEach(walk);
  };
  const exprs = [
    ...q.projection.flatMap((t) => (t.kind === 'expr' ? [t.expr] : t.path ? [t.path] : [])),
    ...(q.where ? [q.where] : []),
    ...q.lets.map((l) => l.expr),
    ...(q.groupBy ?? []),
    ...q.letting.map((l) => l.expr),
    ...(q.having ? [q.having] : []),
    ...q.orderBy.map((o) => o.expr),
  ];
  exprs.forEach(walk);
  return out;
}

/** The compile environment of a query's per-row expressions; subqueries are planned with it. */
export function queryEnv(ctx: ExecContext, boundNames: readonly string[], clause: string): CompileEnv {
  return {
    params: ctx.params,
    functions: ctx.functions,
    clause,
    subquery(query) {
      const plan = planSelect(query, nestedContext(ctx, boundNames));
      return (outer) => [...plan.run(outer)];
    },
  };
}

/** An integral, non-negative LIMIT / OFFSET value (5010 otherwise; negative counts as 0). */
function count(v: Value, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new QueryError('EVALUATION', `Invalid ${what} value ${JSON.stringify(v) ?? 'missing'}.`);
  return Math.max(0, v);
}

function orderComparator(terms: readonly OrderTerm[]): (a: Value[], b: Value[]) => number {
  return (a, b) => {
    for (let i = 0; i < terms.length; i++) {
      const t = terms[i]!;
      const x = a[i];
      const y = b[i];
      if (t.nullsFirst !== undefined) {
        const xn = x === undefined || x === null;
        const yn = y === undefined || y === null;
        if (xn !== yn) return xn === t.nullsFirst ? -1 : 1;
      }
      const c = collate(x, y);
      if (c !== 0) return t.desc ? -c : c;
    }
    return 0;
  };
}

/** Plans a SELECT statement or subquery. */
export function planSelect(q: SelectStatement, ctx: ExecContext): SelectPlan {
  // Names this query binds, visible to its subqueries (for correlation).
  const provisional = [...(q.from ? [q.from.alias] : []), ...q.unnests.map((u) => u.alias), ...q.lets.map((l) => l.name), ...q.letting.map((l) => l.name), ...bindingVariables(q)];
  const rowEnv = queryEnv(ctx, provisional, 'WHERE');
  const source = planSource(q, ctx, rowEnv);
  const where = q.where === undefined ? undefined : compileExpr(q.where, rowEnv);
  const grouping = isGrouped(q) ? planGrouping(q, { ...rowEnv, clause: 'an aggregate argument' }, source.implicit) : undefined;
  const env = grouping?.env ?? { ...rowEnv, clause: 'this clause' };
  if (grouping !== undefined) {
    // Outer variables of a correlated subquery are constants within it.
    const names = new Set<string>(ctx.outerNames);
    for (const t of q.projection) if (t.kind === 'expr') grouping.check(t.expr, names);
    if (q.having) grouping.check(q.having, names);
  }
  const having = q.having === undefined ? undefined : compileExpr(q.having, env);
  const projection = planProjection(q.raw, q.projection, source.starAliases, env);
  const orderKeys: Evaluator[] = q.orderBy.map((o) => compileExpr(o.expr, env));
  const compare = orderComparator(q.orderBy);
  const root = rootScope();
  const limitOf = q.limit === undefined ? undefined : compileExpr(q.limit, rowEnv);
  const offsetOf = q.offset === undefined ? undefined : compileExpr(q.offset, rowEnv);
  const shadowed = new Set(source.boundNames);
  const guard = ctx.guard;

  function* filtered(outer: Scope): Iterable<Scope> {
    for (const s of source.rows(outer)) if (where === undefined || truth(where(s))) yield s;
  }

  function* projected(outer: Scope): Iterable<{ row: Value; scope: Scope }> {
    let scopes = filtered(outer);
    if (grouping !== undefined) {
      const groups = grouping.groups(scopes, () => source.empty(outer));
      scopes = having === undefined ? groups : (function* () {
        for (const g of groups) if (truth(having(g))) yield g;
      })();
    }
    const seen = q.distinct ? new Set<string>() : undefined;
    for (const scope of scopes) {
      const row = projection.row(scope);
      if (row === undefined) continue;
      if (seen !== undefined) {
        const k = collationKey(row);
        if (seen.has(k)) continue;
        seen.add(k);
      }
      yield { row, scope };
    }
  }

  function* ordered(outer: Scope): Iterable<Value> {
    if (orderKeys.length === 0) {
      for (const r of projected(outer)) yield r.row;
      return;
    }
    const keyed: { row: Value; keys: Value[] }[] = [];
    for (const { row, scope } of projected(outer)) {
      // ORDER BY may name result aliases (`SELECT COUNT(*) AS n … ORDER BY n`).
      const aliases = Object.fromEntries(Object.entries(projection.aliases(row)).filter(([k]) => !shadowed.has(k)));
      const s = q.raw ? scope : childScope(scope, aliases);
      keyed.push({ row, keys: orderKeys.map((k) => k(s)) });
    }
    keyed.sort((a, b) => compare(a.keys, b.keys));
    for (const k of keyed) yield k.row;
  }

  return {
    signature: projection.signature,
    *run(outer = root) {
      const limit = limitOf === undefined ? Infinity : count(limitOf(outer), 'LIMIT');
      let skip = offsetOf === undefined ? 0 : count(offsetOf(outer), 'OFFSET');
      if (limit === 0) return;
      let produced = 0;
      for (const row of ordered(outer)) {
        guard.check();
        if (skip > 0) {
          skip--;
          continue;
        }
        yield row;
        if (++produced >= limit) return;
      }
    },
  };
}
