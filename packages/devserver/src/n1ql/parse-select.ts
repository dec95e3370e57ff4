/**
 * SELECT statements (top level and subqueries), and the pieces DML statements share with
 * them: keyspace references, aliases, projections and RETURNING clauses.
 */
import { implicitName, type Expr } from './ast';
import { parseExpr } from './parse-expression';
import type { FromTerm, KeyspaceRef, LetBinding, OrderTerm, ResultTerm, Returning, SelectStatement, UnnestTerm } from './statement-ast';
import type { TokenStream } from './token-stream';
import { TOKEN } from './tokens';

/** Namespaces a keyspace may be prefixed with. */
const NAMESPACES = ['default', 'system'] as const;

/** `[AS] alias`, or undefined when no alias follows. */
export function parseAlias(ts: TokenStream): string | undefined {
  if (ts.acceptKeyword('AS')) return ts.name();
  return ts.isName() ? ts.name() : undefined;
}

/**
 * A keyspace reference: `ks`, `` `travel-sample` ``, `default:ks`, `system:indexes`,
 * and `ks._default._default` (the default collection is the bucket itself).
 */
export function parseKeyspaceRef(ts: TokenStream): KeyspaceRef {
  const start = ts.peek();
  let namespace = 'default';
  if (ts.isName() && ts.isOp(':', 1)) {
    const ns = ts.name().toLowerCase();
    if (!(NAMESPACES as readonly string[]).includes(ns)) throw ts.error(start, `unknown namespace ${ns}`);
    namespace = ns;
    ts.next();
  }
  const parts = [ts.name()];
  while (ts.isOp('.') && ts.isName(1)) {
    ts.next();
    parts.push(ts.name());
  }
  if (parts.length === 3 && parts[1] === '_default' && parts[2] === '_default') parts.length = 1;
  if (parts.length !== 1) throw ts.error(start, 'only default collections are supported');
  return { namespace, name: parts[0]!, offset: start.offset };
}

/** True when `name(.name)*.*` follows (a `path.*` result term). */
function starPathAhead(ts: TokenStream): number {
  if (!ts.isName()) return 0;
  let i = 0;
  while (ts.isOp('.', i + 1) && ts.isName(i + 2)) i += 2;
  return ts.isOp('.', i + 1) && ts.isOp('*', i + 2) ? i + 1 : 0;
}

/** One result term of a projection or RETURNING clause. */
function parseResultTerm(ts: TokenStream): ResultTerm {
  if (ts.acceptOp('*')) return { kind: 'star' };
  const names = starPathAhead(ts);
  if (names > 0) {
    let path: Expr = { kind: 'ident', name: ts.name() };
    while (ts.isOp('.') && ts.isName(1)) {
      ts.next();
      path = { kind: 'field', target: path, name: ts.name() };
    }
    ts.expectOp('.');
    ts.expectOp('*');
    return { kind: 'star', path };
  }
  const expr = parseExpr(ts);
  const alias = parseAlias(ts);
  return alias === undefined ? { kind: 'expr', expr } : { kind: 'expr', expr, alias };
}

/** `[RAW|VALUE|ELEMENT] term, …` of a SELECT or RETURNING. */
export function parseProjection(ts: TokenStream): Returning {
  const raw = ts.acceptKeyword('RAW') || ts.acceptKeyword('VALUE') || ts.acceptKeyword('ELEMENT');
  if (raw) {
    const start = ts.peek();
    const term = parseResultTerm(ts);
    if (term.kind !== 'expr') throw ts.error(start);
    return { raw, terms: [{ kind: 'expr', expr: term.expr }] };
  }
  const terms: ResultTerm[] = [];
  do terms.push(parseResultTerm(ts));
  while (ts.acceptOp(','));
  return { raw, terms };
}

/** `USE [PRIMARY] KEYS expr` and `USE INDEX (…)` (index hints are accepted and ignored). */
export function parseUseClause(ts: TokenStream): Expr | undefined {
  let keys: Expr | undefined;
  while (ts.isKeyword('USE')) {
    ts.next();
    if (ts.acceptKeyword('INDEX')) {
      ts.expectOp('(');
      let depth = 1;
      while (depth > 0) {
        const t = ts.next();
        if (t.kind === TOKEN.EOF) throw ts.error(t);
        if (t.kind === TOKEN.OP && t.value === '(') depth++;
        if (t.kind === TOKEN.OP && t.value === ')') depth--;
      }
      continue;
    }
    ts.acceptKeyword('PRIMARY');
    ts.expectKeyword('KEYS');
    keys = parseExpr(ts);
  }
  return keys;
}

