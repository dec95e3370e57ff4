/**
 * String functions (expression/func_str.go). Positions are 0-based (SUBSTR, POSITION) and
 * lengths count UTF-16 code units, which equals the real byte count for ASCII text.
 */
import { createContext, Script } from 'node:vm';
import { def, isInteger, isNumber, isString, strict, stringFn, type FunctionTable } from './function-types';
import { QueryError } from './query-error';
import type { Value } from './values';

/** Longest string REPEAT builds: the real service's 20 MiB result-size limit (without a memory quota). */
const MAX_REPEAT_LENGTH = 20 * 1024 * 1024;
/** Time one regular-expression match may take before the statement fails (ms). */
const REGEXP_BUDGET_MS = 1000;

/** Characters TRIM / LTRIM / RTRIM remove by default (func_str.go _WHITESPACE). */
const WHITESPACE = ' \t\n\f\r';

function trimStart(s: string, chars: string): string {
  let i = 0;
  while (i < s.length && chars.includes(s[i]!)) i++;
  return s.slice(i);
}

function trimEnd(s: string, chars: string): string {
  let i = s.length;
  while (i > 0 && chars.includes(s[i - 1]!)) i--;
  return s.slice(0, i);
}

/** A TRIM-like function: string plus an optional string of characters to remove. */
function trimmer(f: (s: string, chars: string) => string) {
  return def(1, 2, 'string', (a) => strict(a, isString, () => f(a[0] as string, (a[1] as string | undefined) ?? WHITESPACE)));
}

/** SUBSTR(str, pos[, len]): 0-based, negative positions count from the end, out of range is NULL. */
function substr(a: readonly Value[]): Value {
  return strict(a, (v, i) => (i === 0 ? isString(v) : isInteger(v)), () => {
    const s = a[0] as string;
    let pos = a[1] as number;
    if (pos < 0) pos = s.length + pos;
    if (pos < 0 || pos >= s.length) return null;
    if (a.length === 2) return s.slice(pos);
    const len = a[2] as number;
    if (len < 0) return null;
    return s.slice(pos, pos + len);
  });
}

/** Go's strings.Replace: the first n occurrences (all when n < 0); an empty `from` matches before every character and at the end. */
function replaceN(s: string, from: string, to: string, n: number): string {
  if (from === '') {
    const chars = Array.from(s);
    let out = '';
    let count = 0;
    for (let i = 0; i <= chars.length; i++) {
      if (n < 0 || count < n) {
        out += to;
        count++;
      }
      if (i < chars.length) out += chars[i];
    }
    return out;
  }
  if (n < 0) return s.split(from).join(to);
  let out = '';
  let rest = s;
  for (let k = 0; k < n; k++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + from.length);
  }
  return out + rest;
}

/** REPLACE(s, from, to[, n]). */
function replace(a: readonly Value[]): Value {
  return strict(a, (v, i) => (i < 3 ? isString(v) : isInteger(v)), () =>
    replaceN(a[0] as string, a[1] as string, a[2] as string, a.length > 3 ? (a[3] as number) : -1),
  );
}

/** SPLIT(s[, sep]): on runs of whitespace without a separator, per character with "". */
function split(a: readonly Value[]): Value {
  return strict(a, isString, () => {
    const s = a[0] as string;
    if (a.length === 1) return s.split(/\s+/).filter((x) => x !== '');
    const sep = a[1] as string;
    return sep === '' ? Array.from(s) : s.split(sep);
  });
}

/** Go's strings.Title: upper-cases each letter that follows a non-word character. */
function title(s: string): string {
  let out = '';
  let prevWord = false;
  for (const ch of s.toLowerCase()) {
    // Go's isSeparator: ASCII alphanumerics and '_' continue a word; beyond ASCII only spaces separate.
    const word = ch.charCodeAt(0) < 0x80 ? /[A-Za-z0-9_]/.test(ch) : !/\s/u.test(ch);
    out += word && !prevWord ? ch.toUpperCase() : ch;
    prevWord = word;
  }
  return out;
}

/** The string functions by name. */
export const STRING_FUNCTIONS: FunctionTable = {
  lower: stringFn('string', (s) => s.toLowerCase()),
  upper: stringFn('string', (s) => s.toUpperCase()),
  length: stringFn('number', (s) => s.length),
  reverse: stringFn('string', (s) => Array.from(s).reverse().join('')),
  initcap: stringFn('string', title),
  title: stringFn('string', title),
  substr: def(2, 3, 'string', substr),
  contains: def(2, 2, 'boolean', (a) => strict(a, isString, () => (a[0] as string).includes(a[1] as string))),
  position: def(2, 2, 'number', (a) => strict(a, isString, () => (a[0] as string).indexOf(a[1] as string))),
  trim: trimmer((s, c) => trimEnd(trimStart(s, c), c)),
  ltrim: trimmer(trimStart),
  rtrim: trimmer(trimEnd),
  replace: def(3, 4, 'string', replace),
  split: def(1, 2, 'array', split),
  concat: def(2, Infinity, 'string', (a) => strict(a, isString, () => (a as string[]).join(''))),
  repeat: def(2, 2, 'string', (a) =>
    strict(a, (v, i) => (i === 0 ? isString(v) : isNumber(v)), () => {
      const n = a[1] as number;
      if (n < 0 || !Number.isInteger(n)) return null;
      // A billion repetitions would throw a RangeError (a 5000 internal error), a few hundred million eat the heap.
      if (n * (a[0] as string).length > MAX_REPEAT_LENGTH) throw new QueryError('EVALUATION', 'Out of range evaluating REPEAT().');
      return (a[0] as string).repeat(n);
    }),
  ),
  regexp_contains: def(2, 2, 'boolean', (a) => strict(a, isString, () => boundedTest(safeRegExp(a[1] as string), a[0] as string, 'REGEXP_CONTAINS'))),
  regexp_like: def(2, 2, 'boolean', (a) => strict(a, isString, () => boundedTest(safeRegExp(`^(?:${a[1] as string})$`), a[0] as string, 'REGEXP_LIKE'))),
};

// JavaScript's regular expressions backtrack (the real service's RE2 does not): a pattern
// such as `(a+)+$` on thirty `a`s and a `!` runs for minutes and would freeze every
// service of the dev cluster. A match therefore runs in a vm context, whose timeout can
// interrupt it; the cost is some tens of microseconds per call.
const matchContext = createContext({ re: /$^/, s: '' });
const matchScript = new Script('re.test(s)');

/** `re.test(s)` within {@link REGEXP_BUDGET_MS}; NULL for an invalid pattern. */
function boundedTest(re: RegExp | undefined, s: string, fn: string): Value {
  if (re === undefined) return null;
  matchContext.re = re;
  matchContext.s = s;
  try {
    return matchScript.runInContext(matchContext, { timeout: REGEXP_BUDGET_MS }) === true;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
    throw new QueryError('EVALUATION', `${fn}() took longer than ${REGEXP_BUDGET_MS} ms: the pattern backtracks too much for this dev cluster's regular expressions`);
  } finally {
    matchContext.re = undefined;
    matchContext.s = '';
  }
}

/** A regular expression, or undefined when the pattern is invalid (the function is then NULL). */
function safeRegExp(src: string): RegExp | undefined {
  try {
    return new RegExp(src, 'u');
  } catch {
    return undefined;
  }
}
