/**
 * Primary expressions: literals, names, parameters, constructors, function calls, CASE,
 * the collection operators (ANY / EVERY / ARRAY … FOR / FIRST … FOR) and parenthesised
 * expressions or subqueries. Function names and argument counts are checked here, so a
 * misspelt function is a 3000 error pointing at it, as on a real server.
 */
import { implicitName, type CollectionBinding, type Expr } from './ast';
import { isAggregate, scalarFunction } from './function-registry';
import { parseExpr } from './parse-expression';
import { parseSelect } from './parse-select';
import { QueryError } from './query-error';
import type { TokenStream } from './token-stream';
import { TOKEN, type Token } from './tokens';

/** Parses one primary expression. */
export function parsePrimary(ts: TokenStream): Expr {
  const t = ts.peek();
  switch (t.kind) {
    case TOKEN.NUMBER:
      ts.next();
      return { kind: 'literal', value: Number(t.value) };
    case TOKEN.STRING:
      ts.next();
      return { kind: 'literal', value: t.value };
    case TOKEN.PARAM:
      ts.next();
      return /^\d+$/.test(t.value) ? { kind: 'param', name: t.value, position: Number(t.value) } : { kind: 'param', name: t.value };
    case TOKEN.QUESTION: {
      ts.next();
      const position = ++ts.questionMarks;
      return { kind: 'param', name: String(position), position };
    }
    case TOKEN.IDENT:
      ts.next();
      return ts.isOp('(') ? parseCall(ts, t) : { kind: 'ident', name: t.value };
    case TOKEN.QUOTED_IDENT:
      ts.next();
      return { kind: 'ident', name: t.value };
    case TOKEN.KEYWORD:
      return parseKeywordPrimary(ts, t);
    case TOKEN.OP:
      if (t.value === '(') return parseParenthesised(ts);
      if (t.value === '[') return parseArray(ts);
      if (t.value === '{') return parseObject(ts);
      throw ts.error(t);
    default:
      throw ts.error(t);
  }
}

function parseKeywordPrimary(ts: TokenStream, t: Token): Expr {
  switch (t.value) {
    case 'TRUE':
      ts.next();
      return { kind: 'literal', value: true };
    case 'FALSE':
      ts.next();
      return { kind: 'literal', value: false };
    case 'NULL':
      ts.next();
      return { kind: 'literal', value: null };
    case 'MISSING':
      ts.next();
      return { kind: 'literal', value: undefined };
    case 'CASE':
      ts.next();
      return parseCase(ts);
    case 'ANY':
    case 'SOME':
    case 'EVERY':
      ts.next();
      return parseQuantified(ts, t.value);
    case 'ARRAY':
    case 'FIRST':
      ts.next();
      return parseComprehension(ts, t.value === 'ARRAY' ? 'array' : 'first');
    default:
      throw ts.error(t);
  }
}

function parseParenthesised(ts: TokenStream): Expr {
  ts.expectOp('(');
  if (ts.isKeyword('SELECT')) {
    const query = parseSelect(ts);
    ts.expectOp(')');
    return { kind: 'subquery', query };
  }
  const e = parseExpr(ts);
  ts.expectOp(')');
  return e;
}

function parseArray(ts: TokenStream): Expr {
  ts.expectOp('[');
  const items: Expr[] = [];
  if (!ts.isOp(']')) {
    do items.push(parseExpr(ts));
    while (ts.acceptOp(','));
  }
  ts.expectOp(']');
  return { kind: 'array', items };
}

function parseObject(ts: TokenStream): Expr {
  ts.expectOp('{');
  const entries: { key: Expr; value: Expr }[] = [];
  if (!ts.isOp('}')) {
    do {
      const start = ts.peek();
      const key = parseExpr(ts);
      if (ts.acceptOp(':')) {
        entries.push({ key, value: parseExpr(ts) });
      } else {
        // `{name, a.b}`: each entry is named after its expression, as in a projection.
        const name = implicitName(key);
        if (name === undefined) throw ts.error(start, 'object member needs a name');
        entries.push({ key: { kind: 'literal', value: name }, value: key });
      }
    } while (ts.acceptOp(','));
  }
  ts.expectOp('}');
  return { kind: 'object', entries };
}

