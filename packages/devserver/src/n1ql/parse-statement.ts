/**
 * The statement parser's entry point. SQL++ is parsed by hand, by recursive descent with
 * Pratt-style expression precedence: the dev cluster takes no runtime dependency (no
 * parser generator), errors point at the exact line, column and token like the real
 * service's "syntax error - line 1, column 8, near '…', at: …", and precedence lives in
 * one table (parse-expression.ts) instead of a grammar file.
 *
 * This file handles the statement level: SELECT / DML dispatch, index DDL, PREPARE,
 * EXECUTE and EXPLAIN.
 */
import type { Expr } from './ast';
import { parseExpr } from './parse-expression';
import { parseDelete, parseInsert, parseUpdate } from './parse-dml';
import { parseKeyspaceRef, parseSelect } from './parse-select';
import type { CreateIndexStatement, DropIndexStatement, KeyspaceRef, Statement } from './statement-ast';
import { TokenStream } from './token-stream';
import { TOKEN } from './tokens';

/** `IF NOT EXISTS` / `IF EXISTS` (IF and EXISTS-less forms are unreserved words). */
function acceptIf(ts: TokenStream, not: boolean): boolean {
  if (!ts.isWord('IF')) return false;
  ts.next();
  if (not) ts.expectKeyword('NOT');
  ts.expectKeyword('EXISTS');
  return true;
}

/** `USING GSI|VIEW|FTS` and `WITH {…}`: accepted, ignored (every index is an online GSI index). */
function skipIndexOptions(ts: TokenStream): void {
  for (;;) {
    if (ts.acceptKeyword('USING')) {
      if (!ts.acceptKeyword('GSI') && !ts.isName()) throw ts.error();
      if (ts.isName()) ts.next();
    } else if (ts.acceptKeyword('WITH')) parseExpr(ts);
    else return;
  }
}

function parseCreateIndex(ts: TokenStream): CreateIndexStatement {
  ts.expectKeyword('CREATE');
  const primary = ts.acceptKeyword('PRIMARY');
  ts.expectKeyword('INDEX');
  let name: string | undefined;
  if (ts.isName() && !ts.isWord('IF')) name = ts.name();
  else if (ts.isWord('IF') && ts.isKeyword('ON', 1)) name = ts.name();
  if (!primary && name === undefined) throw ts.error();
  const ifNotExists = acceptIf(ts, true);
  ts.expectKeyword('ON');
  const keyspace = parseKeyspaceRef(ts);
  const keys: Expr[] = [];
  if (!primary) {
    ts.expectOp('(');
    do {
      // DISTINCT / ALL mark array index keys; the key expression itself is what matters here.
      if (!ts.acceptKeyword('DISTINCT')) ts.acceptKeyword('ALL');
      keys.push(parseExpr(ts));
      if (!ts.acceptKeyword('ASC')) ts.acceptKeyword('DESC');
    } while (ts.acceptOp(','));
    ts.expectOp(')');
  }
  const where = !primary && ts.acceptKeyword('WHERE') ? parseExpr(ts) : undefined;
  skipIndexOptions(ts);
  return { kind: 'create_index', primary, ...(name !== undefined ? { name } : {}), keyspace, keys, ...(where ? { where } : {}), ifNotExists };
}

function parseDropIndex(ts: TokenStream): DropIndexStatement {
  ts.expectKeyword('DROP');
  const primary = ts.acceptKeyword('PRIMARY');
  ts.expectKeyword('INDEX');
  const ifExists = acceptIf(ts, false);
  let name: string | undefined;
  let keyspace: KeyspaceRef;
  if (primary) {
    if (!ts.isKeyword('ON')) name = ts.name();
    ts.expectKeyword('ON');
    keyspace = parseKeyspaceRef(ts);
  } else if (ts.isKeyword('ON', 1)) {
    // DROP INDEX name ON ks
    name = ts.name();
    ts.expectKeyword('ON');
    keyspace = parseKeyspaceRef(ts);
  } else {
    // DROP INDEX [ns:]ks.name
    const start = ts.peek();
    let namespace = 'default';
    if (ts.isName() && ts.isOp(':', 1)) {
      namespace = ts.name().toLowerCase();
      ts.next();
    }
    const ks = ts.name();
    ts.expectOp('.');
    name = ts.name();
    keyspace = { namespace, name: ks, offset: start.offset };
  }
  skipIndexOptions(ts);
  return { kind: 'drop_index', primary, ...(name !== undefined ? { name } : {}), keyspace, ifExists };
}

function parseInner(ts: TokenStream): Statement {
  const t = ts.peek();
  if (t.kind === TOKEN.OP && t.value === '(' && ts.isKeyword('SELECT', 1)) {
    ts.next();
    const s = parseSelect(ts);
    ts.expectOp(')');
    return s;
  }
  if (t.kind !== TOKEN.KEYWORD) throw ts.error(t);
  switch (t.value) {
    case 'SELECT':
      return parseSelect(ts);
    case 'INSERT':
    case 'UPSERT':
      return parseInsert(ts);
    case 'UPDATE':
      return parseUpdate(ts);
    case 'DELETE':
      return parseDelete(ts);
    case 'CREATE':
      return parseCreateIndex(ts);
    case 'DROP':
      return parseDropIndex(ts);
    case 'EXPLAIN':
      ts.next();
      return { kind: 'explain', statement: parseInner(ts) };
    case 'PREPARE':
      return parsePrepare(ts);
    case 'EXECUTE':
      return parseExecute(ts);
    default:
      throw ts.error(t);
  }
}

function parsePrepare(ts: TokenStream): Statement {
  ts.expectKeyword('PREPARE');
  if (ts.isWord('FORCE')) ts.next();
  let name: string | undefined;
  const n = ts.peek();
  if ((ts.isName() || n.kind === TOKEN.STRING) && (ts.isKeyword('FROM', 1) || ts.isKeyword('AS', 1))) {
    name = ts.next().value;
    ts.next();
  }
  const start = ts.peek().offset;
  const statement = parseInner(ts);
  if (statement.kind === 'prepare' || statement.kind === 'execute') throw ts.error(n);
  const text = ts.text.slice(start, ts.peek().offset).trim().replace(/;$/, '').trim();
  return { kind: 'prepare', ...(name !== undefined ? { name } : {}), statement, text };
}

function parseExecute(ts: TokenStream): Statement {
  ts.expectKeyword('EXECUTE');
  const n = ts.peek();
  if (!ts.isName() && n.kind !== TOKEN.STRING) throw ts.error(n);
  const name = ts.next().value;
  const using = ts.acceptKeyword('USING') ? parseExpr(ts) : undefined;
  return { kind: 'execute', name, ...(using ? { using } : {}) };
}

/** Parses one statement; throws a 3000 QueryError on any syntax error. */
export function parseStatement(text: string): Statement {
  const ts = new TokenStream(text);
  if (ts.peek().kind === TOKEN.EOF) throw ts.error(ts.peek(), 'empty statement');
  const statement = parseInner(ts);
  if (!ts.atEnd()) throw ts.error();
  return statement;
}
