/**
 * The token vocabulary of SQL++: token kinds and the reserved words the grammar uses.
 * Reserved words are case-insensitive and need backquotes to be used as names (as on a
 * real server); words that only name functions (LOWER, COUNT, META…) are not reserved.
 */

/** Kinds of token the lexer produces. */
export const TOKEN = {
  /** An unquoted name that is not a reserved word. */
  IDENT: 'ident',
  /** A backquoted name: `` `travel-sample` ``. */
  QUOTED_IDENT: 'quoted_ident',
  /** A reserved word; `value` holds it upper-cased. */
  KEYWORD: 'keyword',
  NUMBER: 'number',
  STRING: 'string',
  /** `$1` (positional) or `$name` (named). */
  PARAM: 'param',
  /** `?`: the next positional parameter. */
  QUESTION: 'question',
  /** Punctuation and operators. */
  OP: 'op',
  EOF: 'eof',
} as const;

/** One of {@link TOKEN}'s values. */
export type TokenKind = (typeof TOKEN)[keyof typeof TOKEN];

/** A token with its place in the statement text. */
export interface Token {
  readonly kind: TokenKind;
  /** Keyword upper-cased, name / string contents unescaped, operator text, number source text. */
  readonly value: string;
  /** The source text of the token, as written. */
  readonly text: string;
  /** Offset of the first character in the statement. */
  readonly offset: number;
  /** 1-based line of the first character. */
  readonly line: number;
  /** 1-based column of the first character. */
  readonly column: number;
}

/** Reserved words (a subset of the real list: the ones this grammar uses plus clause starters it rejects). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'ALL', 'AND', 'ANY', 'ARRAY', 'AS', 'ASC', 'BETWEEN', 'BY', 'CASE', 'CREATE', 'DELETE', 'DESC',
  'DISTINCT', 'DROP', 'ELEMENT', 'ELSE', 'END', 'EVERY', 'EXCEPT', 'EXECUTE', 'EXISTS', 'EXPLAIN',
  'FALSE', 'FIRST', 'FOR', 'FROM', 'GROUP', 'GSI', 'HAVING', 'IN', 'INDEX', 'INNER', 'INSERT',
  'INTERSECT', 'INTO', 'IS', 'JOIN', 'KEY', 'KEYS', 'LAST', 'LEFT', 'LET', 'LETTING', 'LIKE',
  'LIMIT', 'MERGE', 'MISSING', 'NEST', 'NOT', 'NULL', 'NULLS', 'OFFSET', 'ON', 'OR', 'ORDER',
  'OUTER', 'PREPARE', 'PRIMARY', 'RAW', 'RETURNING', 'SATISFIES', 'SELECT', 'SET', 'SOME', 'THEN',
  'TRUE', 'UNION', 'UNNEST', 'UNSET', 'UPDATE', 'UPSERT', 'USE', 'USING', 'VALUE', 'VALUED',
  'VALUES', 'WHEN', 'WHERE', 'WITH', 'WITHIN',
]);

/** Multi-character operators, longest first so the lexer can match greedily. */
export const OPERATORS = ['||', '==', '!=', '<>', '<=', '>=', '+', '-', '*', '/', '%', '=', '<', '>', '(', ')', '[', ']', '{', '}', ',', '.', ':', ';'] as const;
