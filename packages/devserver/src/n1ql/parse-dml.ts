/**
 * INSERT, UPSERT, UPDATE and DELETE statements.
 */
import type { Expr } from './ast';
import { BP, parseExpr } from './parse-expression';
import { parseAlias, parseKeyspaceRef, parseProjection, parseSelect, parseUseClause } from './parse-select';
import type { DeleteStatement, InsertStatement, Returning, UpdateStatement } from './statement-ast';
import type { TokenStream } from './token-stream';

function parseReturning(ts: TokenStream): Returning | undefined {
  return ts.acceptKeyword('RETURNING') ? parseProjection(ts) : undefined;
}

/** `(k, v[, options])` of a VALUES list. */
function parseValuesRow(ts: TokenStream): { key: Expr; value: Expr; options?: Expr } {
  ts.expectOp('(');
  const key = parseExpr(ts);
  ts.expectOp(',');
  const value = parseExpr(ts);
  const options = ts.acceptOp(',') ? parseExpr(ts) : undefined;
  ts.expectOp(')');
  return options === undefined ? { key, value } : { key, value, options };
}

/** INSERT / UPSERT (the cursor is on the verb). */
export function parseInsert(ts: TokenStream): InsertStatement {
  const kind = ts.next().value === 'INSERT' ? 'insert' : 'upsert';
  ts.expectKeyword('INTO');
  const keyspace = parseKeyspaceRef(ts);
  const alias = parseAlias(ts) ?? keyspace.name;
  ts.expectOp('(');
  ts.expectKeyword('KEY');
  if (ts.acceptOp(',')) {
    // (KEY, VALUE[, OPTIONS]) VALUES (k, v), …
    ts.expectKeyword('VALUE');
    if (ts.acceptOp(',')) {
      if (!ts.isWord('OPTIONS')) throw ts.error();
      ts.next();
    }
    ts.expectOp(')');
    ts.expectKeyword('VALUES');
    const values = [parseValuesRow(ts)];
    while (ts.acceptOp(',')) {
      ts.acceptKeyword('VALUES');
      values.push(parseValuesRow(ts));
    }
    const returning = parseReturning(ts);
    return { kind, keyspace, alias, values, ...(returning ? { returning } : {}) };
  }
  // (KEY k[, VALUE v][, OPTIONS o]) SELECT …
  const key = parseExpr(ts);
  let value: Expr | undefined;
  if (ts.acceptOp(',')) {
    if (ts.acceptKeyword('VALUE')) value = parseExpr(ts);
    else if (ts.isWord('OPTIONS')) {
      ts.next();
      parseExpr(ts);
    } else throw ts.error();
    if (ts.acceptOp(',')) {
      if (!ts.isWord('OPTIONS')) throw ts.error();
      ts.next();
      parseExpr(ts);
    }
  }
  ts.expectOp(')');
  const query = parseSelect(ts);
  const returning = parseReturning(ts);
  return { kind, keyspace, alias, select: { key, ...(value ? { value } : {}), query }, ...(returning ? { returning } : {}) };
}

/** UPDATE (the cursor is on UPDATE). */
export function parseUpdate(ts: TokenStream): UpdateStatement {
  ts.expectKeyword('UPDATE');
  const keyspace = parseKeyspaceRef(ts);
  const alias = parseAlias(ts) ?? keyspace.name;
  const useKeys = parseUseClause(ts);
  const set: { path: Expr; value: Expr }[] = [];
  const unset: Expr[] = [];
  if (ts.acceptKeyword('SET')) {
    do {
      // The path binds tighter than `=`, so `a.b = 1` splits at the `=`.
      const path = parseExpr(ts, BP.EQUALITY);
      ts.expectOp('=');
      set.push({ path, value: parseExpr(ts) });
    } while (ts.acceptOp(','));
  }
  if (ts.acceptKeyword('UNSET')) {
    do unset.push(parseExpr(ts));
    while (ts.acceptOp(','));
  }
  if (set.length === 0 && unset.length === 0) throw ts.error();
  const where = ts.acceptKeyword('WHERE') ? parseExpr(ts) : undefined;
  const limit = ts.acceptKeyword('LIMIT') ? parseExpr(ts) : undefined;
  const returning = parseReturning(ts);
  return {
    kind: 'update',
    keyspace,
    alias,
    ...(useKeys ? { useKeys } : {}),
    set,
    unset,
    ...(where ? { where } : {}),
    ...(limit ? { limit } : {}),
    ...(returning ? { returning } : {}),
  };
}

/** DELETE (the cursor is on DELETE). */
export function parseDelete(ts: TokenStream): DeleteStatement {
  ts.expectKeyword('DELETE');
  ts.expectKeyword('FROM');
  const keyspace = parseKeyspaceRef(ts);
  const alias = parseAlias(ts) ?? keyspace.name;
  const useKeys = parseUseClause(ts);
  const where = ts.acceptKeyword('WHERE') ? parseExpr(ts) : undefined;
  const limit = ts.acceptKeyword('LIMIT') ? parseExpr(ts) : undefined;
  const returning = parseReturning(ts);
  return {
    kind: 'delete',
    keyspace,
    alias,
    ...(useKeys ? { useKeys } : {}),
    ...(where ? { where } : {}),
    ...(limit ? { limit } : {}),
    ...(returning ? { returning } : {}),
  };
}