function parseFromTerm(ts: TokenStream): FromTerm {
  const start = ts.peek();
  if (ts.isOp('(') && ts.isKeyword('SELECT', 1)) {
    ts.next();
    const query = parseSelect(ts);
    ts.expectOp(')');
    const alias = parseAlias(ts);
    if (alias === undefined) throw ts.error(ts.peek(), 'a subquery in FROM needs an alias');
    return { kind: 'subquery', query, alias };
  }
  const defaultCollection = ts.isOp('.', 1) && ts.peek(2).value === '_default' && ts.isOp('.', 3) && ts.peek(4).value === '_default';
  const pathLike = ts.isName() && (ts.isOp(':', 1) || !ts.isOp('.', 1) || defaultCollection);
  if (pathLike) {
    const keyspace = parseKeyspaceRef(ts);
    const alias = parseAlias(ts) ?? keyspace.name;
    const useKeys = parseUseClause(ts);
    return useKeys === undefined ? { kind: 'keyspace', keyspace, alias } : { kind: 'keyspace', keyspace, alias, useKeys };
  }
  // Anything else is an expression term: `t.items AS i`, `[1, 2] AS x`, `$list AS x`.
  const expr = parseExpr(ts);
  const alias = parseAlias(ts) ?? implicitName(expr);
  if (alias === undefined) throw ts.error(start, 'an expression in FROM needs an alias');
  return { kind: 'expression', expr, alias };
}

function parseUnnests(ts: TokenStream): UnnestTerm[] {
  const out: UnnestTerm[] = [];
  for (;;) {
    const start = ts.peek();
    let left = false;
    if (ts.isKeyword('LEFT')) {
      ts.next();
      ts.acceptKeyword('OUTER');
      left = true;
    } else if (ts.isKeyword('INNER')) ts.next();
    if (!ts.acceptKeyword('UNNEST')) {
      if (start !== ts.peek()) throw ts.error(ts.peek(), 'only UNNEST is supported after INNER / LEFT');
      if (ts.isKeyword('JOIN') || ts.isKeyword('NEST')) throw ts.error(ts.peek(), `${ts.peek().value} is not supported by the dev cluster`);
      return out;
    }
    const exprStart = ts.peek();
    const expr = parseExpr(ts);
    const alias = parseAlias(ts) ?? implicitName(expr);
    if (alias === undefined) throw ts.error(exprStart, 'UNNEST of an expression needs an alias');
    out.push({ left, expr, alias });
  }
}

/** `name = expr, …` of LET / LETTING. */
function parseBindings(ts: TokenStream): LetBinding[] {
  const out: LetBinding[] = [];
  do {
    const name = ts.name();
    ts.expectOp('=');
    out.push({ name, expr: parseExpr(ts) });
  } while (ts.acceptOp(','));
  return out;
}

function parseOrderBy(ts: TokenStream): OrderTerm[] {
  const out: OrderTerm[] = [];
  do {
    const expr = parseExpr(ts);
    const desc = ts.acceptKeyword('DESC') ? true : (ts.acceptKeyword('ASC'), false);
    let nullsFirst: boolean | undefined;
    if (ts.acceptKeyword('NULLS')) {
      if (ts.acceptKeyword('FIRST')) nullsFirst = true;
      else {
        ts.expectKeyword('LAST');
        nullsFirst = false;
      }
    }
    out.push(nullsFirst === undefined ? { expr, desc } : { expr, desc, nullsFirst });
  } while (ts.acceptOp(','));
  return out;
}

/** A SELECT statement (the cursor is on SELECT). */
export function parseSelect(ts: TokenStream): SelectStatement {
  ts.expectKeyword('SELECT');
  const distinct = ts.acceptKeyword('DISTINCT') || (ts.acceptKeyword('ALL'), false);
  const { raw, terms } = parseProjection(ts);
  let from: FromTerm | undefined;
  let unnests: UnnestTerm[] = [];
  if (ts.acceptKeyword('FROM')) {
    from = parseFromTerm(ts);
    unnests = parseUnnests(ts);
  }
  const lets = ts.acceptKeyword('LET') ? parseBindings(ts) : [];
  const where = ts.acceptKeyword('WHERE') ? parseExpr(ts) : undefined;
  let groupBy: Expr[] | undefined;
  let letting: LetBinding[] = [];
  let having: Expr | undefined;
  if (ts.acceptKeyword('GROUP')) {
    ts.expectKeyword('BY');
    groupBy = [];
    do groupBy.push(parseExpr(ts));
    while (ts.acceptOp(','));
    if (ts.acceptKeyword('LETTING')) letting = parseBindings(ts);
  }
  if (ts.acceptKeyword('HAVING')) having = parseExpr(ts);
  let orderBy: OrderTerm[] = [];
  if (ts.acceptKeyword('ORDER')) {
    ts.expectKeyword('BY');
    orderBy = parseOrderBy(ts);
  }
  let limit: Expr | undefined;
  let offset: Expr | undefined;
  for (;;) {
    if (limit === undefined && ts.acceptKeyword('LIMIT')) limit = parseExpr(ts);
    else if (offset === undefined && ts.acceptKeyword('OFFSET')) offset = parseExpr(ts);
    else break;
  }
  return {
    kind: 'select',
    distinct,
    raw,
    projection: terms,
    ...(from ? { from } : {}),
    unnests,
    lets,
    ...(where ? { where } : {}),
    ...(groupBy ? { groupBy } : {}),
    letting,
    ...(having ? { having } : {}),
    orderBy,
    ...(limit ? { limit } : {}),
    ...(offset ? { offset } : {}),
  };
}
