/**
 * A hand-written lexer for SQL++. The engine has no parser-generator dependency (the dev
 * cluster must stay dependency-free at run time), and doing it by hand gives every token
 * its exact line and column, which the 3000 syntax errors report.
 */
import { QueryError } from './query-error';
import { KEYWORDS, OPERATORS, TOKEN, type Token, type TokenKind } from './tokens';

const isIdentStart = (c: string): boolean => /[A-Za-z_]/.test(c) || c > '\u007f';
const isIdentPart = (c: string): boolean => /[A-Za-z0-9_]/.test(c) || c > '\u007f';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Single-character escapes of string literals (JSON's, which SQL++ uses). */
const ESCAPES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '\\': '\\', '/': '/', '`': '`', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Up to 20 characters of statement text before `offset`, as the real "near '…'" context. */
export function contextBefore(text: string, offset: number): string {
  return text.slice(Math.max(0, offset - 20), offset).trim();
}

/** A 3000 error pointing at a place in the statement. */
export function syntaxErrorAt(text: string, line: number, column: number, offset: number, at: string, detail?: string): QueryError {
  const near = contextBefore(text, offset);
  const where = near.length > 0 ? `line ${line}, column ${column}, near '${near}', at: ${at}` : `line ${line}, column ${column}, at: ${at}`;
  return new QueryError('SYNTAX', `syntax error - ${where}${detail !== undefined ? ` (${detail})` : ''}`);
}

/** Splits a statement into tokens; the last one is always EOF. Throws 3000 on bad input. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (at: number, what: string, detail: string): never => {
    throw syntaxErrorAt(text, line, at - lineStart + 1, at, what, detail);
  };
  const push = (kind: TokenKind, value: string, start: number, startLine: number, startCol: number): void => {
    tokens.push({ kind, value, text: text.slice(start, i), offset: start, line: startLine, column: startCol });
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) fail(i, '/*', 'unterminated comment');
      for (let j = i; j < end; j++) {
        if (text[j] === '\n') {
          line++;
          lineStart = j + 1;
        }
      }
      i = end + 2;
      continue;
    }
    const start = i;
    const startLine = line;
    const startCol = i - lineStart + 1;
    if (isIdentStart(c)) {
      while (i < text.length && isIdentPart(text[i]!)) i++;
      const word = text.slice(start, i);
      const upper = word.toUpperCase();
      push(KEYWORDS.has(upper) ? TOKEN.KEYWORD : TOKEN.IDENT, KEYWORDS.has(upper) ? upper : word, start, startLine, startCol);
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[i + 1]))) {
      while (isDigit(text[i])) i++;
      if (text[i] === '.' && isDigit(text[i + 1])) {
        i++;
        while (isDigit(text[i])) i++;
      } else if (text[i] === '.' && !isIdentStart(text[i + 1] ?? ' ')) {
        i++; // "1." is a number; "a[1].b" is not reached here because "]" precedes the dot
      }
      if (text[i] === 'e' || text[i] === 'E') {
        const save = i;
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        if (!isDigit(text[i])) i = save;
        else while (isDigit(text[i])) i++;
      }
      push(TOKEN.NUMBER, text.slice(start, i), start, startLine, startCol);
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) fail(start, text.slice(start, start + 20), c === '`' ? 'unterminated quoted identifier' : 'unterminated string');
        const d = text[i]!;
        if (d === c) {
          // A doubled quote stands for itself.
          if (text[i + 1] === c) {
            value += c;
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (d === '\\' && c !== '`') {
          const e = text[i + 1];
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          const mapped = e === undefined ? undefined : ESCAPES[e];
          if (mapped === undefined) fail(i, text.slice(i, i + 2), 'invalid escape sequence');
          value += mapped;
          i += 2;
          continue;
        }
        if (d === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += d;
        i++;
      }
      push(c === '`' ? TOKEN.QUOTED_IDENT : TOKEN.STRING, value, start, startLine, startCol);
      continue;
    }
    if (c === '$') {
      i++;
      while (i < text.length && isIdentPart(text[i]!)) i++;
      if (i === start + 1) fail(start, '$', 'parameter name expected');
      push(TOKEN.PARAM, text.slice(start + 1, i), start, startLine, startCol);
      continue;
    }
    if (c === '?') {
      i++;
      push(TOKEN.QUESTION, '?', start, startLine, startCol);
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op === undefined) fail(start, c, 'unexpected character');
    i += op!.length;
    push(TOKEN.OP, op!, start, startLine, startCol);
  }
  tokens.push({ kind: TOKEN.EOF, value: '', text: '', offset: text.length, line, column: text.length - lineStart + 1 });
  return tokens;
}
