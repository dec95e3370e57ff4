/**
 * The expression parser: Pratt-style operator precedence over the primaries of
 * parse-primary.ts. Binding powers follow the real grammar's precedence declarations
 * (parser/n1ql/n1ql.y), lowest first: OR, AND, NOT, = / !=, < <= > >=, LIKE, BETWEEN,
 * IN / WITHIN, IS, ||, + -, * / %, unary minus, then . and [] navigation.
 */
import type { BinaryOp, Expr, IsTest } from './ast';
import { parsePrimary } from './parse-primary';
import type { TokenStream } from './token-stream';
import { TOKEN, type Token } from './tokens';

/** Binding powers (higher binds tighter). */
export const BP = {
  OR: 10,
  AND: 20,
  NOT: 30,
  EQUALITY: 40,
  RELATIONAL: 42,
  LIKE: 44,
  BETWEEN: 46,
  IN: 48,
  IS: 50,
  CONCAT: 60,
  ADDITIVE: 70,
  MULTIPLICATIVE: 80,
  UNARY: 90,
  POSTFIX: 100,
} as const;

const SYMBOLIC: Readonly<Record<string, { op: BinaryOp; bp: number }>> = {
  '=': { op: '=', bp: BP.EQUALITY },
  '==': { op: '=', bp: BP.EQUALITY },
  '!=': { op: '!=', bp: BP.EQUALITY },
  '<>': { op: '!=', bp: BP.EQUALITY },
  '<': { op: '<', bp: BP.RELATIONAL },
  '<=': { op: '<=', bp: BP.RELATIONAL },
  '>': { op: '>', bp: BP.RELATIONAL },
  '>=': { op: '>=', bp: BP.RELATIONAL },
  '||': { op: '||', bp: BP.CONCAT },
  '+': { op: '+', bp: BP.ADDITIVE },
  '-': { op: '-', bp: BP.ADDITIVE },
  '*': { op: '*', bp: BP.MULTIPLICATIVE },
  '/': { op: '/', bp: BP.MULTIPLICATIVE },
  '%': { op: '%', bp: BP.MULTIPLICATIVE },
};

/** The binding power of the infix / postfix operator at the cursor (0 when there is none). */
function infixPower(ts: TokenStream): number {
  const t = ts.peek();
  if (t.kind === TOKEN.OP) {
    if (t.value === '.' || t.value === '[') return BP.POSTFIX;
    return SYMBOLIC[t.value]?.bp ?? 0;
  }
  if (t.kind !== TOKEN.KEYWORD) return 0;
  switch (t.value) {
    case 'OR':
      return BP.OR;
    case 'AND':
      return BP.AND;
    case 'LIKE':
      return BP.LIKE;
    case 'BETWEEN':
      return BP.BETWEEN;
    case 'IN':
    case 'WITHIN':
      return BP.IN;
    case 'IS':
      return BP.IS;
    case 'NOT': {
      const n = ts.peek(1);
      if (n.kind !== TOKEN.KEYWORD) return 0;
      return n.value === 'LIKE' ? BP.LIKE : n.value === 'BETWEEN' ? BP.BETWEEN : n.value === 'IN' || n.value === 'WITHIN' ? BP.IN : 0;
    }
    default:
      return 0;
  }
}

/** Parses an expression whose operators all bind tighter than `minBp`. */
export function parseExpr(ts: TokenStream, minBp = 0): Expr {
  let left = parsePrefix(ts);
  for (;;) {
    const bp = infixPower(ts);
    if (bp === 0 || bp <= minBp) return left;
    left = parseInfix(ts, left, bp);
  }
}

function parsePrefix(ts: TokenStream): Expr {
  if (ts.acceptOp('-')) {
    const operand = parseExpr(ts, BP.UNARY);
    // Fold negative number literals so `-1` is a constant (LIMIT, index keys, array positions).
    if (operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value };
    return { kind: 'neg', operand };
  }
  if (ts.acceptOp('+')) return parseExpr(ts, BP.UNARY);
  if (ts.acceptKeyword('NOT')) return { kind: 'not', operand: parseExpr(ts, BP.NOT) };
  if (ts.acceptKeyword('EXISTS')) return { kind: 'exists', operand: parseExpr(ts, BP.IS) };
  return parsePrimary(ts);
}

function parseIsTest(ts: TokenStream, operand: Expr): Expr {
  const not = ts.acceptKeyword('NOT');
  const t: Token = ts.peek();
  let test: IsTest;
  let negate = not;
  if (ts.acceptKeyword('NULL')) test = 'null';
  else if (ts.acceptKeyword('MISSING')) test = 'missing';
  else if (ts.acceptKeyword('VALUED')) test = 'valued';
  else if (ts.isWord('KNOWN')) {
    ts.next();
    test = 'valued';
  } else if (ts.isWord('UNKNOWN')) {
    ts.next();
    test = 'valued';
    negate = !not;
  } else throw ts.error(t);
  return { kind: 'is', operand, test, not: negate };
}

function parseInfix(ts: TokenStream, left: Expr, bp: number): Expr {
  const t = ts.next();
  if (t.kind === TOKEN.OP) {
    if (t.value === '.') return parseDot(ts, left);
    if (t.value === '[') return parseBracket(ts, left);
    const { op } = SYMBOLIC[t.value]!;
    return { kind: 'binary', op, left, right: parseExpr(ts, bp) };
  }
  let not = false;
  let word = t.value;
  if (word === 'NOT') {
    not = true;
    word = ts.next().value;
  }
  switch (word) {
    case 'OR':
      return { kind: 'binary', op: 'or', left, right: parseExpr(ts, bp) };
    case 'AND':
      return { kind: 'binary', op: 'and', left, right: parseExpr(ts, bp) };
    case 'LIKE':
      return { kind: 'like', operand: left, pattern: parseExpr(ts, bp), not };
    case 'BETWEEN': {
      const low = parseExpr(ts, bp);
      ts.expectKeyword('AND');
      return { kind: 'between', operand: left, low, high: parseExpr(ts, bp), not };
    }
    case 'IN':
    case 'WITHIN':
      return { kind: 'in', operand: left, list: parseExpr(ts, bp), not, within: word === 'WITHIN' };
    default:
      return parseIsTest(ts, left);
  }
}

/** After `.`: a field name (reserved words allowed), or `.[expr]` for a computed name. */
function parseDot(ts: TokenStream, target: Expr): Expr {
  const t = ts.peek();
  if (t.kind === TOKEN.IDENT || t.kind === TOKEN.QUOTED_IDENT || t.kind === TOKEN.KEYWORD) {
    ts.next();
    return { kind: 'field', target, name: t.kind === TOKEN.KEYWORD ? t.text : t.value };
  }
  if (ts.acceptOp('[')) {
    const index = parseExpr(ts);
    ts.expectOp(']');
    return { kind: 'element', target, index };
  }
  throw ts.error(t);
}

/** After `[`: an element `a[i]`, a computed field `a["f"]`, or a slice `a[i:j]` / `a[i:]`. */
function parseBracket(ts: TokenStream, target: Expr): Expr {
  const index = parseExpr(ts);
  if (ts.acceptOp(':')) {
    const end = ts.isOp(']') ? undefined : parseExpr(ts);
    ts.expectOp(']');
    return end === undefined ? { kind: 'slice', target, start: index } : { kind: 'slice', target, start: index, end };
  }
  ts.expectOp(']');
  return { kind: 'element', target, index };
}