function parseCase(ts: TokenStream): Expr {
  const subject = ts.isKeyword('WHEN') ? undefined : parseExpr(ts);
  const whens: { when: Expr; then: Expr }[] = [];
  while (ts.acceptKeyword('WHEN')) {
    const when = parseExpr(ts);
    ts.expectKeyword('THEN');
    whens.push({ when, then: parseExpr(ts) });
  }
  if (whens.length === 0) throw ts.error();
  const otherwise = ts.acceptKeyword('ELSE') ? parseExpr(ts) : undefined;
  ts.expectKeyword('END');
  return { kind: 'case', ...(subject ? { subject } : {}), whens, ...(otherwise ? { otherwise } : {}) };
}

/** `[name:]var IN|WITHIN expr [, …]`. */
function parseBindings(ts: TokenStream): CollectionBinding[] {
  const out: CollectionBinding[] = [];
  do {
    let variable = ts.name();
    let nameVariable: string | undefined;
    if (ts.acceptOp(':')) {
      nameVariable = variable;
      variable = ts.name();
    }
    let within = false;
    if (ts.acceptKeyword('WITHIN')) within = true;
    else ts.expectKeyword('IN');
    const expr = parseExpr(ts);
    out.push({ variable, ...(nameVariable !== undefined ? { nameVariable } : {}), expr, within });
  } while (ts.acceptOp(','));
  return out;
}

function parseQuantified(ts: TokenStream, word: string): Expr {
  let quantifier: 'any' | 'every' | 'any_every' = word === 'EVERY' ? 'every' : 'any';
  if (quantifier === 'any' && ts.isKeyword('AND') && ts.isKeyword('EVERY', 1)) {
    ts.next();
    ts.next();
    quantifier = 'any_every';
  }
  const bindings = parseBindings(ts);
  ts.expectKeyword('SATISFIES');
  const satisfies = parseExpr(ts);
  ts.expectKeyword('END');
  return { kind: 'quantified', quantifier, bindings, satisfies };
}

function parseComprehension(ts: TokenStream, form: 'array' | 'first'): Expr {
  const mapping = parseExpr(ts);
  ts.expectKeyword('FOR');
  const bindings = parseBindings(ts);
  const when = ts.acceptKeyword('WHEN') ? parseExpr(ts) : undefined;
  ts.expectKeyword('END');
  return { kind: 'comprehension', form, mapping, bindings, ...(when ? { when } : {}) };
}

function functionError(ts: TokenStream, t: Token, message: string): QueryError {
  return new QueryError('SYNTAX', `${message} (near line ${t.line}, column ${t.column}).`);
}

/** `name(args)`, `COUNT(*)`, `agg(DISTINCT x)`; `t` is the name token (already consumed). */
function parseCall(ts: TokenStream, t: Token): Expr {
  const name = t.value.toLowerCase();
  ts.expectOp('(');
  const aggregate = isAggregate(name);
  if (aggregate && name === 'count' && ts.isOp('*') && ts.isOp(')', 1)) {
    ts.next();
    ts.next();
    return { kind: 'call', name, args: [], distinct: false, star: true };
  }
  let distinct = false;
  if (aggregate) {
    if (ts.acceptKeyword('DISTINCT')) distinct = true;
    else ts.acceptKeyword('ALL');
  }
  const args: Expr[] = [];
  if (!ts.isOp(')')) {
    do args.push(parseExpr(ts));
    while (ts.acceptOp(','));
  }
  ts.expectOp(')');
  const upper = name.toUpperCase();
  if (aggregate) {
    if (args.length !== 1) throw functionError(ts, t, `Number of arguments to function ${upper} must be 1`);
  } else if (name === 'meta') {
    if (args.length > 1) throw functionError(ts, t, 'Number of arguments to function META must be between 0 and 1');
    if (args.length === 1 && args[0]!.kind !== 'ident') throw functionError(ts, t, 'META() takes a keyspace alias');
  } else {
    const fn = scalarFunction(name);
    if (fn === undefined) throw functionError(ts, t, `Invalid function ${t.value}`);
    if (args.length < fn.minArgs || args.length > fn.maxArgs) {
      const range = fn.minArgs === fn.maxArgs ? `${fn.minArgs}` : fn.maxArgs === Infinity ? `at least ${fn.minArgs}` : `between ${fn.minArgs} and ${fn.maxArgs}`;
      throw functionError(ts, t, `Number of arguments to function ${upper} must be ${range}`);
    }
  }
  return { kind: 'call', name, args, distinct, star: false };
}
