/**
 * A cursor over the tokens of one statement, with the small vocabulary the
 * recursive-descent parser is written in (peek / accept / expect) and the construction
 * of 3000 errors that point at the offending token.
 */
import type { QueryError } from './query-error';
import { syntaxErrorAt, tokenize } from './lexer';
import { TOKEN, type Token } from './tokens';

/** The token cursor of one parse. */
export class TokenStream {
  readonly tokens: Token[];
  #pos = 0;
  /** `?` placeholders seen so far: each one is the next positional parameter. */
  questionMarks = 0;

  constructor(readonly text: string) {
    this.tokens = tokenize(text);
  }

  /** The token `n` ahead of the cursor (EOF past the end). */
  peek(n = 0): Token {
    return this.tokens[Math.min(this.#pos + n, this.tokens.length - 1)]!;
  }

  /** Consumes and returns the current token. */
  next(): Token {
    const t = this.peek();
    if (this.#pos < this.tokens.length - 1) this.#pos++;
    return t;
  }

  /** True at the end of the statement (a trailing `;` counts as the end). */
  atEnd(): boolean {
    const t = this.peek();
    return t.kind === TOKEN.EOF || (t.kind === TOKEN.OP && t.value === ';' && this.peek(1).kind === TOKEN.EOF);
  }

  /** True when the token `n` ahead is one of the keywords. */
  isKeyword(word: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === TOKEN.KEYWORD && t.value === word;
  }

  /** True when the token `n` ahead is the operator. */
  isOp(op: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === TOKEN.OP && t.value === op;
  }

  /** True when the token `n` ahead is an unreserved word spelled `word` (case-insensitive). */
  isWord(word: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === TOKEN.IDENT && t.value.toUpperCase() === word;
  }

  /** Consumes the keyword if it is next. */
  acceptKeyword(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  /** Consumes the operator if it is next. */
  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  /** Consumes the keyword or fails. */
  expectKeyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.error();
    return this.next();
  }

  /** Consumes the operator or fails. */
  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.error();
    return this.next();
  }

  /** True when a name (plain or backquoted) is next. */
  isName(n = 0): boolean {
    const k = this.peek(n).kind;
    return k === TOKEN.IDENT || k === TOKEN.QUOTED_IDENT;
  }

  /** Consumes a name (plain or backquoted) or fails. */
  name(): string {
    if (!this.isName()) throw this.error();
    return this.next().value;
  }

  /** A 3000 error at `token` (default: the current one). */
  error(token: Token = this.peek(), detail?: string): QueryError {
    const at = token.kind === TOKEN.EOF ? 'end of input' : token.text;
    return syntaxErrorAt(this.text, token.line, token.column, token.offset, at, detail);
  }
}
