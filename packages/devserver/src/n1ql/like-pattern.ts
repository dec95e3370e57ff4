/**
 * LIKE patterns: `%` matches any run of characters, `_` exactly one (code point), and a
 * backslash escapes the next character (the real default escape). Compiled patterns are
 * cached because the same pattern is normally applied to every scanned row.
 *
 * Matched with the two-pointer wildcard algorithm, not a regular expression: a
 * backtracking RegExp such as `^.*a.*a.*a.*a.*b$` takes exponential time on a string of
 * `a`s (a hostile `LIKE "%a%a%a%a%a%a%a%b"` froze the whole dev cluster for seconds per
 * row), while this is at worst O(pattern × string), as the real service's RE2 is.
 */

/** One element of a compiled pattern: a literal code point, `_` (one) or `%` (any run). */
type Token = string | typeof ONE | typeof ANY;
const ONE = 1;
const ANY = 2;

/** A compiled LIKE pattern. */
export interface LikePattern {
  /** True when the whole of `s` matches. */
  test(s: string): boolean;
}

const cache = new Map<string, LikePattern>();
const MAX_CACHE = 512;

function compile(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === '\\' && i + 1 < chars.length) tokens.push(chars[++i]!);
    else if (c === '%') {
      // Consecutive `%` are one.
      if (tokens[tokens.length - 1] !== ANY) tokens.push(ANY);
    } else if (c === '_') tokens.push(ONE);
    else tokens.push(c);
  }
  return tokens;
}

function matches(tokens: readonly Token[], s: string): boolean {
  const chars = Array.from(s);
  let i = 0;
  let j = 0;
  // The last `%` seen and where its run started: on a mismatch, it absorbs one more character.
  let star = -1;
  let mark = 0;
  while (i < chars.length) {
    const t = tokens[j];
    if (t === ANY) {
      star = j++;
      mark = i;
    } else if (t !== undefined && (t === ONE || t === chars[i])) {
      i++;
      j++;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (tokens[j] === ANY) j++;
  return j === tokens.length;
}

/** The matcher of a LIKE pattern. */
export function likePattern(pattern: string): LikePattern {
  let p = cache.get(pattern);
  if (p !== undefined) return p;
  const tokens = compile(pattern);
  p = { test: (s) => matches(tokens, s) };
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pattern, p);
  return p;
}
