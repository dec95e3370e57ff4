/**
 * The input of a SELECT: its FROM term (a keyspace scanned or read by USE KEYS, an
 * expression, a subquery, or nothing), then UNNEST and LET. Rows are produced lazily:
 * a keyspace scan pulls one document at a time from the keyspace's iterator, so a
 * query that stops early (LIMIT) reads only what it needs.
 */
import type { Expr } from './ast';
import { compileExpr, type CompileEnv, type Evaluator } from './compile-expression';
import type { Keyspace } from './datastore';
import { resolveKeyspace, type ExecContext } from './exec-context';
import { chooseIndex } from './index-planner';
import { childScope, type Scope } from './scope';
import type { SelectStatement } from './statement-ast';
import type { Value } from './values';

/** The planned input of a SELECT. */
export interface SourcePlan {
  /** The FROM alias unqualified names read from (none without FROM). */
  readonly implicit?: string;
  /** Aliases `SELECT *` shows: the FROM alias and the UNNEST aliases. */
  readonly starAliases: readonly string[];
  /** Every name this source binds (aliases and LET names). */
  readonly boundNames: readonly string[];
  /** The keyspace alias, when FROM is a keyspace (index matching strips it). */
  readonly keyspaceAlias?: string;
  /** One scope per input row, after FROM, UNNEST and LET. */
  rows(outer: Scope): Iterable<Scope>;
  /** The scope aggregates see when there is no input row at all. */
  empty(outer: Scope): Scope;
}

/** USE KEYS value → the keys it names (a string, or the strings of an array). */
export function keysOf(v: Value): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
}

/** Rows of a keyspace: a full scan (ticking the guard per document) or the USE KEYS documents. */
function* keyspaceRows(ks: Keyspace, alias: string, useKeys: Evaluator | undefined, outer: Scope, ctx: ExecContext): Iterable<Scope> {
  if (useKeys !== undefined) {
    for (const key of keysOf(useKeys(outer))) {
      ctx.guard.tick();
      const doc = ks.get(key);
      if (doc !== undefined) yield childScope(outer, { [alias]: doc.value }, { [alias]: doc.meta }, alias);
    }
    return;
  }
  for (const doc of ks.scan()) {
    ctx.guard.tick();
    yield childScope(outer, { [alias]: doc.value }, { [alias]: doc.meta }, alias);
  }
}

/** Rows of a collection value bound to an alias (expression and subquery terms). */
function* valueRows(value: Value, alias: string, outer: Scope, ctx: ExecContext): Iterable<Scope> {
  if (value === undefined) return;
  for (const v of Array.isArray(value) ? value : [value]) {
    ctx.guard.tick();
    yield childScope(outer, { [alias]: v }, undefined, alias);
  }
}

/** Plans FROM / UNNEST / LET of `q`. */
export function planSource(q: SelectStatement, ctx: ExecContext, env: CompileEnv): SourcePlan {
  const from = q.from;
  let fromRows: (outer: Scope) => Iterable<Scope>;
  let implicit: string | undefined;
  let keyspaceAlias: string | undefined;
  if (from === undefined) {
    fromRows = (outer) => [outer];
  } else if (from.kind === 'keyspace' && !(from.keyspace.namespace === 'default' && ctx.outerNames.has(from.keyspace.name))) {
    const ks = resolveKeyspace(ctx, from.keyspace);
    const alias = from.alias;
    const useKeys = from.useKeys === undefined ? undefined : compileExpr(from.useKeys, env);
    if (useKeys === undefined && from.keyspace.namespace !== 'system') chooseIndex(ctx.catalog, ks.name, alias, q.where);
    fromRows = (outer) => keyspaceRows(ks, alias, useKeys, outer, ctx);
    implicit = alias;
    keyspaceAlias = alias;
  } else {
    // An expression term; a keyspace-looking name bound by an enclosing query is one too.
    const expr: Expr = from.kind === 'keyspace' ? { kind: 'ident', name: from.keyspace.name } : from.kind === 'expression' ? from.expr : { kind: 'subquery', query: from.query };
    const value = compileExpr(expr, env);
    const alias = from.alias;
    fromRows = (outer) => valueRows(value(outer), alias, outer, ctx);
    implicit = alias;
  }
  const unnests = q.unnests.map((u) => ({ ...u, value: compileExpr(u.expr, env) }));
  const lets = q.lets.map((l) => ({ name: l.name, value: compileExpr(l.expr, env) }));
  const starAliases = [...(implicit !== undefined ? [implicit] : []), ...q.unnests.map((u) => u.alias)];

  function* rows(outer: Scope): Iterable<Scope> {
    let input = fromRows(outer);
    for (const u of unnests) input = unnest(input, u.alias, u.value, u.left);
    for (const s of input) {
      if (lets.length === 0) {
        yield s;
        continue;
      }
      // LET names are visible to the LET expressions after them.
      let scope = childScope(s, {});
      for (const l of lets) scope = childScope(scope, { [l.name]: l.value(scope) });
      yield scope;
    }
  }

  return {
    ...(implicit !== undefined ? { implicit } : {}),
    ...(keyspaceAlias !== undefined ? { keyspaceAlias } : {}),
    starAliases,
    boundNames: [...starAliases, ...q.lets.map((l) => l.name)],
    rows,
    empty: (outer) => childScope(outer, Object.fromEntries(starAliases.map((a) => [a, undefined])), undefined, implicit),
  };
}

/** `[LEFT] UNNEST`: one row per element; LEFT keeps a row (alias MISSING) when there is none. */
function* unnest(input: Iterable<Scope>, alias: string, value: Evaluator, left: boolean): Iterable<Scope> {
  for (const s of input) {
    const v = value(s);
    const items = Array.isArray(v) ? v : [];
    if (items.length === 0) {
      if (left) yield childScope(s, { [alias]: undefined });
      continue;
    }
    for (const item of items) yield childScope(s, { [alias]: item });
  }
}
